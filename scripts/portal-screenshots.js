#!/usr/bin/env node
/**
 * Screenshots of the customer pages for the README, taken from the real pages at a phone's
 * viewport (390×844) with playwright-core and Debian's chromium, written to docs/portal/*.png.
 *   npm run develop                      (demo data), then
 *   node scripts/portal-screenshots.js [base URL, default http://127.0.0.1:1337]
 * Keep them small: the visible screen only, PNG.
 */
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const base = (process.argv[2] || process.env.PORTAL_BASE_URL || 'http://127.0.0.1:1337').replace(/\/+$/, '');
const out = path.resolve(__dirname, '..', 'docs', 'portal');

/** name → path below /after-sales/portal (add a page here when you add one). */
const PAGES = [
  ['help-center-zh', '/help?lang=zh-Hans'],
  ['help-search-en', '/help/search?q=filter&product=AP-200&lang=en'],
  ['help-article-zh', '/help/articles/ap-200-filter-light?lang=zh-Hans'],
  ['help-article-en', '/help/articles/ap-200-filter-light-en?lang=en'],
  ['feedback-form-zh', '/feedback?lang=zh-Hans'],
];

const main = async () => {
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    for (const [name, pagePath] of PAGES) {
      const response = await page.goto(`${base}/after-sales/portal${pagePath}`);
      if (!response || !response.ok()) throw new Error(`${pagePath}: HTTP ${response ? response.status() : 'no answer'}`);
      const file = path.join(out, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      console.log(`${path.relative(process.cwd(), file)} ${Math.round(fs.statSync(file).size / 1024)} KB`);
    }
  } finally {
    await browser.close();
  }
};

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
