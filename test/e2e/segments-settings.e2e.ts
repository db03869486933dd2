import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot, send } from './browser';

/**
 * Settings → After-sales → 客户分级 in the Chinese admin: the manager (segments.manage) lists the
 * segments with their rules in words, adds 「战略客户」, edits it (a bad priority is refused at the
 * field), re-evaluates every customer and deletes it; an agent has no such page and cannot change segments.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

type Segment = { key: string; title: { en: string; 'zh-Hans': string }; priority: number; rules: Record<string, unknown>[]; isDefault: boolean };
const PAGE = '/admin/settings/after-sales/customer-segments';

describe('customer segments settings (zh-Hans)', () => {
  it('the manager adds 战略客户 with a rule, edits its priority, re-evaluates every customer and deletes it', async () => {
    const manager = await adminToken('manager@demo.local');
    const key = `strategic-${String(Date.now()).slice(-6)}`;
    const page = await login(browser, 'manager@demo.local', 'zh-Hans', '/admin/settings');
    await page.getByRole('link', { name: '客户分级', exact: true }).click();
    await page.getByRole('heading', { name: '客户分级', exact: true }).waitFor({ timeout: 30000 });
    expect(page.url()).toBe(`${BASE_URL}${PAGE}`);
    await page.getByText('一个分级只要任一条规则成立即适用；一条规则须其中的所有条件都成立。', { exact: false }).waitFor();

    // The built-in segments, their rules in words; they cannot be deleted.
    const builtIn = page.getByTestId('segment-key');
    await builtIn.getByText('重点客户', { exact: true }).waitFor();
    await builtIn.getByText('服务合同', { exact: true }).waitFor();
    await builtIn.getByText('或 拥有 ≥ 3 台设备', { exact: true }).waitFor();
    await builtIn.getByText('内置分级或默认分级不能删除', { exact: true }).waitFor();
    expect(await builtIn.getByRole('button', { name: '删除', exact: true }).count()).toBe(0);
    await page.getByTestId('segment-regular').getByText('默认', { exact: true }).waitFor();

    // Adding: a bad key is refused at the field before anything is sent.
    await page.getByRole('button', { name: '添加分级', exact: true }).click();
    const form = page.getByRole('dialog', { name: '添加分级' });
    await form.getByLabel('标识').fill('Strategic Key');
    await form.getByLabel('中文名称').fill('战略客户');
    await form.getByLabel('英文名称').fill('Strategic');
    await form.getByLabel('优先级').fill('5');
    await form.getByTestId('segment-rule-0').getByLabel('拥有设备至少（台）').fill('10');
    await form.getByRole('button', { name: '保存分级', exact: true }).click();
    await form.getByText('请使用 1 到 40 个小写字母、数字或“-”，以字母开头。', { exact: true }).waitFor();
    expect((await api<{ data: Segment[] }>(manager, '/after-sales/segments')).data.some((s) => s.title['zh-Hans'] === '战略客户')).toBe(false);
    await form.getByLabel('标识').fill(key);
    await form.getByRole('button', { name: '保存分级', exact: true }).click();
    await page.getByText('分级已保存。', { exact: true }).first().waitFor();
    await form.waitFor({ state: 'detached' });

    const row = page.getByTestId(`segment-${key}`);
    await row.getByText('战略客户', { exact: true }).waitFor();
    await row.getByText('拥有 ≥ 10 台设备', { exact: true }).waitFor();
    await row.getByText('5', { exact: true }).waitFor();
    let saved = (await api<{ data: Segment[] }>(manager, '/after-sales/segments')).data.find((s) => s.key === key);
    expect(saved).toMatchObject({ title: { en: 'Strategic', 'zh-Hans': '战略客户' }, priority: 5, rules: [{ minUnits: 10 }], isDefault: false });
    await screenshot(page, 'segments-settings-added-zh');

    // Editing: a priority out of range is the server's 400, shown at the field in Chinese; nothing is written.
    await row.getByRole('button', { name: '编辑', exact: true }).click();
    const edit = page.getByRole('dialog', { name: '编辑分级' });
    expect(await edit.getByLabel('中文名称').inputValue()).toBe('战略客户');
    await edit.getByLabel('优先级').fill('20000');
    await edit.getByRole('button', { name: '保存分级', exact: true }).click();
    await edit.getByText('必须是 0 到 10000 之间的整数', { exact: true }).waitFor();
    await screenshot(page, 'segments-settings-field-error-zh');
    expect((await api<{ data: Segment[] }>(manager, '/after-sales/segments')).data.find((s) => s.key === key)?.priority).toBe(5);
    await edit.getByLabel('优先级').fill('1');
    await edit.getByRole('button', { name: '添加规则', exact: true }).click();
    await edit.getByTestId('segment-rule-1').getByRole('combobox', { name: '服务合同', exact: true }).click();
    await page.getByRole('option', { name: '签有服务合同', exact: true }).click();
    // A third rule: customers without a service contract.
    await edit.getByRole('button', { name: '添加规则', exact: true }).click();
    await edit.getByTestId('segment-rule-2').getByRole('combobox', { name: '服务合同', exact: true }).click();
    await page.getByRole('option', { name: '未签服务合同', exact: true }).click();
    await edit.getByRole('button', { name: '保存分级', exact: true }).click();
    await edit.waitFor({ state: 'detached' });
    await row.getByText('1', { exact: true }).waitFor();
    await row.getByText('或 服务合同', { exact: true }).waitFor();
    await row.getByText('或 无服务合同', { exact: true }).waitFor();
    saved = (await api<{ data: Segment[] }>(manager, '/after-sales/segments')).data.find((s) => s.key === key);
    expect(saved).toMatchObject({ priority: 1, rules: [{ minUnits: 10 }, { contract: true }, { contract: false }] });
    // Listed by priority: 战略客户 (1) before 重点客户.
    const order = await page.locator('[data-testid^="segment-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(order.indexOf(`segment-${key}`)).toBeLessThan(order.indexOf('segment-key'));

    // Re-evaluating every customer now: what it did, in a notification.
    await page.getByRole('button', { name: '立即重新评估全部客户', exact: true }).click();
    await page
      .getByText(/^已重新评估 [1-9]\d* 位客户，其中 \d+ 位的分级有变化。$/)
      .first()
      .waitFor();
    await screenshot(page, 'segments-settings-evaluated-zh');

    // Deleting, after a confirmation.
    await row.getByRole('button', { name: '删除', exact: true }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('确定删除「战略客户」？该分级的客户将按规则重新分级。', { exact: true }).waitFor();
    await confirm.getByRole('button', { name: '删除', exact: true }).click();
    await page.getByText('分级已删除，其客户已重新分级。', { exact: true }).first().waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await api<{ data: Segment[] }>(manager, '/after-sales/segments')).data.some((s) => s.key === key)).toBe(false);
    expect(await page.locator('main').innerText()).not.toMatch(/Customer segments|Add a segment|Re-evaluate|Priority|Rules|Default|owns|service contract/);
    await page.context().close();
  });

  it('an agent (without segments.manage) does not find the page among the settings, reads it only by its address, and cannot change segments', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans', PAGE);
    // Not listed among the settings (the manager's list has it, see above); opened by its address, read-only.
    await page.getByRole('link', { name: '概览', exact: true }).waitFor({ timeout: 30000 });
    expect(await page.getByRole('link', { name: '客户分级', exact: true }).count()).toBe(0);
    await page.getByText('只有拥有“管理客户分级”权限的人员可以修改分级。', { exact: true }).waitFor();
    await page.getByTestId('segment-key').getByText('或 拥有 ≥ 3 台设备', { exact: true }).waitFor();
    for (const name of ['添加分级', '立即重新评估全部客户', '编辑', '删除']) expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    await screenshot(page, 'segments-settings-agent-zh');
    await page.context().close();

    const agent = await adminToken('agent@demo.local');
    const put = await send(agent, 'PUT', '/after-sales/segments/strategic', { title: { en: 'Strategic', 'zh-Hans': '战略客户' }, rules: [{ minUnits: 10 }] });
    expect(put.status).toBe(403);
    expect((await send(agent, 'POST', '/after-sales/segments/evaluate', {})).status).toBe(403);
    expect((await send(agent, 'DELETE', '/after-sales/segments/regular')).status).toBe(403);
  });
});
