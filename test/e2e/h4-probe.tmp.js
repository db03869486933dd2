const { chromium } = require('playwright-core');
const BASE = 'http://127.0.0.1:4104';
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  await context.addInitScript(() => window.localStorage.setItem('strapi-admin-language', 'zh-Hans'));
  const page = await context.newPage();
  await page.goto(`${BASE}/admin/auth/login`, { waitUntil: 'networkidle' });
  await page.fill('input[name="email"]', process.argv[2] || 'manager@demo.local');
  await page.fill('input[name="password"]', 'Demo1234!');
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/admin\/?$/);
  const grab = async (name) => {
    await page.waitForTimeout(2500);
    const found = await page.evaluate(() => {
      const out = new Set();
      for (const el of document.querySelectorAll('body *')) {
        if (el.children.length === 0 && el.offsetParent !== null) { const t = (el.textContent || '').trim(); if (/[A-Za-z]{3,}/.test(t) && !/[\u4e00-\u9fff]/.test(t)) out.add('text: ' + t.slice(0, 80)); }
        for (const a of ['aria-label', 'placeholder', 'title']) { const v = el.getAttribute(a); if (v && /[A-Za-z]{3,}/.test(v) && !/[\u4e00-\u9fff]/.test(v)) out.add(a + ': ' + v.slice(0, 80)); }
      }
      return [...out];
    });
    console.log('== ' + name); for (const f of found) console.log('  ' + f);
  };
  const urls = (process.argv[3] || '').split(',').filter(Boolean);
  for (const u of urls) { await page.goto(BASE + u, { waitUntil: 'networkidle' }); await grab(u); }
  // filters popover on the first list
  if (process.env.FILTERS) {
    await page.goto(BASE + urls[0], { waitUntil: 'networkidle' });
    await page.getByRole('button', { name: /筛选|Filters/ }).click(); await grab('filters');
  }
  await browser.close();
})();
