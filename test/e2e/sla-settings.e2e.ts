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
    await page.getByText('Saved. New clocks use it').first().waitFor();
    const token = await adminToken('admin@demo.local');
    const stored = await api(token, '/after-sales/sla/calendars/cn-mainland');
    expect(stored.data.calendar.holidays.at(-1)).toEqual({ date: '2026-12-31', name: 'Company closing day' });

    // Monday's afternoon ends before it starts: the error names the field.
    await weekly.getByRole('textbox', { name: 'End (HH:MM)' }).nth(1).fill('12:00');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByTestId('sla-errors').getByText(/data\.weeklyHours\.mon\.1\.end/).waitFor();
    await screenshot(page, 'sla-calendar-error');
    await page.context().close();
  });

  it('the policies page shows the targets and the escalation chain, in Chinese too', async () => {
    const page = await login(browser, 'admin@demo.local', 'zh-Hans');
    await page.goto(policiesUrl, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '服务时限策略' }).waitFor({ timeout: 120000 });
    // The first active policy is shown (complaints); open the feedback policy.
    await page.getByRole('row', { name: /feedback\.default/ }).getByRole('button').click();
    await page.getByRole('heading', { name: '解决截止' }).waitFor();
    await page.getByTestId('sla-clock-resolveBy').waitFor();
    await page.getByTestId('sla-escalation').waitFor();
    expect(await page.getByTestId('sla-escalation').getByRole('textbox').first().inputValue()).toBe('at-risk');
    await screenshot(page, 'sla-policies-zh');
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
    expect(await clocks.innerText()).toMatch(/working time left|over by .* working time/);
    await screenshot(page, 'sla-panel');
    await page.context().close();
  });
});
