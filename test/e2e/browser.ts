import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';

export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:1339';
export const ARTIFACTS = path.join(__dirname, 'artifacts');
export const PASSWORD = 'Demo1234!';

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'],
  });

export const screenshot = async (page: Page, name: string) => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
};

/** The admin's Reports page (a path for `login`). */
export const REPORTS_PATH = '/admin/plugins/after-sales/reports';

/** This month in the business time zone (Shanghai, UTC+8): the reports' months. */
export const businessMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

/**
 * Logs in through the admin's login form, optionally in Simplified Chinese; with `path` (an admin
 * path such as REPORTS_PATH), then opens that page and waits for its requests to settle.
 */
export const login = async (browser: Browser, email: string, language: 'en' | 'zh-Hans' = 'en', path?: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: language === 'en' ? 'en-US' : 'zh-CN' });
  await context.addInitScript((lang) => window.localStorage.setItem('strapi-admin-language', lang), language);
  context.setDefaultTimeout(60000);
  const page = await context.newPage();
  // E2E_DEBUG=1 prints the admin's uncaught errors (a screen that never appears usually threw one).
  if (process.env.E2E_DEBUG) page.on('pageerror', (error) => console.log('PAGEERROR', error.message, error.stack));
  // What test/e2e/environment.js prints when the test fails: the admin's errors, the requests that did not succeed and those unanswered.
  const events: string[] = [];
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  page.on('pageerror', (error) => events.push(`${at()} page error: ${error.message}`));
  // Only the app's own requests (the admin also asks GitHub for Strapi's latest release, unreachable here).
  const ours = (request: Request) => request.url().startsWith(BASE_URL);
  const pending = new Map<Request, string>();
  page.on('request', (request) => {
    if (ours(request)) pending.set(request, at());
  });
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('requestfailed', (request) => {
    pending.delete(request);
    if (ours(request)) events.push(`${at()} ${request.method()} ${request.url()} failed: ${request.failure()?.errorText ?? ''}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) events.push(`${at()} ${response.request().method()} ${response.url()} answered ${response.status()}`);
  });
  const registry = globalThis as typeof globalThis & { __e2ePages?: { page: Page; email: string; events: string[]; pending: Map<Request, string> }[] };
  (registry.__e2ePages ??= []).push({ page, email, events, pending });
  await page.goto(`${BASE_URL}/admin/auth/login`, { waitUntil: 'networkidle' });
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/admin\/?$/, { timeout: 60000 });
  if (path) await page.goto(`${BASE_URL}${path}`, { waitUntil: 'networkidle' });
  return page;
};

const tokens = new Map<string, string>();
export const adminToken = async (email: string): Promise<string> => {
  if (tokens.has(email)) return tokens.get(email)!;
  const res = await fetch(`${BASE_URL}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const body = (await res.json()) as { data?: { token: string } };
  if (!body.data) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(body)}`);
  tokens.set(email, body.data.token);
  return body.data.token;
};

export const api = async <T = any>(token: string, url: string): Promise<T> => {
  const res = await fetch(`${BASE_URL}${url}`, { headers: { Authorization: `Bearer ${token}` } });
  return (await res.json()) as T;
};

/** A request of a signed-in staff member (a JSON body when given): the status and the parsed answer. */
export const send = async (token: string, method: string, url: string, body?: unknown) => {
  const res = await fetch(`${BASE_URL}${url}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
};

const FEEDBACK_UID = 'api::feedback.feedback';

/**
 * A feedback from the customer intake (a hotline quality issue of general severity unless `data` says otherwise; `data`
 * holds the customer, the symptom…), then taken by the super admin through `actions` (each with its data) as the case
 * screen would: each action with the version the workflow panel reads. Its reference and document id.
 */
export const feedbackThrough = async (data: Record<string, unknown>, actions: { action: string; data?: Record<string, unknown> }[] = []) => {
  const admin = await adminToken('admin@demo.local');
  const intake = await fetch(`${BASE_URL}/api/after-sales/intake`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { kind: 'feedback', channel: 'hotline', type: 'quality', severity: 'general', ...data } }),
  });
  if (intake.status !== 201) throw new Error(`intake: ${intake.status} ${await intake.text()}`);
  const reference = ((await intake.json()) as { data: { reference: string } }).data.reference;
  const documentId = (await api(admin, `/content-manager/collection-types/${FEEDBACK_UID}?filters[reference][$eq]=${reference}`)).results[0].documentId as string;
  await workflowSteps(documentId, actions);
  return { reference, documentId };
};

/**
 * A case of the agent's own, taken in now through the intake, acknowledged and triaged into after-sales with her as
 * the assignee: its deadlines are days away, so the SLA sweep (every minute, and through a backlog of the seeded
 * overdue cases in the server's first minutes) never moves it. Tests that need "a case of hers" take this one, not
 * the first row of a seeded view, which the sweep may rightly reassign to the department head meanwhile.
 */
export const caseOfAgent = async (customer: { name: string; email: string }, symptom: string) => {
  const agentId = (await api(await adminToken('agent@demo.local'), '/admin/users/me')).data.id as number;
  const departments = (await api(await adminToken('admin@demo.local'), '/content-manager/collection-types/api::department.department?pageSize=20')).results as { code: string; documentId: string }[];
  const afterSales = departments.find((d) => d.code === 'after-sales');
  if (!afterSales) throw new Error('no after-sales department in the demo data');
  return feedbackThrough({ customer, symptom, product: { model: 'WH-60', batch: 'B-2026-07' }, scenario: '办公室', frequency: '每天', expectedSolution: '维修' }, [
    { action: 'acknowledge' },
    { action: 'triage', data: { type: 'quality', severity: 'general', department: afterSales.documentId, assignee: agentId, judgement: 'update-or-part' } },
  ]);
};

/** Takes a feedback through `actions` as the super admin, each with the version the workflow panel reads; fails on a refusal. */
export const workflowSteps = async (documentId: string, actions: { action: string; data?: Record<string, unknown> }[]) => {
  const admin = await adminToken('admin@demo.local');
  for (const { action, data: fields } of actions) {
    const { data: panel } = await api(admin, `/after-sales/workflows/${FEEDBACK_UID}/${documentId}/actions`);
    const res = await send(admin, 'POST', `/after-sales/workflows/${FEEDBACK_UID}/${documentId}/actions/${action}`, { version: panel.version, ...(fields ? { data: fields } : {}) });
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  }
};
