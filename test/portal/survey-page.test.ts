import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

/**
 * The survey page the invitation links to: asked in the customer's language, 1–5 with labels and a
 * comment, a plain form; under 4 the case is reopened and the page says who will contact the
 * customer; a used or expired link is said kindly; an unknown one is the 404 page. The messages'
 * links point to the portal's pages (the survey, the tracking page with the case's link key).
 */
let strapi: Core.Strapi;
let agent: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;
const http = () => request(strapi.server.httpServer);
const UID = 'api::feedback.feedback';

const history = async (documentId: string) =>
  (await strapi.plugin('after-sales').service('outbox').history(UID, documentId)) as { templateKey: string; channel: string; locale: string | null; bodyText: string | null }[];

/** A case taken to the survey (start-callback) for a customer in `locale`; the survey page's path from the invitation. */
const caseAtSurvey = async (locale: 'zh-Hans' | 'en', email: string) => {
  const created = await http()
    .post('/api/after-sales/intake')
    .send({ data: { kind: 'feedback', channel: 'website', customer: { name: 'Survey Customer', email, locale }, symptom: locale === 'en' ? 'The display flickers' : '屏幕闪烁' } });
  expect(created.status).toBe(201);
  const reference = created.body.data.reference as string;
  const item = await strapi.db.query(UID).findOne({ where: { reference } });
  const wf = adminWorkflow(strapi, agent.token, UID);
  await wf.step(item.documentId, 'acknowledge');
  await wf.step(item.documentId, 'triage', { data: { type: 'quality', severity: 'general', department: departments['after-sales'].documentId, assignee: agent.id } });
  await wf.step(item.documentId, 'start');
  await wf.step(item.documentId, 'resolve', { data: { resolutionSummary: locale === 'en' ? 'Replaced the display cable' : '更换了屏幕排线' } });
  await wf.step(item.documentId, 'start-callback');
  const invitation = (await history(item.documentId)).find((m) => m.templateKey === 'feedback.survey' && m.channel === 'email');
  expect(invitation).toBeDefined();
  const link = /https?:\/\/\S+\/after-sales\/portal\/survey\/([A-Za-z0-9_-]+)/.exec(invitation!.bodyText ?? '');
  expect(link).not.toBeNull();
  return { reference, documentId: item.documentId as string, invitation: invitation!, token: link![1], path: `/after-sales/portal/survey/${link![1]}` };
};

