import type { Browser } from 'playwright-core';
import { BASE_URL, adminToken, api, feedbackThrough, launch, login, screenshot, send } from './browser';

/**
 * Merging duplicate cases from the work queue, in the Chinese admin (#23): an agent selects two cases with
 * the keyboard, merges them keeping one, reads the summary item by item, and finds the other's conversation
 * on the kept case's screen.
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

/** A feedback from the customer intake, acknowledged and classified into the after-sales department for the agent by the super admin. */
const feedbackFor = (assignee: number, department: string, name: string, email: string, symptom: string) =>
  feedbackThrough({ customer: { name, email }, symptom }, [
    { action: 'acknowledge' },
    { action: 'triage', data: { type: 'quality', severity: 'general', department, assignee, judgement: 'update-or-part' } },
  ]);
/** An internal note on the case (the case screen's route). */
const note = async (item: { documentId: string }, text: string) => {
  const res = await send(await adminToken('admin@demo.local'), 'POST', `/after-sales/cases/${FEEDBACK}/${item.documentId}/notes`, { text });
  if (res.status >= 300) throw new Error(`note: ${res.status} ${JSON.stringify(res.body)}`);
};
/** The conversation entries (customer messages, replies, notes) of a case screen. */
const entriesOf = async (item: { documentId: string }) =>
  ((await api(await adminToken('admin@demo.local'), `/after-sales/cases/${FEEDBACK}/${item.documentId}`)).data.thread as { type: string; text: string | null }[]).filter((t) =>
    ['message-in', 'reply', 'note'].includes(t.type)
  );

describe('the work queues page: merging duplicate cases', () => {
  it('an agent selects two cases with the keyboard, merges them into one, reads the summary and sees the merged conversation on the kept case, in Chinese', async () => {
    const agent = await adminToken('agent@demo.local');
    const admin = await adminToken('admin@demo.local');
    const agentId = (await api(agent, '/admin/users/me')).data.id as number;
    const departments = (await api(admin, '/content-manager/collection-types/api::department.department?pageSize=20')).results as { code: string; documentId: string }[];
    const afterSales = departments.find((d) => d.code === 'after-sales')!.documentId;
    const kept = await feedbackFor(agentId, afterSales, '郑洁', 'zheng.jie@example.cn', '投影仪无法开机');
    const duplicate = await feedbackFor(agentId, afterSales, '郑洁', 'zheng.jie@example.cn', '投影仪开不了机');
    await note(kept, '第一次来电:投影仪无法开机');
    await note(duplicate, '客户再次来电:投影仪仍无法开机,已重启过');
    const movedCount = (await entriesOf(duplicate)).length;
    // Both marked with a tag the agent filters by, so the view shows just these two.
    const tag = await send(await adminToken('manager@demo.local'), 'POST', '/after-sales/queues/tags', { name: '合并演示', colour: '#6e4fc1' });
    expect(tag.status).toBe(201);
    const tagged = await send(admin, 'POST', '/after-sales/queues/bulk', {
      action: 'add-tags',
      tags: [tag.body.data.id],
      items: [kept, duplicate].map((i) => ({ contentType: FEEDBACK, documentId: i.documentId })),
    });
    expect(tagged.body.data).toMatchObject({ done: 2, refused: 0 });

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}${QUEUES_PATH}`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: '工作队列', exact: true }).waitFor({ timeout: 30000 });
    const filter = page.getByRole('combobox', { name: '标签', exact: true });
    await filter.click();
    await page.getByRole('option', { name: '合并演示', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="queue-table"] tbody tr').length === 2, undefined, { timeout: 30000 });
    const table = page.getByTestId('queue-table');
    for (const item of [kept, duplicate]) await table.locator('tbody tr', { hasText: item.reference }).waitFor();

    // The keyboard: x selects the focused row, j moves down, x selects the second.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('x');
    await page.waitForSelector('[data-queue-row="0"][data-selected="true"]');
    await page.keyboard.press('j');
    await page.waitForSelector('[data-queue-row="1"][data-focused="true"]');
    await page.keyboard.press('x');
    await page.waitForSelector('[data-queue-row="1"][data-selected="true"]');
    const bulk = page.getByTestId('queue-bulk');
    await bulk.getByText('已选中 2 条', { exact: true }).waitFor();

    // Merge, keeping the first case.
    await bulk.getByRole('button', { name: '合并', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: '合并重复工单', exact: true }).waitFor();
    await dialog.getByRole('radio', { name: kept.reference, exact: true }).click();
    expect(await dialog.getByRole('radio', { name: kept.reference, exact: true }).getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'queues-merge-dialog-zh');
    await dialog.getByRole('button', { name: '合并到所选工单', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    // The summary, item by item.
    await page.getByText('已完成 1 条，被拒绝 0 条', { exact: true }).first().waitFor();
    const result = page.getByTestId('queue-merge-result');
    await result.getByText(`已合并到 ${kept.reference}`, { exact: true }).waitFor();
    await result.getByText(`${duplicate.reference}：已标记为重复，移过去对话 ${movedCount} 条、关联 0 个、标签 0 个`, { exact: true }).waitFor();
    expect(await result.innerText()).not.toMatch(/Merged|marked|moved/);
    // The duplicate, closed, leaves the open queue; the kept case stays.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="queue-table"] tbody tr').length === 1, undefined, { timeout: 30000 });
    await table.locator('tbody tr', { hasText: kept.reference }).waitFor();
    await screenshot(page, 'queues-merge-result-zh');
    const closed = (await api(admin, `/content-manager/collection-types/${FEEDBACK}/${duplicate.documentId}`)).data;
    expect(closed).toMatchObject({ state: 'duplicate', duplicateOf: kept.reference });

    // The kept case's screen (Enter on the focused row) shows both conversations, the moved note saying where it came from.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.waitForSelector('[data-queue-row="0"][data-focused="true"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/plugins/after-sales/cases/.+/${kept.documentId}`), { timeout: 30000 });
    const thread = page.getByTestId('case-thread');
    await thread.getByText('第一次来电:投影仪无法开机', { exact: true }).waitFor({ timeout: 30000 });
    const moved = thread.locator('li', { hasText: '客户再次来电:投影仪仍无法开机,已重启过' });
    await moved.waitFor();
    await moved.getByText(`来自 ${duplicate.reference}`, { exact: true }).waitFor();
    const texts = await thread.locator('li').allInnerTexts();
    expect(texts.findIndex((t) => t.includes('第一次来电'))).toBeLessThan(texts.findIndex((t) => t.includes('客户再次来电')));
    await screenshot(page, 'queues-merge-case-zh');
    expect(await thread.innerText()).not.toMatch(/from FB|Merged a duplicate/);
    expect((await entriesOf(duplicate)).length).toBe(0);
    await page.context().close();
  });
});
