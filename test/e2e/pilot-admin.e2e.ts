/**
 * The screens a Chinese-speaking team starts from, in the zh-Hans admin: the homepage, the
 * Content Manager's lists and forms (Chinese labels and options, what a person enters and nothing
 * the server owns), the workflow timeline, the Departments page and a knowledge article (pinyin
 * slug, tags from a list). Each screen is also searched for English interface text and raw codes.
 */
import type { Browser, Page } from 'playwright-core';
import { BASE_URL, adminToken, api, launch, login, screenshot } from './browser';
import en from '../../src/plugins/after-sales/admin/src/translations/en.json';
import zh from '../../src/plugins/after-sales/admin/src/translations/zh-Hans.json';
import cmEn from '../../src/plugins/after-sales/admin/src/translations/content-manager/en.json';
import cmZh from '../../src/plugins/after-sales/admin/src/translations/content-manager/zh-Hans.json';
import strapiEn from '../../src/plugins/after-sales/admin/src/translations/strapi/en.json';
import strapiZh from '../../src/plugins/after-sales/admin/src/translations/strapi/zh-Hans.json';
import feedbackSchema from '../../src/api/feedback/content-types/feedback/schema.json';
import feedbackManifest from '../../src/plugins/after-sales/server/src/extensions/feedback-workflow/package.json';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser.close();
});

const FEEDBACK = 'api::feedback.feedback';
const ARTICLE = 'api::knowledge-article.knowledge-article';
const label = (field: string) => (cmZh as Record<string, string>)[`content-manager.content-types.${FEEDBACK}.${field}`];

/**
 * Interface text that should have been Chinese: an English message of ours (one whose Chinese
 * differs), or a stored code shown as it is (`hotline`, `in-progress`).
 */
const ENGLISH = new Set<string>([
  ...Object.entries(en as Record<string, string>)
    .filter(([k, v]) => (zh as Record<string, string>)[k] !== v && !v.includes('{'))
    .map(([, v]) => v),
  ...Object.entries(cmEn as Record<string, string>)
    .filter(([k, v]) => (cmZh as Record<string, string>)[k] !== v)
    .map(([, v]) => v),
  ...Object.entries(strapiEn as Record<string, string>)
    .filter(([k, v]) => (strapiZh as Record<string, string>)[k] !== v && !v.includes('{'))
    .map(([, v]) => v),
  ...Object.values(feedbackSchema.attributes).flatMap((a: any) => a.enum ?? []),
  ...feedbackManifest.afterSales.contributes.workflows[0].states.map((s) => s.id),
]);
// The design system's spinner says "Loading" to screen readers in a fixed English text (no message id).
ENGLISH.delete('Loading');
const englishOn = async (page: Page) => {
  const texts: string[] = await page.evaluate(() =>
    Array.from(document.querySelectorAll('main *, nav *, [role="dialog"] *'))
      .filter((el) => el.children.length === 0 && (el as HTMLElement).offsetParent !== null)
      .map((el) => (el.textContent ?? '').trim())
      .filter(Boolean)
  );
  return [...new Set(texts.filter((t) => ENGLISH.has(t)))];
};

