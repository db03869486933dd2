import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The two viewports every customer page is tested at: a phone (most customers open our links on one, often in WeChat) and a desktop. */
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** A customer's browser: no login, the phone's or the desktop's viewport, a browser language. */
export const customerContext = (browser: Browser, viewport: ViewportName, language: 'zh-Hans' | 'en'): Promise<BrowserContext> =>
  browser.newContext({
    viewport: VIEWPORTS[viewport],
    locale: language === 'en' ? 'en-US' : 'zh-CN',
    isMobile: viewport === 'phone',
    hasTouch: viewport === 'phone',
    userAgent:
      viewport === 'phone'
        ? 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50'
        : 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  });

/** Serious and critical axe violations on the page as shown now (WCAG 2.1 A/AA and best practices), as readable lines. */
export const seriousViolations = async (page: Page): Promise<string[]> => {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
};

/** The bytes of a page's HTML as sent (no photos on our pages; the CSS is inline). */
export const pageBytes = async (page: Page, url: string): Promise<number> => {
  // A socket of its own each time: a kept-alive one may be closed by the server (keep-alive 5 s) just as
  // it is reused after a long axe run, which Playwright's request client reports as ECONNRESET.
  const response = await page.request.get(url, { headers: { connection: 'close' } });
  return (await response.body()).length;
};
