import type { Browser } from 'playwright-core';
import { BASE_URL, REPORTS_PATH, adminToken, api, businessMonth, launch, login, screenshot } from './browser';

/**
 * The departments approving a serious complaint's plan, chosen in the complaint workflow's settings;
 * and reports in the Chinese admin (#25, 001 三.2 and 三.4): the complaint rate's base imported from a
 * pasted CSV (preview with each problem on its line and column, then saved), and the complaint
 * archive listed by customer on screen and as a CSV, with the customer's phone as the role reads it.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const APPROVERS_API = `${BASE_URL}/after-sales/extensions/after-sales.complaint-workflow/configuration`;
const DEFAULT_APPROVERS = ['after-sales', 'sales', 'technical', 'quality'];
const approvers = async (): Promise<string[]> => {
  const res = await fetch(APPROVERS_API, { headers: { Authorization: `Bearer ${await adminToken('admin@demo.local')}` } });
  return (await res.json()).data.values.seriousPlanApprovers;
};

describe('the approvers of a serious complaint’s plan, in zh-Hans', () => {
  afterAll(async () => {
    await fetch(APPROVERS_API, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${await adminToken('admin@demo.local')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { seriousPlanApprovers: DEFAULT_APPROVERS } }),
    });
  });

  it('are chosen in the complaint workflow’s settings; an unknown department is refused under the field', async () => {
    const page = await login(browser, 'admin@demo.local', 'zh-Hans', '/admin/settings/after-sales/extensions');
    await page.getByRole('heading', { name: '扩展' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'after-sales.complaint-workflow' });
    await row.getByRole('button', { name: '设置' }).click();
    const dialog = page.getByRole('dialog');
    const field = dialog.getByLabel('审批严重投诉处理方案的部门');
    await field.waitFor({ timeout: 30000 });
    expect((await field.inputValue()).split('\n')).toEqual(DEFAULT_APPROVERS);
    await field.fill('after-sales\nquality\nnope-dept');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('没有部门“nope-dept”').waitFor({ timeout: 30000 });
    await screenshot(page, 'complaint-approvers-refused-zh');
    expect(await approvers()).toEqual(DEFAULT_APPROVERS);

    await field.fill('after-sales\nquality');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30000 });
    expect(await approvers()).toEqual(['after-sales', 'quality']);
    await page.context().close();
  });
});

describe('complaint reports in zh-Hans', () => {
  it('imports the complaint rate base: the preview names each bad line and column, a clean preview is saved', async () => {
    const page = await login(browser, 'manager@demo.local', 'zh-Hans', REPORTS_PATH);
    const form = page.getByTestId('volume-import');
    await form.getByRole('heading', { name: '投诉率基数：各部门订单数与交付数' }).waitFor({ timeout: 30000 });
    const csv = form.getByLabel('CSV 内容');
    await csv.fill('month,department,orders,deliveries\n2026-10,sales,420,-3\n2026-10,no-such-unit,10,');
    await form.getByRole('button', { name: '预览' }).click();
    const problems = form.getByTestId('volume-problems');
    await problems.getByText('第 2 行 · 交付数：须为不小于 0 的整数，未知时留空').waitFor({ timeout: 30000 });
    await screenshot(page, 'complaint-rate-base-problems-zh');
    expect(await form.getByRole('button', { name: '保存基数' }).isDisabled()).toBe(true);

    await csv.fill('month,department,orders,deliveries\n2026-10,sales,420,400\n2026-10,nope-unit,10,');
    await form.getByRole('button', { name: '预览' }).click();
    await problems.getByText('第 3 行 · 部门：没有代码为“nope-unit”的部门').waitFor({ timeout: 30000 });

    await csv.fill('month,department,orders,deliveries\n2026-10,sales,420,400\n2026-10,after-sales,610,');
    await form.getByRole('button', { name: '预览' }).click();
    const preview = form.getByTestId('volume-preview');
    for (const header of ['行', '月份', '部门', '订单数', '交付数']) await preview.locator('thead').getByText(header, { exact: true }).waitFor({ timeout: 30000 });
    const second = preview.getByRole('row').filter({ hasText: '610' });
    expect((await second.locator('td').allInnerTexts()).map((t) => t.trim())).toEqual(['3', '2026-10', expect.any(String), '610', '—']);
    await screenshot(page, 'complaint-rate-base-preview-zh');
    await form.getByRole('button', { name: '保存基数' }).click();
    await page.getByText('已保存 2 行').waitFor({ timeout: 30000 });

    const token = await adminToken('manager@demo.local');
    const saved = await api(token, '/after-sales/complaint-rates/volumes?from=2026-10&to=2026-10');
    expect(saved.data.map((v: { department: string; orders: number; deliveries: number | null }) => [v.department, v.orders, v.deliveries])).toEqual([
      ['after-sales', 610, null],
      ['sales', 420, 400],
    ]);
    await page.context().close();
  });

  it('lists the month’s complaints by customer, with the phone in full for the manager and not for quality, and exports them', async () => {
    const name = `归档客户${Date.now().toString(36)}`;
    const res = await fetch(`${BASE_URL}/api/after-sales/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { kind: 'complaint', channel: 'website', customer: { name, phone: '13812345678' }, symptom: '宝宝微电影画面卡顿，已交付三次' } }),
    });
    expect(res.status).toBe(201);

    const page = await login(browser, 'manager@demo.local', 'zh-Hans', REPORTS_PATH);
    const archive = page.getByTestId('complaint-archive');
    await archive.getByRole('heading', { name: '投诉归档' }).waitFor({ timeout: 30000 });
    await archive.getByLabel('起始月份').fill(businessMonth());
    await archive.getByLabel('截止月份').fill(businessMonth());
    await archive.getByRole('combobox', { name: '分类方式' }).click();
    await page.getByRole('option', { name: '按客户' }).click();
    await archive.getByRole('button', { name: '显示清单' }).click();
    const group = archive.getByTestId('archive-group').filter({ has: page.getByRole('heading', { name: `${name}（1 件）` }) });
    await group.waitFor({ timeout: 30000 });
    for (const header of ['编号', '登记日期', '客户', '电话', '产品', '严重程度', '原因', '责任部门/责任人', '状态']) await group.locator('thead').getByText(header, { exact: true }).waitFor();
    const row = group.getByRole('row').filter({ hasText: name });
    const phone = (await row.locator('td').nth(3).innerText()).trim();
    expect(phone.replace(/\D/g, '')).toContain('13812345678');
    await screenshot(page, 'complaint-archive-by-customer-zh');
    const [download] = await Promise.all([page.waitForEvent('download'), archive.getByRole('button', { name: '下载 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`complaint-archive-${businessMonth()}-${businessMonth()}-customer.csv`);
    await page.context().close();

    // Quality reads reports but no customer contact data: the same list, without the number.
    const qualityPage = await login(browser, 'quality@demo.local', 'zh-Hans', REPORTS_PATH);
    const theirs = qualityPage.getByTestId('complaint-archive');
    await theirs.getByRole('heading', { name: '投诉归档' }).waitFor({ timeout: 30000 });
    await theirs.getByLabel('起始月份').fill(businessMonth());
    await theirs.getByLabel('截止月份').fill(businessMonth());
    await theirs.getByRole('combobox', { name: '分类方式' }).click();
    await qualityPage.getByRole('option', { name: '按客户' }).click();
    await theirs.getByRole('button', { name: '显示清单' }).click();
    const masked = theirs.getByTestId('archive-group').filter({ has: qualityPage.getByRole('heading', { name: `${name}（1 件）` }) });
    await masked.waitFor({ timeout: 30000 });
    const theirPhone = (await masked.getByRole('row').filter({ hasText: name }).locator('td').nth(3).innerText()).trim();
    expect(theirPhone.replace(/\D/g, '')).not.toContain('12345678');
    // Quality may not import the base: the form is not offered.
    expect(await qualityPage.getByTestId('volume-import').count()).toBe(0);
    await screenshot(qualityPage, 'complaint-archive-masked-zh');
    await qualityPage.context().close();
  });
});
