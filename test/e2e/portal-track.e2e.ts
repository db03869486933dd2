import type { Browser, Locator, Page } from 'playwright-core';
import { adminToken, api, BASE_URL, launch, screenshot, send } from './browser';
import { customerContext, pageBytes, seriousViolations } from './portal-pages';

/**
 * A customer on a phone (390×844), in Chinese and in English, and on a desktop in English: follows the tracking link of the
 * acknowledgement we sent, reads the state and promised dates, replies with a photo (the page's
 * plain form) and sees the reply in the thread; later, once staff have resolved the case, answers
 * the survey from the invitation's link with 3 and sees that the case is reopened and who will
 * contact them. axe finds no serious or critical violation on either page, each under 50 KB.
 */
let browser: Browser;
const FEEDBACK = 'api::feedback.feedback';
/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const textOf = async (locator: Locator) => {
  await locator.first().waitFor({ state: 'attached' });
  return ((await locator.first().textContent()) ?? '').trim();
};

/** A case sent through the public intake, as the feedback form does; its reference. */
const submitCase = async (language: 'zh-Hans' | 'en') => {
  const zh = language === 'zh-Hans';
  const res = await fetch(`${BASE_URL}/api/after-sales/intake`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      data: {
        kind: 'feedback',
        channel: 'website',
        customer: { name: zh ? '周晓梅' : 'Grace Turner', email: zh ? `zhou.${Date.now()}@example.cn` : `grace.${Date.now()}@example.co.uk`, locale: language },
        symptom: zh ? '净化器运行时有咔嗒声' : 'The purifier clicks while running',
      },
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()).data as { reference: string }).reference;
};

/** The link in the newest message to the case matching `pattern` (as the customer received it). */
const linkIn = async (documentId: string, pattern: RegExp): Promise<string> => {
  const token = await adminToken('admin@demo.local');
  for (let attempt = 0; attempt < 20; attempt++) {
    const history = await api<{ data: { bodyText: string | null }[] }>(token, `/after-sales/messages/${FEEDBACK}/${documentId}`);
    const match = history.data.map((m) => pattern.exec(m.bodyText ?? '')).find(Boolean);
    if (match) return match[0];
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no message with ${pattern} for ${documentId}`);
};

const documentIdOf = async (reference: string): Promise<string> => {
  const token = await adminToken('admin@demo.local');
  const { results } = await api<{ results: { documentId: string }[] }>(token, `/content-manager/collection-types/${FEEDBACK}?filters[reference][$eq]=${encodeURIComponent(reference)}`);
  const row = results?.[0];
  if (!row) throw new Error(`no case ${reference}`);
  return row.documentId;
};

/** Staff take the case to the survey (the after-sales head, through the workflow API). */
const resolveAndAskSurvey = async (documentId: string) => {
  const token = await adminToken('manager@demo.local');
  const me = (await api(token, '/admin/users/me')).data as { id: number };
  const departments = (await api(token, '/content-manager/collection-types/api::department.department?pageSize=20')).results as { code: string; documentId: string }[];
  const afterSales = departments.find((d) => d.code === 'after-sales')!;
  const steps: [string, Record<string, unknown>?][] = [
    ['acknowledge'],
    ['triage', { data: { type: 'quality', severity: 'general', department: afterSales.documentId, assignee: me.id } }],
    ['start'],
    ['resolve', { data: { resolutionSummary: '更换了风扇 / replaced the fan' } }],
    ['start-callback'],
  ];
  for (const [action, extra] of steps) {
    const { data } = await api(token, `/after-sales/workflows/${FEEDBACK}/${documentId}/actions`);
    const res = await send(token, 'POST', `/after-sales/workflows/${FEEDBACK}/${documentId}/actions/${action}`, { version: data.version, ...(extra ?? {}) });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  }
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

export const followTrackingLink = async (page: Page, language: 'zh-Hans' | 'en') => {
  const reference = await submitCase(language);
  const documentId = await documentIdOf(reference);
  const link = await linkIn(documentId, /https?:\/\/[^\s]+\/after-sales\/portal\/track\/[^\s]+/);
  // The link names the server's public URL; the browser test reaches the same server on BASE_URL.
  await page.goto(`${BASE_URL}${new URL(link).pathname}`);
  return { reference, documentId };
};

const cases: { viewport: 'phone' | 'desktop'; language: 'zh-Hans' | 'en' }[] = [
  { viewport: 'phone', language: 'zh-Hans' },
  { viewport: 'phone', language: 'en' },
  { viewport: 'desktop', language: 'en' },
];

describe.each(cases)('tracking page on a $viewport in $language', ({ viewport, language }) => {
  const zh = language === 'zh-Hans';
  it('follows the tracking link, replies with a photo and sees the reply', async () => {
    const context = await customerContext(browser, viewport, language);
    const page = await context.newPage();
    const { reference, documentId } = await followTrackingLink(page, language);
    expect(await textOf(page.locator('h1'))).toBe(zh ? `您的工单 ${reference}` : `Your case ${reference}`);
    expect(await textOf(page.locator('.state'))).toBe(zh ? '已接收' : 'Received');
    expect(await textOf(page.locator('dl.facts'))).toContain(zh ? '答复时间不晚于' : 'We answer you by');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await pageBytes(page, page.url())).toBeLessThan(50 * 1024);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, `portal-track-${viewport}-${language}`);

    const words = zh ? '这是风扇的照片,声音从这里发出。' : 'Here is a photo of the fan, the noise comes from there.';
    await page.getByLabel(zh ? '留言内容' : 'Your message').fill(words);
    await page.getByLabel(zh ? '照片（可选）' : 'Photos (optional)').setInputFiles({ name: 'fan.png', mimeType: 'image/png', buffer: PNG });
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: zh ? '发送' : 'Send' }).click()]);
    expect(await textOf(page.locator('[role=status]'))).toBe(zh ? '谢谢，我们已收到您的留言。' : 'Thank you, we have received your message.');
    const last = page.locator('ol.thread li.in').last();
    expect(await textOf(last)).toContain(words);
    expect(await textOf(last)).toContain('fan.png');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `portal-track-replied-${viewport}-${language}`);

    // Later: the case is resolved and the survey invitation arrives; the customer answers 3.
    await resolveAndAskSurvey(documentId);
    const survey = await linkIn(documentId, /https?:\/\/[^\s]+\/after-sales\/portal\/survey\/[A-Za-z0-9_-]+/);
    await page.goto(`${BASE_URL}${new URL(survey).pathname}`);
    expect(await textOf(page.locator('h1'))).toBe(zh ? '您对我们的服务满意吗？' : 'How did we do?');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await pageBytes(page, page.url())).toBeLessThan(50 * 1024);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, `portal-survey-${viewport}-${language}`);
    await page.getByRole('radio', { name: zh ? '3 一般' : '3 Neither satisfied nor dissatisfied' }).check();
    await page.getByLabel(zh ? '还有什么想告诉我们的吗？（可选）' : 'Anything you would like to tell us? (optional)').fill(zh ? '偶尔还有响声' : 'It still clicks now and then');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: zh ? '提交评价' : 'Send my answer' }).click()]);
    const notice = await textOf(page.locator('[role=status]'));
    expect(notice).toContain(zh ? `我们已重新处理您的工单 ${reference}` : `We have reopened your case ${reference}.`);
    expect(notice).toContain(zh ? '我们的售后服务部会尽快与您联系。' : 'Our after-sales service team will contact you shortly.');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `portal-survey-reopened-${viewport}-${language}`);
    await context.close();
  });
});
