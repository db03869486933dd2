import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot, send } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

describe('staff notifications in the admin (zh-Hans)', () => {
  it('an agent sees the unread count rise when a case is assigned to them, and opens it from the list', async () => {
    const agentToken = await adminToken('agent@demo.local');
    const adminTokenValue = await adminToken('admin@demo.local');
    // Other browser tests of the run may have notified the agent already (the seed leaves nobody a pile: test/foundation/seed.test.ts).
    const before = (await api(agentToken, '/after-sales/notifications/unread-count')).data.count as number;

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    const widget = page.getByTestId('notifications-unread');
    await widget.waitFor();
    await page.getByText('我的通知').first().waitFor();
    const countText = (n: number) => (n === 0 ? '没有未读通知' : `${n} 条未读`);
    await widget.getByText(countText(before)).waitFor();

    // A new case, assigned to the agent by the administrator in the Content Manager.
    const intake = await fetch(`${BASE_URL}/api/after-sales/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { kind: 'feedback', channel: 'hotline', type: 'quality', severity: 'general', customer: { name: '孙丽', email: 'sun.li@example.cn' }, symptom: '遥控器按键失灵' } }),
    });
    expect(intake.status).toBe(201);
    const { reference } = ((await intake.json()) as { data: { reference: string } }).data;
    const found = await api(adminTokenValue, `/content-manager/collection-types/api::feedback.feedback?filters[reference][$eq]=${reference}`);
    const documentId = found.results[0].documentId as string;
    // The agent is a member of the case's department, so the new case itself is news to them too:
    // count from after that notice.
    const deadline = Date.now() + 15000;
    let base = before;
    while (base === before && Date.now() < deadline) {
      base = (await api(agentToken, '/after-sales/notifications/unread-count')).data.count as number;
      if (base === before) await new Promise((r) => setTimeout(r, 500));
    }
    const me = (await api(agentToken, '/admin/users/me')).data;
    const assigned = await send(adminTokenValue, 'PUT', `/content-manager/collection-types/api::feedback.feedback/${documentId}`, { assignee: { connect: [{ id: me.id }] } });
    expect(assigned.status).toBe(200);

    // The widget and the menu bell count again on their own (polled), without reloading the page.
    await widget.getByText(countText(base + 1)).waitFor({ timeout: 45000 });
    await page
      .getByTestId('notifications-menu-badge')
      .getByText(String(base + 1))
      .waitFor();
    const entry = page.getByTestId('widget-notifications').getByText(`工单 ${reference} 分派给了您`);
    await entry.waitFor();
    await screenshot(page, 'agent-notifications-widget-zh-hans');

    await entry.click();
    await page.waitForURL(new RegExp(`/admin/plugins/after-sales/cases/[^/]+/${documentId}`));
    expect(decodeURIComponent(page.url())).toContain(`/cases/api::feedback.feedback/${documentId}`);
    // Opening it marked it read.
    expect((await api(agentToken, '/after-sales/notifications/unread-count')).data.count).toBe(base);

    // The notifications page lists it, in Chinese, with the choices of how to be told.
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/notifications`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '通知' }).first().waitFor();
    await page.getByTestId('notifications-page-list').getByText(`工单 ${reference} 分派给了您`).waitFor();
    await page.getByTestId('notification-preferences').getByText('工单分派给我').waitFor();
    await screenshot(page, 'agent-notifications-page-zh-hans');
    await page.context().close();
  });
});
