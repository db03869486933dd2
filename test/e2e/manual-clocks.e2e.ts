import type { Browser, Page } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot, send } from './browser';

/**
 * Issue 21, in Chinese, on the case screen: the agent records the judgement (004 二(二)), finds the
 * issue needs R&D, so the root-cause clock starts (004 二(三)); she records the root cause on its own
 * action, before any resolution, and that clock stops while the case stays in progress; after the
 * resolution she logs the callback call with its outcome (004 二(五)), which stops the callback clock.
 * Each step is checked against the SLA clocks the case screen lists and the clock rows the API gives.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const FEEDBACK = 'api::feedback.feedback';
const AGENT = 'agent@demo.local';

/** One workflow action through the API, at the item's current version. */
const step = async (token: string, documentId: string, action: string, data?: Record<string, unknown>) => {
  const { data: current } = await api(token, `/after-sales/workflows/${FEEDBACK}/${documentId}/actions`);
  const res = await send(token, 'POST', `/after-sales/workflows/${FEEDBACK}/${documentId}/actions/${action}`, { version: current.version, ...(data ? { data } : {}) });
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
};
/** The running clocks of the case, as the case screen's API lists them. */
const runningClocks = async (token: string, documentId: string) => ((await api(token, `/after-sales/cases/${FEEDBACK}/${documentId}`)).data.clocks as { clock: string }[]).map((c) => c.clock);
/** The SLA clocks box of the case screen (the header's column titled 服务时限). */
const clocksText = (page: Page) => page.getByTestId('case-header').innerText();
/** Opens an action's form from the side column, fills it and takes the action. */
const takeAction = async (page: Page, title: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) => {
  await page
    .getByTestId('case-actions')
    .getByRole('button', { name: `${title}…` })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: title }).waitFor();
  await fill(dialog);
  await dialog.getByRole('button', { name: title, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
};

describe('the manual’s clocks on the case screen (zh-Hans)', () => {
  it('judgement, root cause on its own action before resolving, and the callback call logged with its outcome stop their clocks', async () => {
    const token = await adminToken(AGENT);
    const me = (await api(token, '/admin/users/me')).data as { id: number };
    const departments = (await api(token, '/content-manager/collection-types/api::department.department?pageSize=20')).results as { code: string; documentId: string }[];
    const afterSales = departments.find((d) => d.code === 'after-sales')!;
    const stamp = String(Date.now()).slice(-8);
    const registered = await send(token, 'POST', '/after-sales/front-desk/cases', {
      data: { channel: 'hotline', type: 'quality', severity: 'general', customer: { name: '钱立', phone: `136${stamp}`, email: `qian.li.${stamp}@example.cn` }, symptom: '打印机连续打印 50 页后卡纸' },
    });
    expect(registered.status).toBe(201);
    const { documentId } = registered.body.data as { documentId: string };
    await step(token, documentId, 'acknowledge');
    await step(token, documentId, 'triage', { type: 'quality', severity: 'general', department: afterSales.documentId, assignee: me.id });
    await step(token, documentId, 'start');
    expect(await runningClocks(token, documentId)).toEqual(expect.arrayContaining(['judgeBy']));
    expect(await runningClocks(token, documentId)).not.toContain('rootCauseBy');

    const page = await login(browser, AGENT, 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/cases/${FEEDBACK}/${documentId}`, { waitUntil: 'networkidle' });
    await page.getByTestId('case-header').getByText('处理中').waitFor({ timeout: 60000 });
    expect(await clocksText(page)).toContain('初步判断截止');

    // 004 二(二): the judgement — it needs R&D. The judgement clock stops, the root-cause clock starts.
    await takeAction(page, '初步可行性判断', async (dialog) => {
      await dialog.getByRole('combobox', { name: '初步判断' }).click();
      await page.getByRole('option', { name: '需研发介入' }).click();
    });
    await page
      .getByTestId('case-header')
      .getByText(/原因分析截止/)
      .waitFor();
    expect(await clocksText(page)).not.toContain('初步判断截止');
    expect(await runningClocks(token, documentId)).toContain('rootCauseBy');

    // 004 二(三): the root cause on its own action, before any resolution; the case stays in progress.
    await takeAction(page, '记录根因分析', async (dialog) => {
      await dialog.getByRole('textbox', { name: '根本原因' }).fill('搓轮材质耐磨性不足');
    });
    await page.waitForFunction(() => !document.querySelector('[data-testid="case-header"]')?.textContent?.includes('原因分析截止'), undefined, { timeout: 30000 });
    await page.getByTestId('case-header').getByText('处理中').waitFor();
    expect(await runningClocks(token, documentId)).not.toContain('rootCauseBy');
    await screenshot(page, 'case-root-cause-recorded-zh');

    // Resolved: the callback clock runs (3 working days); logging the call with its outcome stops it.
    await step(token, documentId, 'resolve', { resolutionSummary: '更换搓轮' });
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByTestId('case-header').getByText('已解决').waitFor({ timeout: 60000 });
    expect(await clocksText(page)).toContain('回访截止');
    await takeAction(page, '登记电话回访', async (dialog) => {
      await dialog.getByRole('combobox', { name: '回访结果' }).click();
      await page.getByRole('option', { name: '已解决' }).click();
      await dialog.getByRole('textbox', { name: '备注' }).fill('已电话回访,客户确认卡纸问题已解决');
    });
    await page.getByTestId('case-header').getByText('回访中').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="case-header"]')?.textContent?.includes('回访截止'), undefined, { timeout: 30000 });
    expect(await runningClocks(token, documentId)).not.toContain('callbackBy');
    const stored = (await api(token, `/content-manager/collection-types/${FEEDBACK}/${documentId}`)).data as { judgement: string; rootCause: string; callbackOutcome: string; state: string };
    expect(stored).toMatchObject({ judgement: 'needs-rnd', rootCause: '搓轮材质耐磨性不足', callbackOutcome: 'solved', state: 'callback' });
    await screenshot(page, 'case-callback-logged-zh');
    await page.context().close();
  });
});
