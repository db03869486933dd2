import type { Browser, Page } from 'playwright-core';
import { BASE_URL, adminToken, api, caseOfAgent, feedbackThrough, launch, login, screenshot, send } from './browser';

/**
 * The work queues' tags, bulk actions and saved views in the Chinese admin (#23): the manager keeps the
 * tags on Settings → After-sales → Tags; an agent tags, takes and moves a selection in bulk and reads
 * what was refused; an agent saves a private view that a colleague does not see.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const FEEDBACK = 'api::feedback.feedback';
const QUEUES_PATH = '/admin/plugins/after-sales/queues';
type Tag = { id: number; name: string; colour: string; items: number };
type Row = { contentType: string; documentId: string; reference: string; state: string; assignee: { id: number; name: string } | null; tags: { id: number; name: string }[] };

const tagsOf = async (token: string): Promise<Tag[]> => (await api(token, '/after-sales/queues/tags')).data;

/** A tag made by the manager through the API (the Tags page itself is the first test's). */
const createTag = async (name: string, colour: string): Promise<Tag> => {
  const res = await send(await adminToken('manager@demo.local'), 'POST', '/after-sales/queues/tags', { name, colour });
  if (res.status !== 201) throw new Error(`tag ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as Tag;
};

/** Runs a bulk action as the super admin (seeding), failing on any refusal. */
const bulkAsAdmin = async (body: Record<string, unknown>, items: { documentId: string }[]) => {
  const res = await send(await adminToken('admin@demo.local'), 'POST', '/after-sales/queues/bulk', { ...body, items: items.map((i) => ({ contentType: FEEDBACK, documentId: i.documentId })) });
  if (res.status !== 200 || res.body.data.refused) throw new Error(`bulk ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
};

/** A feedback from the customer intake, taken through the given workflow actions by the super admin. */
const feedbackIn = (name: string, email: string, symptom: string, actions: { action: string; data?: Record<string, unknown> }[]) =>
  feedbackThrough({ customer: { name, email }, symptom, product: { model: 'WH-60', batch: 'B-2026-07' }, scenario: '办公室', frequency: '每天', expectedSolution: '维修' }, actions);

const openQueues = async (page: Page) => {
  await page.goto(`${BASE_URL}${QUEUES_PATH}`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { name: '工作队列', exact: true }).waitFor({ timeout: 30000 });
};
/** Waits until the queue table, no longer loading (aria-busy false: the answer to the last filter is in), shows exactly `count` rows. */
const rowsShown = async (page: Page, count: number) => {
  try {
    await page.waitForFunction(
      (n) => {
        const table = document.querySelector('[data-testid="queue-table"]');
        return table?.getAttribute('aria-busy') === 'false' && table.querySelectorAll('tbody tr').length === n;
      },
      count,
      { timeout: 30000 }
    );
  } catch (error) {
    await screenshot(page, `queues-bulk-failed-${count}-rows`);
    throw error;
  }
};
/** Picks an option of one of the page's selects, and waits until the select shows it. */
const pick = async (page: Page, label: string, option: string) => {
  const select = page.getByRole('combobox', { name: label, exact: true });
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await select.getByText(option, { exact: true }).waitFor();
};

describe('the work queues page: tags, bulk actions and saved views', () => {
  it('the manager creates a coloured tag on Settings → After-sales → Tags and renames it, in Chinese', async () => {
    const manager = await adminToken('manager@demo.local');
    const page = await login(browser, 'manager@demo.local', 'zh-Hans', '/admin/settings/after-sales/tags');
    await page.getByRole('heading', { name: '标签', exact: true }).waitFor({ timeout: 30000 });

    await page.getByTestId('tag-name').fill('保修期内');
    await page.getByLabel('颜色', { exact: true }).fill('#e03c31');
    await page.getByRole('button', { name: '添加标签', exact: true }).click();
    await page.getByText('标签已保存。', { exact: true }).first().waitFor();
    const row = page.locator('tbody tr', { hasText: '保修期内' });
    await row.getByText('保修期内', { exact: true }).waitFor();
    // The badge in the tag's colour, its name in white (readable on any colour picked).
    const badge = row.getByText('保修期内', { exact: true });
    expect(await badge.evaluate((el) => getComputedStyle(el.closest('[style]') ?? el).backgroundColor)).toBe('rgb(224, 60, 49)');
    expect(await badge.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)');
    const created = (await tagsOf(manager)).find((t) => t.name === '保修期内');
    expect(created).toMatchObject({ colour: '#e03c31', items: 0 });

    // Renamed: the same tag (same id, same colour), the old name gone from the list and from the server.
    await row.getByRole('button', { name: '编辑', exact: true }).click();
    expect(await page.getByTestId('tag-name').inputValue()).toBe('保修期内');
    await page.getByTestId('tag-name').fill('保修期内·加急');
    await page.getByRole('button', { name: '保存标签', exact: true }).click();
    await page.locator('tbody tr', { hasText: '保修期内·加急' }).getByText('保修期内·加急', { exact: true }).waitFor();
    await page.getByText('保修期内', { exact: true }).waitFor({ state: 'detached' });
    const after = await tagsOf(manager);
    expect(after.find((t) => t.id === created!.id)).toMatchObject({ name: '保修期内·加急', colour: '#e03c31' });
    expect(after.some((t) => t.name === '保修期内')).toBe(false);
    await screenshot(page, 'queues-tags-zh');
    expect(await page.locator('main').innerText()).not.toMatch(/Tags|Add the tag|Save the tag|Edit|Delete|Cases|Name|Colour/);
    await page.context().close();
  });

  it('an agent tags two cases, assigns them to herself and starts both in bulk: one is refused, and the page says why in Chinese', async () => {
    const agent = await adminToken('agent@demo.local');
    const manager = await adminToken('manager@demo.local');
    const admin = await adminToken('admin@demo.local');
    const managerId = (await api(manager, '/admin/users/me')).data.id as number;
    const agentId = (await api(agent, '/admin/users/me')).data.id as number;
    const departments = (await api(admin, '/content-manager/collection-types/api::department.department?pageSize=20')).results as { code: string; documentId: string }[];
    const afterSales = departments.find((d) => d.code === 'after-sales')!;
    const triage = { action: 'triage', data: { type: 'quality', severity: 'general', department: afterSales.documentId, assignee: managerId, judgement: 'update-or-part' } };
    // Two cases of the after-sales department: one classified (it may start), one already in progress (it may not).
    const ready = await feedbackIn('周敏', 'zhou.min@example.cn', '扫描仪进纸歪斜', [{ action: 'acknowledge' }, triage]);
    const started = await feedbackIn('吴刚', 'wu.gang@example.cn', '扫描仪指示灯常亮', [{ action: 'acknowledge' }, triage, { action: 'start' }]);
    // Nobody's yet (both in the agent's "unassigned in my department"), and marked with a tag the agent filters by.
    await bulkAsAdmin({ action: 'assign', assignee: null }, [ready, started]);
    const batch = await createTag('批量演示', '#0c75af');
    const urgent = await createTag('回访优先', '#d02b20');
    await bulkAsAdmin({ action: 'add-tags', tags: [batch.id] }, [ready, started]);

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await openQueues(page);
    await pick(page, '视图', '本部门未分配');
    await pick(page, '标签', '批量演示');
    const table = page.getByTestId('queue-table');
    const rowOf = (reference: string) => table.locator('tbody tr', { hasText: reference });
    await rowsShown(page, 2);
    await rowOf(ready.reference).waitFor();
    await rowOf(started.reference).waitFor();

    // Select both with their checkboxes; add the tag "回访优先".
    const bulk = page.getByTestId('queue-bulk');
    const selectBoth = async () => {
      await table.getByRole('checkbox', { name: ready.reference, exact: true }).click();
      await table.getByRole('checkbox', { name: started.reference, exact: true }).click();
      await bulk.getByText('已选中 2 条', { exact: true }).waitFor();
    };
    await selectBoth();
    await bulk.getByRole('combobox', { name: '标签', exact: true }).click();
    await page.getByRole('option', { name: '回访优先', exact: true }).click();
    await bulk.getByRole('button', { name: '添加标签', exact: true }).click();
    await page.getByText('已完成 2 条，被拒绝 0 条', { exact: true }).first().waitFor();
    for (const item of [ready, started]) await rowOf(item.reference).getByText('回访优先', { exact: true }).waitFor();
    const chip = rowOf(ready.reference).getByText('回访优先', { exact: true });
    expect(await chip.evaluate((el) => [getComputedStyle(el.closest('[style]') ?? el).backgroundColor, getComputedStyle(el).color])).toEqual(['rgb(208, 43, 32)', 'rgb(255, 255, 255)']);

    // Assign both to me: they leave "unassigned" and show in "mine" with my name and both tags.
    await selectBoth();
    await bulk.getByRole('button', { name: '分配给我', exact: true }).click();
    await page.getByTestId('queue-empty').getByText('此视图中没有工单。', { exact: true }).waitFor();
    await pick(page, '视图', '我的工单');
    for (const item of [ready, started]) {
      await rowOf(item.reference).getByText('Li Agent', { exact: true }).waitFor();
      await rowOf(item.reference).getByText('回访优先', { exact: true }).waitFor();
      await rowOf(item.reference).getByText('批量演示', { exact: true }).waitFor();
    }
    const mine = (await api(agent, `/after-sales/queues/items?view=mine&tags=${urgent.id}&limit=100`)).data as Row[];
    expect(mine.map((r) => r.reference).sort()).toEqual([ready.reference, started.reference].sort());
    for (const row of mine) {
      expect(row.assignee?.id).toBe(agentId);
      expect(row.tags.map((t) => t.name).sort()).toEqual(['回访优先', '批量演示'].sort());
    }

    // Start both: the classified case starts, the one in progress is refused, and the summary says why.
    await selectBoth();
    await bulk.getByRole('combobox', { name: '处理步骤', exact: true }).click();
    await page.getByRole('option', { name: '开始处理', exact: true }).click();
    await bulk.getByRole('button', { name: '对选中项执行', exact: true }).click();
    await page.getByText('已完成 1 条，被拒绝 1 条', { exact: true }).first().waitFor();
    const refusals = page.getByTestId('queue-refusals');
    await refusals.getByText('被拒绝', { exact: true }).waitFor();
    await refusals.getByText(`${started.reference}：条目当前状态下不能执行这一步。`, { exact: true }).waitFor();
    expect(await refusals.innerText()).not.toContain(ready.reference);
    await rowOf(ready.reference).getByText('处理中', { exact: true }).waitFor();
    await screenshot(page, 'queues-bulk-zh');
    expect(await page.locator('main').innerText()).not.toMatch(/selected|Assign to me|Refused|Run on the selection|not possible|Nothing in this view/);
    const states = Object.fromEntries(
      await Promise.all([ready, started].map(async (item) => [item.reference, (await api(admin, `/content-manager/collection-types/${FEEDBACK}/${item.documentId}`)).data.state as string]))
    );
    expect(states).toEqual({ [ready.reference]: 'in-progress', [started.reference]: 'in-progress' });
    await page.context().close();
  });

  it('an agent saves a private view from her filters, finds it after a reload with its rows; a colleague does not see it', async () => {
    const agent = await adminToken('agent@demo.local');
    const manager = await adminToken('manager@demo.local');
    // A case of her own (see caseOfAgent), not the first row of "mine": the SLA sweep reassigned that one to the department
    // head when it ran between tagging and filtering, and "mine" with the tag was rightly empty.
    const first = await caseOfAgent({ name: '郑丽', email: 'zheng.li@example.cn' }, '扫描仪卡纸');
    const tag = await createTag('待复核', '#328048');
    await bulkAsAdmin({ action: 'add-tags', tags: [tag.id] }, [first]);

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await openQueues(page);
    await pick(page, '标签', '待复核');
    const table = page.getByTestId('queue-table');
    await rowsShown(page, 1);
    await table.locator('tbody tr', { hasText: first.reference }).waitFor();

    await page.getByRole('button', { name: '保存为视图', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: '保存为视图', exact: true }).waitFor();
    await dialog.getByTestId('queue-view-name').fill('我的待复核');
    await dialog.getByRole('combobox', { name: '谁可以看到', exact: true }).getByText('仅自己', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: '保存', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const saved = ((await api(agent, '/after-sales/queues/views')).data.saved as { id: number; name: string; department: string | null; filters: { view: string; tags?: number[] } }[]).find(
      (v) => v.name === '我的待复核'
    );
    expect(saved).toMatchObject({ department: null, filters: { view: 'mine', tags: [tag.id] } });

    // After a reload the page opens on "mine"; the saved view is in the list and shows its one row.
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '工作队列', exact: true }).waitFor({ timeout: 30000 });
    await table.locator('tbody tr').first().waitFor();
    await pick(page, '视图', '我的待复核');
    await rowsShown(page, 1);
    await table.locator('tbody tr', { hasText: first.reference }).waitFor();
    await screenshot(page, 'queues-saved-view-zh');

    // The manager, in the same department, neither finds it in the list nor may read it.
    expect(((await api(manager, '/after-sales/queues/views')).data.saved as { id: number }[]).some((v) => v.id === saved!.id)).toBe(false);
    expect((await send(manager, 'GET', `/after-sales/queues/items?savedView=${saved!.id}`)).status).toBe(403);
    const colleague = await login(browser, 'manager@demo.local', 'zh-Hans');
    await openQueues(colleague);
    await colleague.getByRole('combobox', { name: '视图', exact: true }).click();
    await colleague.getByRole('option', { name: '我的工单', exact: true }).waitFor();
    expect(await colleague.getByRole('option', { name: '我的待复核', exact: true }).count()).toBe(0);
    await colleague.context().close();
    await page.context().close();
  });
});
