import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const calendarsUrl = `${BASE_URL}/admin/settings/after-sales/sla-calendars`;
const policiesUrl = `${BASE_URL}/admin/settings/after-sales/sla-policies`;

describe('SLA settings pages and the SLA section of the workflow panel', () => {
  it('an administrator adds a holiday to the default calendar; a wrong time is named', async () => {
    const page = await login(browser, 'admin@demo.local');
    await page.goto(calendarsUrl, { waitUntil: 'networkidle' });
    const weekly = page.getByTestId('sla-weekly-hours');
    await weekly.waitFor({ timeout: 120000 });
    await weekly.getByText('Monday').waitFor();
    const holidays = page.getByTestId('sla-holidays');
    expect(await holidays.getByRole('textbox').first().inputValue()).toBe('2026-01-01');

    await holidays.getByRole('button', { name: 'Add a date' }).click();
    const boxes = holidays.getByRole('textbox');
    const count = await boxes.count();
    await boxes.nth(count - 2).fill('2026-12-31');
    await boxes.nth(count - 1).fill('Company closing day');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('Saved. Running clocks on this calendar are counted again').first().waitFor();
    const token = await adminToken('admin@demo.local');
    const stored = await api(token, '/after-sales/sla/calendars/cn-mainland');
    expect(stored.data.calendar.holidays.at(-1)).toEqual({ date: '2026-12-31', name: 'Company closing day' });

    // Monday's afternoon ends before it starts: the error names the field.
    await weekly.getByRole('textbox', { name: 'End (HH:MM)' }).nth(1).fill('12:00');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page
      .getByTestId('sla-errors')
      .getByText(/data\.weeklyHours\.mon\.1\.end/)
      .waitFor();
    await screenshot(page, 'sla-calendar-error');
    await page.context().close();
  });

  it('in Chinese, the calendars page warns that the notices end and lists the provisional holidays after them', async () => {
    const page = await login(browser, 'admin@demo.local', 'zh-Hans');
    await page.goto(calendarsUrl, { waitUntil: 'networkidle' });
    // The shipped calendar lists 2026; from 1 November 2026 on, the page warns.
    const warning = page.getByTestId('sla-coverage-warning');
    await warning.waitFor({ timeout: 120000 });
    await warning.getByText(/节假日仅列到 \d{4}-12-31/).waitFor();
    await warning.getByText(/暂定假日/).waitFor();
    const provisional = page.getByTestId('sla-provisional-holidays');
    await provisional
      .getByText(/\d{4}-\d{2}-\d{2} · 春节 Spring Festival · 暂定/)
      .first()
      .waitFor();
    expect(await page.getByRole('checkbox', { name: '中国大陆法定节假日' }).isChecked()).toBe(true);
    await screenshot(page, 'sla-calendar-provisional-zh');
    await page.context().close();
  });

  it('the policies page shows the targets and the escalation chain, in Chinese too', async () => {
    const page = await login(browser, 'admin@demo.local', 'zh-Hans');
    await page.goto(policiesUrl, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '服务时限策略' }).waitFor({ timeout: 120000 });
    // The first active policy is shown (complaints); open the feedback policy.
    await page
      .getByRole('row', { name: /feedback\.default/ })
      .getByRole('button')
      .click();
    await page.getByRole('heading', { name: '解决截止' }).waitFor();
    await page.getByTestId('sla-clock-resolveBy').waitFor();
    await page.getByTestId('sla-escalation').waitFor();
    expect(await page.getByTestId('sla-escalation').getByRole('textbox').first().inputValue()).toBe('at-risk');
    await screenshot(page, 'sla-policies-zh');
    await page.context().close();
  });

  it('in Chinese, each built-in clock says whether the manual sets it (citing the line) or it is our default, with its unit', async () => {
    const page = await login(browser, 'admin@demo.local', 'zh-Hans');
    await page.goto(policiesUrl, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '服务时限策略' }).waitFor({ timeout: 120000 });
    await page
      .getByRole('row', { name: /feedback\.default/ })
      .getByRole('button')
      .click();
    await page.getByTestId('sla-clock-respondBy').waitFor();
    const badge = (clock: string) => page.getByTestId(`sla-source-${clock}-badge`).innerText();
    for (const clock of ['recordBy', 'respondBy', 'judgeBy', 'rootCauseBy', 'informBy', 'callbackBy']) expect([clock, await badge(clock)]).toEqual([clock, '手册规定']);
    for (const clock of ['acknowledgeBy', 'resolveBy', 'surveyReplyBy']) expect([clock, await badge(clock)]).toEqual([clock, '本系统默认']);
    expect(await page.getByTestId('sla-source-respondBy').inputValue()).toContain('004 二(一) 首次响应确认');
    expect(await page.getByTestId('sla-source-rootCauseBy').inputValue()).toContain('004 二(三)');
    // The promise counts working hours (24 general, 48 complex), as its rules say.
    const promise = page.getByTestId('sla-clock-respondBy');
    expect(await promise.getByRole('combobox', { name: '单位' }).allInnerTexts()).toEqual(['工作小时', '工作小时']);
    await screenshot(page, 'sla-policy-sources-zh');

    await page
      .getByRole('row', { name: /service-record\.default/ })
      .getByRole('button')
      .click();
    await page.getByTestId('sla-clock-archiveBy').waitFor();
    expect(await badge('archiveBy')).toBe('手册规定');
    expect(await page.getByTestId('sla-source-archiveBy').inputValue()).toContain('001 二.5(4)');
    expect(await page.getByTestId('sla-clock-archiveBy').getByRole('combobox', { name: '单位' }).allInnerTexts()).toEqual(['工作日']);
    await page.context().close();
  });

  it('in Chinese, the dashboard warns that the holiday notices run out, as the calendars page does', async () => {
    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/dashboard`, { waitUntil: 'networkidle' });
    const widget = page.getByTestId('section-after-sales.sla.calendar-coverage');
    await widget.getByRole('heading', { name: '节假日日历' }).waitFor({ timeout: 120000 });
    for (const header of ['日历', '节假日列到', '需导入新通知']) await widget.locator('thead').getByText(header, { exact: true }).waitFor();
    // Run within 60 days of the shipped calendar's last date (2026-12-31), or of a later year's.
    const text = await widget.innerText();
    expect(text).toMatch(/注意 — 中国大陆工作日历.*节假日仅列到 \d{4}-12-31（还剩 \d+ 天），之后按法定规则推算的暂定假日计算/);
    expect(text).toContain('请在 设置 → 售后 → 服务时限日历 导入国务院的下一份节假日通知');
    await screenshot(page, 'dashboard-calendar-warning-zh');
    await page.context().close();
  });

  it('in Chinese, an escalated case shows its escalation level beside its unchanged severity on the case screen', async () => {
    const token = await adminToken('manager@demo.local');
    // The SLA sweep escalates the seeded overdue items within a minute or two of the start.
    let target: { documentId: string; escalationLevel: string; severity: string } | undefined;
    for (const deadline = Date.now() + 240000; !target && Date.now() < deadline; ) {
      const { results } = await api(token, '/content-manager/collection-types/api::feedback.feedback?page=1&pageSize=100');
      target = results.find((r: { escalationLevel: string | null; severity: string | null }) => r.escalationLevel && r.severity);
      if (!target) await new Promise((r) => setTimeout(r, 5000));
    }
    expect(target).toBeDefined();
    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/plugins/after-sales/cases/api::feedback.feedback/${target!.documentId}`, { waitUntil: 'networkidle' });
    const header = page.getByTestId('case-header');
    await header.waitFor({ timeout: 120000 });
    const level = { 'at-risk': '即将超时', breached: '已超时', overdue: '严重超时' }[target!.escalationLevel]!;
    expect(await header.getByTestId('case-escalation-level').innerText()).toBe(level);
    // The severity stays the customer's classification, in Chinese (it showed the stored English word before).
    const severity = { urgent: '紧急', important: '重要', general: '一般', suggestion: '功能建议' }[target!.severity]!;
    expect(await header.getByTestId('case-severity').innerText()).toBe(severity);
    await screenshot(page, 'case-escalation-level-zh');
    await page.context().close();
  });

  it('an administrator adds a stop event to a clock, sees an empty field named, and removes it again', async () => {
    const token = await adminToken('admin@demo.local');
    const listed = await api(token, '/after-sales/sla/policies');
    const policy = listed.data.find((row: { id: string }) => row.id === 'feedback.default').policy;
    const index = policy.clocks.findIndex((clock: { field: string }) => clock.field === 'acknowledgeBy');
    const stops = policy.clocks[index].stop.length;
    const firstState = listed.workflows.feedback.states[0];

    const page = await login(browser, 'admin@demo.local');
    await page.goto(policiesUrl, { waitUntil: 'networkidle' });
    await page
      .getByRole('row', { name: /feedback\.default/ })
      .getByRole('button')
      .click();
    const lifecycle = page.getByTestId('sla-lifecycle-acknowledgeBy');
    await lifecycle.waitFor({ timeout: 120000 });
    // The lists are start, stop, restart, cancel: the second "Add an event" adds a stop event.
    await lifecycle.getByRole('button', { name: 'Add an event' }).nth(1).click();
    const added = page.getByTestId(`sla-event-acknowledgeBy-stop-${stops}`);
    await added.waitFor();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('Saved. New clocks use it').first().waitFor();
    const saved = (await api(token, '/after-sales/sla/policies')).data.find((row: { id: string }) => row.id === 'feedback.default').policy;
    expect(saved.clocks[index].stop).toHaveLength(stops + 1);
    expect(saved.clocks[index].stop[stops]).toEqual({ enter: firstState });

    // "A field is filled in" with no field name: not saved, and the error names the event's field.
    await added.getByRole('combobox').first().click();
    await page.getByRole('option', { name: 'a field is filled in' }).click();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page
      .getByTestId('sla-errors')
      .getByText(new RegExp(`data\\.clocks\\.${index}\\.stop\\.${stops}\\.set`))
      .waitFor();

    await added.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('button', { name: 'Save' }).first().click();
    // The first save's notification may still be up: wait for the stored policy instead.
    let restored = saved;
    for (let tries = 0; tries < 60 && restored.clocks[index].stop.length !== stops; tries++) {
      await page.waitForTimeout(500);
      restored = (await api(token, '/after-sales/sla/policies')).data.find((row: { id: string }) => row.id === 'feedback.default').policy;
    }
    expect(restored.clocks[index].stop).toEqual(policy.clocks[index].stop);
    await page.context().close();
  });

  it('a feedback item shows its running SLA clocks with the working time left', async () => {
    const token = await adminToken('admin@demo.local');
    const list = await api(token, '/content-manager/collection-types/api::feedback.feedback?page=1&pageSize=10&filters[state][$eq]=received');
    const [item] = list.results;
    expect(item).toBeDefined();
    const page = await login(browser, 'admin@demo.local');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/api::feedback.feedback/${item.documentId}`, { waitUntil: 'networkidle' });
    const clocks = page.getByTestId('sla-clocks');
    await clocks.waitFor({ timeout: 120000 });
    await clocks.getByText('Acknowledge by').waitFor();
    // Time left in working time, or how long ago it was due in calendar time (one formatter everywhere).
    expect(await clocks.innerText()).toMatch(/working time left|overdue by \d+ (d|h|min)/);
    await screenshot(page, 'sla-panel');
    await page.context().close();
  });
});
