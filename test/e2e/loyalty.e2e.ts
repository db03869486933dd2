import type { Browser } from 'playwright-core';
import { adminToken, api, BASE_URL, launch, login, screenshot } from './browser';
import { customerContext, pageBytes, seriousViolations } from './portal-pages';

/**
 * A loyalty (NPS) campaign to the demo's key customers, sent by the manager; a key customer opens
 * the invitation's link on a phone (390×844) in Chinese, answers 2 with a comment on the page's
 * plain form, reads that someone will call; the answer opened a care call in the agents' queue; the
 * link then says it was already answered; an agent opening the customer's page (zh-Hans) reads the
 * answer in its loyalty section. axe finds no serious or critical violation; under 50 KB.
 */
let browser: Browser;
const CUSTOMER = 'api::customer.customer';

const post = async (token: string, url: string, body: unknown) => {
  const res = await fetch(`${BASE_URL}${url}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it('a key customer answers the NPS survey on a phone in Chinese; a detractor gets a care call', async () => {
  const manager = await adminToken('manager@demo.local');
  const admin = await adminToken('admin@demo.local');
  const sent = await post(manager, '/after-sales/loyalty/campaigns', { data: { name: '重点客户满意度与推荐意愿调查', segment: 'key' } });
  expect(sent.status).toBe(201);
  expect(sent.body.data.invited).toBeGreaterThan(0);

  // The first key customer the invitation reached, and the link as they received it.
  const { results } = await api<{ results: { documentId: string; name: string; locale: string | null }[] }>(
    admin,
    `/content-manager/collection-types/${CUSTOMER}?filters[segment][$eq]=key&pageSize=100`
  );
  let link: string | null = null;
  let customer: { documentId: string; name: string } | null = null;
  for (const row of results.filter((c) => c.locale !== 'en')) {
    const history = await api<{ data: { templateKey: string; bodyText: string | null }[] }>(admin, `/after-sales/messages/${CUSTOMER}/${row.documentId}`);
    const match = history.data.filter((m) => m.templateKey === 'loyalty.nps-invitation').map((m) => /https?:\/\/\S+\/after-sales\/portal\/nps\/[A-Za-z0-9_-]+/.exec(m.bodyText ?? ''))[0];
    if (match) {
      link = match[0];
      customer = row;
      break;
    }
  }
  expect(link).not.toBeNull();
  const path = new URL(link!).pathname;

  const context = await customerContext(browser, 'phone', 'zh-Hans');
  const page = await context.newPage();
  await page.goto(`${BASE_URL}${path}`);
  await page.getByRole('heading', { name: '您愿意向朋友推荐我们吗？' }).waitFor();
  expect(await page.locator('input[name="score"]').count()).toBe(11);
  expect(await seriousViolations(page)).toEqual([]);
  expect(await pageBytes(page, page.url())).toBeLessThan(50 * 1024);
  // Every score is a large enough target for a thumb.
  const box = await page.locator('.scale.nps label').nth(10).boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await screenshot(page, 'loyalty-nps-phone-zh');

  await page.getByText('2', { exact: true }).click();
  await page.getByLabel('您给出这个分数的主要原因是什么？（可选）').fill('上门维修一直约不上');
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByRole('heading', { name: '感谢您的回答' }).waitFor();
  expect(await page.getByText('售后服务部的同事会尽快给您打电话。').count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'loyalty-nps-answered-phone-zh');

  // The follow-up call is in the agents' queue.
  const calls = await api<{ data: { customer: { documentId: string } | null; plan: unknown }[] }>(manager, '/after-sales/care/calls');
  expect(calls.data.filter((c) => c.customer?.documentId === customer!.documentId && c.plan === null)).toHaveLength(1);

  // The link again: already answered, said plainly.
  await page.goto(`${BASE_URL}${path}`);
  await page.getByRole('heading', { name: '您已经回答过了' }).waitFor();
  await context.close();

  // The agent who takes the follow-up call opens the customer's page: the answer is in its loyalty section.
  const agent = await login(browser, 'agent@demo.local', 'zh-Hans');
  await agent.goto(`${BASE_URL}/admin/plugins/after-sales/customers/${customer!.documentId}`, { waitUntil: 'networkidle' });
  await agent.getByText('忠诚度调查（NPS）', { exact: true }).waitFor();
  const row = agent.getByTestId('customer-loyalty').getByRole('row').filter({ hasText: '重点客户满意度与推荐意愿调查' });
  await row.getByText('2 · 贬损者', { exact: true }).waitFor();
  await row.getByText('上门维修一直约不上', { exact: true }).waitFor();
  await row.getByText('已回答', { exact: true }).waitFor();
  await screenshot(agent, 'loyalty-customer-page-agent-zh');
  await agent.context().close();
});
