import type { Browser } from 'playwright-core';
import { BASE_URL, launch } from './browser';
import { customerContext, pageBytes, seriousViolations, VIEWPORTS, type ViewportName } from './portal-pages';

/**
 * axe on every customer page, at the phone's and the desktop's viewport, in both languages: no
 * serious or critical violation, and each page under 50 KB. Add a page here when you add one.
 */
let browser: Browser;
const PORTAL = `${BASE_URL}/after-sales/portal`;
const PAGES: { name: string; path: string }[] = [
  { name: 'start page', path: '' },
  { name: 'help center', path: '/help' },
  { name: 'help search', path: '/help/search?q=%E6%BB%A4%E7%BD%91' },
  { name: 'help search without words', path: '/help/search?q=' },
  { name: 'help topic', path: '/help/categories/usage' },
  { name: 'help product', path: '/help/products/AP-200' },
  { name: 'help article', path: '/help/articles/ap-200-filter-light' },
  { name: 'help article in English', path: '/help/articles/ap-200-filter-light-en' },
  { name: 'feedback form', path: '/feedback' },
  { name: 'page not found', path: '/help/articles/no-such-article' },
];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(Object.keys(VIEWPORTS) as ViewportName[])('customer pages on a %s', (viewport) => {
  it.each(['zh-Hans', 'en'] as const)('have no serious or critical accessibility violation (%s)', async (language) => {
    const context = await customerContext(browser, viewport, language);
    const page = await context.newPage();
    const found: Record<string, string[]> = {};
    for (const { name, path } of PAGES) {
      const url = `${PORTAL}${path}${path.includes('?') ? '&' : '?'}lang=${language}`;
      const response = await page.goto(url);
      expect([name, response?.status() === 404 ? 404 : response?.ok()]).toEqual([name, name === 'page not found' ? 404 : true]);
      const violations = await seriousViolations(page);
      if (violations.length) found[name] = violations;
      expect([name, (await pageBytes(page, url)) < 50 * 1024]).toEqual([name, true]);
    }
    expect(found).toEqual({});
    await context.close();
  });
});