describe('the admin in Chinese, for a team starting next week', () => {
  it('the homepage starts with the after-sales widgets, without content statistics or the Media Library banner', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page
      .getByText((zh as Record<string, string>)['widget.myOverdue'])
      .first()
      .waitFor();
    await page
      .getByText((zh as Record<string, string>)['widget.todaysCallbacks'])
      .first()
      .waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByTestId('widget-todays-callbacks').waitFor({ timeout: 60000 });
    const headings = await page.locator('main h2').allInnerTexts();
    // The staff member's own notifications, then their overdue items and today's callbacks.
    const zhTexts = zh as Record<string, string>;
    expect(headings.slice(0, 3)).toEqual([zhTexts['notifications.widget'], zhTexts['widget.myOverdue'], zhTexts['widget.todaysCallbacks']]);
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/Media Library|媒体库全新|Entries|项目统计|Project statistics/);
    expect(await englishOn(page)).toEqual([]);
    await screenshot(page, 'pilot-homepage-zh');
    await page.context().close();
  });

  it('the feedback list shows Chinese column names, states and options', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=10`, { waitUntil: 'networkidle' });
    await page.locator('thead').getByText(label('severity'), { exact: true }).waitFor({ timeout: 90000 });
    await page.locator('thead').getByText(label('state'), { exact: true }).waitFor();
    await page.locator('tbody').getByText('已接收', { exact: true }).first().waitFor();
    expect(await englishOn(page)).toEqual([]);
    await screenshot(page, 'pilot-feedback-list-zh');
    await page.context().close();
  });

  it('the feedback create form asks in Chinese for what a person enters, with Chinese options, and nothing the server owns', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${FEEDBACK}/create`, { waitUntil: 'networkidle' });
    await page
      .locator('main label')
      .filter({ hasText: label('symptom') })
      .first()
      .waitFor({ timeout: 90000 });
    const labels = (await page.locator('main label').allInnerTexts()).map((t) => t.replace(/\*$/, '').trim()).filter(Boolean);
    for (const field of ['channel', 'customer', 'product', 'batch', 'symptom', 'scenario', 'frequency', 'expectedSolution', 'severity', 'type']) expect(labels).toContain(label(field));
    for (const owned of ['trackingTokenHash', 'slaPausedAt', 'reopenCount', 'acknowledgeBy', 'version']) expect(labels).not.toContain(label(owned));
    expect(labels.filter((t) => /^[A-Za-z][A-Za-z &]+$/.test(t))).toEqual([]);
    expect(labels.length).toBeLessThan(26);
    // The order of the 客户反馈记录表: customer, product and batch, then the problem.
    expect(labels.indexOf(label('customer'))).toBeLessThan(labels.indexOf(label('symptom')));
    expect(labels.indexOf(label('batch'))).toBeLessThan(labels.indexOf(label('symptom')));

    await page.getByRole('combobox', { name: new RegExp(`^${label('channel')}`) }).click();
    await page.getByRole('option', { name: '热线电话' }).waitFor();
    expect(await page.getByRole('option', { name: 'hotline' }).count()).toBe(0);
    await screenshot(page, 'pilot-feedback-create-zh');
    await page.keyboard.press('Escape');
    expect(await englishOn(page)).toEqual([]);
    await page.context().close();
  });

  it('a customer created in the relation pop-up of a new feedback item is linked to it', async () => {
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${FEEDBACK}/create`, { waitUntil: 'networkidle' });
    await page.getByRole('combobox', { name: new RegExp(`^${label('customer')}`) }).click({ timeout: 90000 });
    await page.getByRole('option', { name: '新建关联' }).click();
    const dialog = page.getByRole('dialog');
    const customerLabel = (field: string) => (cmZh as Record<string, string>)[`content-manager.content-types.api::customer.customer.${field}`];
    await dialog.getByLabel(customerLabel('name')).fill('周敏');
    await dialog.getByLabel(customerLabel('phone')).fill('13912345678');
    await dialog.getByRole('button', { name: /^保存$/ }).click();
    await page.waitForTimeout(1500);
    await page.keyboard.press('Escape');
    await page
      .getByRole('link', { name: '周敏' })
      .or(page.getByText('周敏', { exact: true }))
      .first()
      .waitFor({ timeout: 30000 });
    await page.getByLabel(label('symptom')).fill('三档运行时有明显嗡嗡声');
    await page.getByRole('combobox', { name: new RegExp(`^${label('channel')}`) }).click();
    await page.getByRole('option', { name: '热线电话' }).click();
    await screenshot(page, 'pilot-feedback-create-linked-customer');
    await page.getByRole('button', { name: /^保存$/ }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/create'), { timeout: 60000 });
    const documentId = page.url().split('?')[0].split('/').pop();
    const token = await adminToken('agent@demo.local');
    const saved = await api(token, `/content-manager/relations/${FEEDBACK}/${documentId}/customer`);
    expect(saved.results.map((r: { name: string }) => r.name)).toEqual(['周敏']);
    await page.context().close();
  });

  it('the timeline of an item names states in Chinese', async () => {
    const token = await adminToken('agent@demo.local');
    const list = await api(token, `/content-manager/collection-types/${FEEDBACK}?page=1&pageSize=5&filters[state][$eq]=in-progress`);
    const item = list.results[0];
    expect(item).toBeDefined();
    // One more state change, so the timeline ends with one: in progress → waiting.
    const acted = await fetch(`${BASE_URL}/after-sales/workflows/${FEEDBACK}/${item.documentId}/actions/wait`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: item.version, note: '等客户寄回配件' }),
    });
    expect(acted.status).toBe(200);
    const page = await login(browser, 'agent@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${FEEDBACK}/${item.documentId}`, { waitUntil: 'networkidle' });
    const timeline = page.getByTestId('workflow-timeline');
    await timeline.locator('li').first().waitFor({ timeout: 90000 });
    // State changes name the state, escalation notes are told in Chinese.
    await timeline
      .getByText(/→ 等待中/)
      .first()
      .waitFor({ timeout: 30000 });
    await page.waitForFunction(() => /→ [\u4e00-\u9fff]/.test(document.querySelector('[data-testid="workflow-timeline"]')?.textContent ?? ''), undefined, { timeout: 30000 });
    const text = await timeline.innerText();
    expect(text).not.toMatch(/→ [a-z-]+\b/);
    expect(text).not.toMatch(/notified|reassigned|breached|at-risk/);
    expect(await englishOn(page)).toEqual([]);
    await screenshot(page, 'pilot-feedback-edit-zh');
    await page.context().close();
  });

  it('the Departments page is in Chinese', async () => {
    const page = await login(browser, 'manager@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/settings/after-sales/organisation`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: (zh as Record<string, string>)['organisation.title'] }).waitFor();
    expect(await englishOn(page)).toEqual([]);
    await page.context().close();
  });

  it('a knowledge article with a Chinese title gets a pinyin slug, and its tags are picked from a list', async () => {
    const page = await login(browser, 'editor@demo.local', 'zh-Hans');
    await page.goto(`${BASE_URL}/admin/content-manager/collection-types/${ARTICLE}/create?plugins[i18n][locale]=zh-Hans`, { waitUntil: 'networkidle' });
    const titleLabel = (cmZh as Record<string, string>)[`content-manager.content-types.${ARTICLE}.title`];
    await page.getByRole('textbox', { name: titleLabel, exact: true }).fill('净化器出风口异响', { timeout: 90000 });
    await page.getByRole('textbox', { name: (cmZh as Record<string, string>)[`content-manager.content-types.${ARTICLE}.problem`], exact: true }).fill('出风口有咔哒声。');
    // The solution is Markdown, in the editor Strapi uses for rich text.
    await page.locator('.CodeMirror').first().click();
    await page.keyboard.insertText('检查导风板卡扣并重新安装。');
    // Tags: pick one in use from the list, and add a new one.
    const tags = page.getByRole('combobox', { name: (cmZh as Record<string, string>)[`content-manager.content-types.${ARTICLE}.tags`] });
    await tags.click();
    await page.getByRole('option', { name: /^noise/ }).click();
    await tags.click();
    await tags.pressSequentially('出风口');
    await page
      .getByRole('option', { name: /出风口/ })
      .first()
      .click();
    await page.getByTestId('knowledge-tags-chosen').getByText('noise', { exact: true }).waitFor();
    await page.getByTestId('knowledge-tags-chosen').getByText('出风口', { exact: true }).waitFor();
    await screenshot(page, 'pilot-article-create-zh');
    await page.getByRole('button', { name: /^保存$/ }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/create'), { timeout: 60000 });
    const documentId = page.url().split('?')[0].split('/').pop();
    const token = await adminToken('editor@demo.local');
    const saved = await api(token, `/content-manager/collection-types/${ARTICLE}/${documentId}?locale=zh-Hans`);
    expect(saved.data.slug).toBe('jing-hua-qi-chu-feng-kou-yi-xiang');
    expect(saved.data.tags).toEqual(['noise', '出风口']);
    await page.context().close();
  });
});
