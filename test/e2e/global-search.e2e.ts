import type { Browser, Page } from 'playwright-core';
import { BASE_URL, adminToken, api, caseOfAgent, launch, login, screenshot } from './browser';

/**
 * The global search in the Chinese admin (issue #23 item 4): Ctrl+K or "/" on any page, the menu's
 * Search entry, and the box on the Content Manager's lists open one dialog with the queue page's
 * answers; the keyboard moves through them and opens a case.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const FEEDBACK = 'api::feedback.feedback';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
type Hit = { type: 'item' | 'customer'; documentId: string; contentType?: string; reference?: string; name?: string; customer?: { name?: string | null } | null };
type Row = { reference: string; documentId: string; contentType: string; customer: { name?: string | null } | null };

const dialogOf = (page: Page) => page.getByRole('dialog', { name: '搜索工单和客户' });

describe('the global search', () => {
  it('an agent opens it with Ctrl+K on a Content Manager list, finds a case by its reference’s start and by its customer’s name, moves with the keyboard and opens it', async () => {
    const token = await adminToken('agent@demo.local');
    // A case of the agent's whose customer's name finds it on the first page of answers, not first (the customer is).
    let target: { row: Row; name: string; index: number } | null = null;
    for (const view of ['mine', 'unassigned', 'due-today', 'overdue']) {
      const rows = (await api<{ data: Row[] }>(token, `/after-sales/queues/items?view=${view}&limit=50`)).data;
      for (const row of rows) {
        const name = row.customer?.name?.trim();
        if (!name || name.length < 2 || /\s/.test(name)) continue;
        const hits = (await api<{ data: Hit[] }>(token, `/after-sales/queues/search?q=${encodeURIComponent(name)}&locale=zh-Hans`)).data;
        const index = hits.findIndex((hit) => hit.type === 'item' && hit.documentId === row.documentId);
        if (index >= 1) {
          target = { row, name, index };
          break;
        }
      }
      if (target) break;
    }
    expect(target).not.toBeNull();
    const { row, name, index } = target!;
    const prefix = row.reference.slice(0, -1);
    const byPrefix = (await api<{ data: Hit[] }>(token, `/after-sales/queues/search?q=${encodeURIComponent(prefix)}&locale=zh-Hans`)).data;
    expect(byPrefix.some((hit) => hit.reference === row.reference)).toBe(true);

    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${FEEDBACK}`, { waitUntil: 'networkidle' });
    await page.locator('tbody tr').first().waitFor({ timeout: 30000 });
    // The visible entry, on every page: the menu's Search, by its name.
    await page.getByRole('link', { name: '搜索（Ctrl+K）' }).waitFor();

    await page.keyboard.press('Control+k');
    const dialog = dialogOf(page);
    await dialog.waitFor();
    const box = dialog.getByRole('combobox', { name: '查找工单或客户' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
    await page.keyboard.type(prefix);
    await dialog.getByRole('option', { name: new RegExp(escape(row.reference)) }).waitFor();
    await page.waitForSelector('#global-search-hit-0[aria-selected="true"]');

    // Then the customer's name: the customers of that name first (as the agent may read them), then the cases, in the API's order.
    await box.fill(name);
    await dialog
      .getByRole('option', { name: new RegExp(`^客户\\s*${escape(name)}`) })
      .first()
      .waitFor();
    expect(await page.locator('#global-search-hit-0').innerText()).toMatch(/^客户/);
    await dialog.getByRole('option', { name: new RegExp(escape(row.reference)) }).waitFor();
    for (let i = 0; i < index; i += 1) await page.keyboard.press('ArrowDown');
    await page.waitForSelector(`#global-search-hit-${index}[aria-selected="true"]`);
    await page.keyboard.press('ArrowUp');
    await page.waitForSelector(`#global-search-hit-${index - 1}[aria-selected="true"]`);
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector(`#global-search-hit-${index}[aria-selected="true"]`);
    expect(await box.getAttribute('aria-activedescendant')).toBe(`global-search-hit-${index}`);
    await screenshot(page, 'global-search-zh');
    const text = await dialog.innerText();
    expect(text).not.toMatch(/Search cases|Find a case|Nothing found|Customer\b/);

    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/plugins/after-sales/cases/${escape(encodeURIComponent(row.contentType))}/${row.documentId}`), { timeout: 30000 });
    await dialog.waitFor({ state: 'hidden' });

    // On the case screen: "/" opens it, Esc closes it.
    await page.getByRole('link', { name: '搜索（Ctrl+K）' }).waitFor();
    await page.locator('body').click({ position: { x: 700, y: 5 } });
    await page.keyboard.press('/');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // The menu's Search opens the dialog where the agent is (no new page).
    const caseUrl = page.url();
    await page.getByRole('link', { name: '搜索（Ctrl+K）' }).click();
    await dialog.waitFor();
    expect(page.url()).toBe(caseUrl);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.context().close();
  });

  it('the box on a Content Manager list of an item kind hands its text to the dialog', async () => {
    // A case of hers taken in now (not the first row of "mine", which the SLA sweep may reassign meanwhile).
    const rows = [await caseOfAgent({ name: '冯静', email: 'feng.jing@example.cn' }, '出纸歪斜')];
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${FEEDBACK}`, { waitUntil: 'networkidle' });
    // The list loaded (its header, with the box, is drawn again while it fetches; the box keeps what was typed).
    await page.locator('tbody tr').first().waitFor({ timeout: 30000 });
    const listBox = page.getByRole('textbox', { name: '查找工单或客户（Ctrl+K）' });
    // Half-typed text stays in the box when the list is drawn again (here: another list, then back); the other list's box is empty.
    await listBox.fill('FB-2026');
    await page.locator('nav a[href*="collection-types/api::complaint.complaint"]').first().click();
    await page.waitForURL(/api::complaint\.complaint/);
    await page.locator('tbody tr').first().waitFor({ timeout: 30000 });
    expect(await listBox.inputValue()).toBe('');
    await page.goBack();
    await page.waitForURL(/api::feedback\.feedback/);
    await page.locator('tbody tr').first().waitFor({ timeout: 30000 });
    expect(await listBox.inputValue()).toBe('FB-2026');
    await listBox.fill(rows[0].reference);
    await listBox.press('Enter');
    const dialog = dialogOf(page);
    await dialog.getByRole('option', { name: new RegExp(escape(rows[0].reference)) }).waitFor();
    expect(await dialog.getByRole('combobox', { name: '查找工单或客户' }).inputValue()).toBe(rows[0].reference);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/plugins/after-sales/cases/.+/${rows[0].documentId}`), { timeout: 30000 });
    await page.context().close();
  });

  it('a role that may not search (the knowledge editor, no queues.read) has no Search entry and no dialog', async () => {
    const editor = await adminToken('editor@demo.local');
    expect((await fetch(`${BASE_URL}/after-sales/queues/search?q=FB-`, { headers: { Authorization: `Bearer ${editor}` } })).status).toBe(403);
    const page = await login(browser, 'editor@demo.local', 'zh-Hans');
    await page.getByRole('link', { name: '首页' }).waitFor();
    await page.getByRole('link', { name: '内容管理' }).waitFor();
    expect(await page.getByRole('link', { name: '搜索（Ctrl+K）' }).count()).toBe(0);
    // The dialog's root is made by the Search entry's icon: without the entry there is none to open.
    expect(await page.locator('#after-sales-global-search').count()).toBe(0);
    await page.context().close();
  });
});
