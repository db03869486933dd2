import type { Browser, Locator } from 'playwright-core';
import { BASE_URL, launch, login, screenshot } from './browser';
import { customerContext, pageBytes, seriousViolations, type ViewportName } from './portal-pages';

/**
 * The help center as customers use it, on a phone and a desktop, in Chinese and in English: browse
 * by topic and product, search with the product filter, read an article, answer "was this helpful"
 * (a plain form, JavaScript off), and the editor seeing the answer in the admin in Chinese.
 */
let browser: Browser;
/** The element's text once it is there. */
const textOf = async (locator: Locator) => {
  await locator.first().waitFor({ state: 'attached' });
  return ((await locator.first().textContent()) ?? '').trim();
};
const HELP = `${BASE_URL}/after-sales/portal/help`;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const cases: { viewport: ViewportName; language: 'zh-Hans' | 'en' }[] = [
  { viewport: 'phone', language: 'zh-Hans' },
  { viewport: 'desktop', language: 'en' },
];

describe.each(cases)('help center on a $viewport in $language', ({ viewport, language }) => {
  const zh = language === 'zh-Hans';
  it('browses, searches with the product filter and reads an article', async () => {
    const context = await customerContext(browser, viewport, language);
    const page = await context.newPage();
    await page.goto(HELP);
    expect(await textOf(page.locator('h1'))).toBe(zh ? '帮助中心' : 'Help center');
    expect(await seriousViolations(page)).toEqual([]);
    // By topic.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: zh ? '使用指南' : 'Using the product' }).click()]);
    expect(await textOf(page.locator('h1'))).toBe(zh ? '使用指南' : 'Using the product');
    expect(await page.locator('ul.articles li').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    // By product.
    await page.goto(HELP + (zh ? '' : '?lang=en'));
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /^AP-200 ·/ }).click()]);
    expect(await textOf(page.locator('ul.articles'))).toContain('AP-200');
    // Search, filtered to one product (in English too).
    await page.goto(HELP + (zh ? '' : '?lang=en'));
    await page.getByLabel(zh ? '遇到了什么问题？' : 'What is the problem?').fill(zh ? '滤网' : 'filter');
    await page.getByLabel(zh ? '产品' : 'Product', { exact: true }).selectOption('AP-200');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: zh ? '搜索' : 'Search' }).click()]);
    expect(await textOf(page.locator('[role=status]'))).toContain(zh ? '篇文章' : 'articles found');
    const first = page.locator('ul.articles li a').first();
    expect(await textOf(first)).toContain('AP-200');
    expect(await seriousViolations(page)).toEqual([]);
    await Promise.all([page.waitForNavigation(), first.click()]);
    expect(await textOf(page.locator('h2').first())).toBe(zh ? '问题' : 'Problem');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await pageBytes(page, page.url())).toBeLessThan(50 * 1024);
    // No horizontal scrolling on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, `portal-help-article-${viewport}-${language}`);
    await context.close();
  });
});

describe('was this helpful', () => {
  it('a customer answers without JavaScript in Chinese and in English, and the editor sees the counts in Chinese', async () => {
    const slug = 'ap-200-filter-light';
    for (const [language, path, yes, thanks] of [
      ['zh-Hans', `/articles/${slug}`, '有帮助', '感谢您的反馈。'],
      ['en', `/articles/${slug}-en`, 'Yes', 'Thank you for your answer.'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: language === 'en' ? 'en-US' : 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`${HELP}${path}`);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: yes, exact: true }).click()]);
      expect(await textOf(page.locator('[role=status]'))).toBe(thanks);
      expect(await context.cookies()).toEqual([]);
      // Answering again (the same visitor) does not count twice.
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: yes, exact: true }).click()]);
      expect(await textOf(page.locator('.vote + p'))).toContain(language === 'en' ? '1 of 1 readers' : '1 位读者中有 1 位');
      await context.close();
    }
    const editor = await login(browser, 'editor@demo.local', 'zh-Hans');
    const res = await editor.request.get(`${BASE_URL}/api/knowledge-articles?locale=zh-Hans&filters[slug][$eq]=${slug}`);
    const documentId = (await res.json()).data[0].documentId as string;
    await editor.goto(`${BASE_URL}/admin/content-manager/collection-types/api::knowledge-article.knowledge-article/${documentId}?plugins[i18n][locale]=zh-Hans`);
    const panel = editor.getByTestId('kb-votes');
    await panel.waitFor({ state: 'visible', timeout: 60000 });
    await editor.getByText('客户评价：是否有帮助').waitFor({ state: 'visible' });
    expect(await textOf(editor.getByTestId('kb-votes-zh-Hans'))).toContain('1 人认为有帮助，0 人认为没有帮助');
    expect(await textOf(editor.getByTestId('kb-votes-en'))).toContain('英文');
    expect(await textOf(editor.getByTestId('kb-votes-en'))).toContain('1 人认为有帮助');
    await screenshot(editor, 'kb-votes-panel-zh');
    await editor.context().close();
  });
});