beforeAll(async () => {
  strapi = await bootStrapi({
    env: { AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '1000', AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000', AFTER_SALES_SCHEDULER: 'off', AFTER_SALES_DISPATCHER: 'off' },
  });
  departments = await ensureDepartments(strapi);
  agent = await createAdmin(strapi, 'after-sales-agent', { department: 'after-sales' });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('customer survey page', () => {
  it('asks in the customer’s language; 3 reopens the case and says who will contact them; the link is then used', async () => {
    const c = await caseAtSurvey('en', 'survey.en@example.de');
    // The invitation itself is in English, and so is the survey it created.
    expect(c.invitation.locale).toBe('en');
    expect((await strapi.db.connection('after_sales_surveys').where({ document_id: c.documentId }).first()).locale).toBe('en');

    const page = await http().get(c.path).set('Accept-Language', 'zh-CN');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('How did we do?');
    for (const label of ['Very dissatisfied', 'Dissatisfied', 'Neither satisfied nor dissatisfied', 'Satisfied', 'Very satisfied']) expect(page.text).toContain(label);
    expect(page.text).toContain(`action="${c.path}?lang&#x3D;en"`);
    expect(Buffer.byteLength(page.text)).toBeLessThan(50 * 1024);

    const answered = await http().post(c.path).type('form').send({ score: '3', comment: 'Still flickers sometimes.' });
    expect(answered.status).toBe(303);
    expect(answered.headers.location).toBe(`${c.path}?lang=en&answered=1`);
    const stored = await strapi.db.query(UID).findOne({ where: { documentId: c.documentId } });
    expect(stored).toMatchObject({ state: 'in-progress', satisfactionScore: 3, satisfactionComment: 'Still flickers sometimes.', reopenCount: 1 });
    const after = await http().get(answered.headers.location);
    expect(after.status).toBe(200);
    expect(after.text).toContain('Thank you for your answer');
    expect(after.text).toContain(`We have reopened your case ${c.reference}.`);
    expect(after.text).toContain('Our after-sales service team will contact you shortly.');
    // No staff name on the page.
    expect(after.text).not.toMatch(/Tester\d/);
    expect(after.text).not.toContain(agent.email);

    // The reopening message links to the tracking page with the case's link key, and the page opens.
    const reopened = (await history(c.documentId)).find((m) => m.templateKey === 'feedback.reopened' && m.channel === 'email');
    const trackLink = /https?:\/\/\S+(\/after-sales\/portal\/track\/\S+)/.exec(reopened?.bodyText ?? '');
    expect(trackLink).not.toBeNull();
    const tracking = await http().get(trackLink![1]);
    expect(tracking.status).toBe(200);
    expect(tracking.text).toContain(`Your case ${c.reference}`);

    // Answering again: nothing recorded, the page says kindly that it was answered.
    const again = await http().post(c.path).type('form').send({ score: '5' });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`${c.path}?lang=en`);
    const used = await http().get(again.headers.location);
    expect(used.text).toContain('This survey has already been answered. Thank you!');
    expect((await strapi.db.query(UID).findOne({ where: { documentId: c.documentId } })).satisfactionScore).toBe(3);
  });

  it('in Chinese: 5 closes the case and thanks, without a reopen message', async () => {
    const c = await caseAtSurvey('zh-Hans', 'survey.zh@example.cn');
    expect(c.invitation.locale).toBe('zh-Hans');
    const page = await http().get(c.path).set('Accept-Language', 'en');
    expect(page.text).toContain('<html lang="zh-CN">');
    expect(page.text).toContain('非常满意');
    const answered = await http().post(c.path).type('form').send({ score: '5' });
    expect(answered.status).toBe(303);
    const after = await http().get(answered.headers.location);
    expect(after.text).toContain('感谢您的评价');
    expect(after.text).not.toContain('重新处理');
    expect((await strapi.db.query(UID).findOne({ where: { documentId: c.documentId } })).state).toBe('closed');
  });

  it('refuses an answer without a valid score and keeps the comment; records nothing', async () => {
    const c = await caseAtSurvey('en', 'survey.invalid@example.de');
    for (const score of [undefined, '0', '6', '3.5', 'five']) {
      const res = await http()
        .post(c.path)
        .type('form')
        .send({ ...(score === undefined ? {} : { score }), comment: 'my words' });
      expect([score, res.status]).toEqual([score, 400]);
      expect(res.text).toContain('Please choose one of the five answers.');
      expect(res.text).toContain('>my words</textarea>');
    }
    const tooLong = await http()
      .post(c.path)
      .type('form')
      .send({ score: '4', comment: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('Please keep your comment under 2000 characters.');
    const stored = await strapi.db.query(UID).findOne({ where: { documentId: c.documentId } });
    expect(stored.state).toBe('callback');
    expect(stored.satisfactionScore ?? null).toBeNull();
  });

  it('says kindly that an expired link has expired, and answers an unknown one with the 404 page', async () => {
    const c = await caseAtSurvey('zh-Hans', 'survey.expired@example.cn');
    await strapi.db
      .connection('after_sales_surveys')
      .where({ document_id: c.documentId })
      .update({ expires_at: Date.now() - 1000 });
    const expired = await http().get(c.path);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('此评价链接已过期');
    expect(expired.text).toContain('查看工单并给我们留言');
    const post = await http().post(c.path).type('form').send({ score: '2' });
    expect(post.status).toBe(303);
    expect((await strapi.db.query(UID).findOne({ where: { documentId: c.documentId } })).state).toBe('callback');

    const unknown = await http().get('/after-sales/portal/survey/not-a-real-token');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('页面不存在');
    expect((await http().post('/after-sales/portal/survey/not-a-real-token').type('form').send({ score: '3' })).status).toBe(404);
  });
});
