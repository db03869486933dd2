import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';
import { createProduct, ensureDepartments } from '../helpers/fixtures';
import { adminWorkflow } from '../helpers/workflow';

const UID = 'api::service-record.service-record';
let strapi: Core.Strapi;
let manager: AdminSession;
let departments: Awaited<ReturnType<typeof ensureDepartments>>;

beforeAll(async () => {
  strapi = await bootStrapi();
  departments = await ensureDepartments(strapi);
  manager = await createAdmin(strapi, 'after-sales-manager', { department: 'after-sales' });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

const record = async (data: Record<string, unknown>) => strapi.documents(UID).create({ data: { kind: 'onsite-repair', department: departments['after-sales'].documentId, ...data } as any });

const uploadSignature = async () => {
  const [file] = await strapi
    .plugin('upload')
    .service('upload')
    .upload({
      data: { fileInfo: { name: 'signature.png' } },
      files: { filepath: require('path').join(__dirname, '..', 'fixtures', 'signature.png'), originalFilename: 'signature.png', mimetype: 'image/png', size: 68 },
    });
  return file;
};

describe('service-record workflow', () => {
  it('runs scheduled → in-progress → completed → signed → archived, with the 5-day archive deadline', async () => {
    const wf = adminWorkflow(strapi, manager.token, UID);
    const sr = await record({});
    expect(sr.state).toBe('scheduled');
    await wf.step(sr.documentId, 'start');
    // The technician came back a minute ago (a return date before the record existed is refused: date-validation.test.ts).
    const returnedAt = new Date(Math.floor((Date.now() - 60_000) / 1000) * 1000);
    const completed = await wf.step(sr.documentId, 'complete', { data: { findings: 'fuse blown', result: 'fuse replaced', returnedAt: returnedAt.toISOString() } });
    expect(completed.state).toBe('completed');
    const afterComplete = await strapi.db.query(UID).findOne({ where: { documentId: sr.documentId } });
    // Five working days (001 二.5(4)) of working time, weekends and holidays skipped. From today's real date and
    // hour that is 4 to 14 calendar days: a return before opening time ends at closing time on the fifth working
    // day, a return at night starts counting the next morning (the exact arithmetic is tested with the test clock in test/sla).
    const days = (new Date(afterComplete.archiveBy).getTime() - returnedAt.getTime()) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(4);
    expect(days).toBeLessThanOrEqual(14);

    const missing = await wf.perform(sr.documentId, 'sign', { version: 3, data: { customerOpinion: 'satisfied' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['data.customerSignature']);

    const signature = await uploadSignature();
    await wf.step(sr.documentId, 'sign', { data: { customerOpinion: 'satisfied', customerSignature: signature.id } });
    const archived = await wf.step(sr.documentId, 'archive');
    expect(archived.state).toBe('archived');
    const stored = await strapi.db.query(UID).findOne({ where: { documentId: sr.documentId }, populate: ['customerSignature'] });
    expect(stored.customerSignature.id).toBe(signature.id);
    expect(stored.signedAt).not.toBeNull();
    expect(stored.archivedAt).not.toBeNull();
    // The archive clock (started at the return) stopped when the record was archived, in time.
    const clock = await strapi.db.connection('after_sales_sla_clocks').where({ content_type: UID, document_id: sr.documentId, clock: 'archiveBy' }).first();
    expect(new Date(Number.isNaN(Number(clock.started_at)) ? clock.started_at : Number(clock.started_at)).toISOString()).toBe(returnedAt.toISOString());
    expect(clock.stopped_at).not.toBeNull();
    expect(Boolean(clock.met)).toBe(new Date(stored.archivedAt).getTime() <= new Date(afterComplete.archiveBy).getTime());
  });

  it('a return must be approved before the service starts; approve-return is offered for returns only', async () => {
    const wf = adminWorkflow(strapi, manager.token, UID);
    const repair = await record({});
    expect((await wf.actions(repair.documentId)).body.data.actions.map((a: { id: string }) => a.id)).not.toContain('approve-return');

    const product = await createProduct(strapi, { warrantyMonths: 24 });
    const ret = await record({ kind: 'return', product: product.documentId, purchaseDate: new Date().toISOString().slice(0, 10) });
    const offered = (await wf.actions(ret.documentId)).body.data.actions.map((a: { id: string }) => a.id);
    expect(offered).toEqual(expect.arrayContaining(['approve-return', 'decline', 'cancel']));
    expect(offered).not.toContain('approve-exchange');
    const early = await wf.perform(ret.documentId, 'start', { version: 1 });
    expect(early.status).toBe(400);
    expect(early.body.error.details.errors[0].path).toEqual(['data', 'eligibility']);
    await wf.step(ret.documentId, 'approve-return');
    expect((await wf.step(ret.documentId, 'start')).state).toBe('in-progress');
  });

  it('a declined exchange is cancelled with its reason', async () => {
    const wf = adminWorkflow(strapi, manager.token, UID);
    const ex = await record({ kind: 'exchange' });
    const res = await wf.perform(ex.documentId, 'decline', { version: 1, data: {} });
    expect(res.status).toBe(400);
    const done = await wf.step(ex.documentId, 'decline', { data: { eligibilityNote: 'bought 3 years ago' } });
    expect(done.state).toBe('cancelled');
    expect((await strapi.db.query(UID).findOne({ where: { documentId: ex.documentId } })).eligibility).toBe('not-eligible');
  });
});
