import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';
import { createApiUser, crudActions } from '../helpers/auth';
import { parseReference } from '../../src/plugins/after-sales/server/src/domain/reference';

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);

beforeAll(async () => {
  strapi = await bootStrapi();
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('human-readable references', () => {
  it('100 concurrent feedback creations get 100 distinct references with no gap in the day', async () => {
    const { jwt } = await createApiUser(strapi, crudActions('api::feedback.feedback', ['create']));
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        http()
          .post('/api/feedbacks')
          .set('Authorization', `Bearer ${jwt}`)
          .send({ data: { channel: 'email', symptom: `problem ${i}` } })
      )
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(201));
    const references: string[] = responses.map((r) => r.body.data.reference);
    expect(new Set(references).size).toBe(100);
    const parsed = references.map((r) => parseReference(r)!);
    expect(parsed.every((p) => p && p.prefix === 'FB')).toBe(true);
    expect(new Set(parsed.map((p) => p.day)).size).toBe(1);
    expect(parsed.map((p) => p.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('uses the business time zone for the day and separate sequences per kind', async () => {
    const clock = strapi.plugin('after-sales').service('clock');
    clock.set(new Date('2026-03-01T16:30:00Z')); // 00:30 on 2 March in Asia/Shanghai
    try {
      const complaint = await strapi.documents('api::complaint.complaint').create({ data: { description: 'x' } as any });
      const record = await strapi.documents('api::service-record.service-record').create({ data: { kind: 'return' } as any });
      expect(complaint.reference).toBe('CP-20260302-0001');
      expect(record.reference).toBe('SR-20260302-0001');
    } finally {
      clock.set(null);
    }
  });

  it('ignores a reference sent on create and refuses changing it', async () => {
    const { jwt } = await createApiUser(strapi, crudActions('api::feedback.feedback', ['create', 'update']));
    const auth = { Authorization: `Bearer ${jwt}` };
    const created = await http()
      .post('/api/feedbacks')
      .set(auth)
      .send({ data: { channel: 'email', symptom: 'x', reference: 'FB-19990101-0001' } });
    expect(created.status).toBe(201);
    expect(created.body.data.reference).not.toBe('FB-19990101-0001');
    const changed = await http()
      .put(`/api/feedbacks/${created.body.data.documentId}`)
      .set(auth)
      .send({ data: { reference: 'FB-19990101-0002' } });
    expect(changed.status).toBe(400);
    expect(changed.body.error.message).toMatch(/reference/);
  });

  it('a creation that fails leaves no gap: its number is rolled back', async () => {
    const before = await strapi.documents('api::feedback.feedback').create({ data: { channel: 'email', symptom: 'a' } as any });
    await expect(strapi.documents('api::feedback.feedback').create({ data: { channel: 'not-a-channel', symptom: 'b' } as any })).rejects.toThrow();
    const after = await strapi.documents('api::feedback.feedback').create({ data: { channel: 'email', symptom: 'c' } as any });
    expect(parseReference(after.reference as string)!.sequence).toBe(parseReference(before.reference as string)!.sequence + 1);
  });
});
