import request from 'supertest';
import type { Core } from '@strapi/strapi';

/** Calls the admin workflow API as one admin user. */
export const adminWorkflow = (strapi: Core.Strapi, token: string, uid: string) => {
  const http = () => request(strapi.server.httpServer);
  const auth = { Authorization: `Bearer ${token}` };
  return {
    actions: (documentId: string) => http().get(`/after-sales/workflows/${uid}/${documentId}/actions`).set(auth),
    timeline: (documentId: string) => http().get(`/after-sales/workflows/${uid}/${documentId}/timeline`).set(auth),
    perform: (documentId: string, action: string, body: Record<string, unknown>) => http().post(`/after-sales/workflows/${uid}/${documentId}/actions/${action}`).set(auth).send(body),
    /** Tries an action at the record's current version: the answer, refused or not. */
    async attempt(documentId: string, action: string, extra: { note?: string; data?: Record<string, unknown> } = {}) {
      const current = await http().get(`/after-sales/workflows/${uid}/${documentId}/actions`).set(auth);
      if (current.status !== 200) throw new Error(`actions ${current.status} ${JSON.stringify(current.body)}`);
      return http()
        .post(`/after-sales/workflows/${uid}/${documentId}/actions/${action}`)
        .set(auth)
        .send({ version: current.body.data.version, ...extra });
    },
    /** Performs an action at the record's current version; fails the test if it is refused. */
    async step(documentId: string, action: string, extra: { note?: string; data?: Record<string, unknown> } = {}) {
      const res = await this.attempt(documentId, action, extra);
      if (res.status !== 200) throw new Error(`${action} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data as { state: string; version: number; changedFields: string[] };
    },
  };
};

/** How many audit events one item has (read from the audit table). */
export const auditCount = async (strapi: Core.Strapi, documentId: string) => {
  const [{ count }] = await strapi.db.connection('after_sales_audit_events').where({ document_id: documentId }).count({ count: '*' });
  return Number(count);
};

/** Writes an improvement record's plan: one short-term and one long-term action (propose-plan needs both). */
export const putImprovementPlan = async (strapi: Core.Strapi, token: string, documentId: string, plan: { ownerId: number; dueDate: string }) => {
  const res = await request(strapi.server.httpServer)
    .put(`/after-sales/improvements/${documentId}/plan`)
    .set({ Authorization: `Bearer ${token}` })
    .send({
      actions: [
        { term: 'short', action: 'Short-term fix', ownerId: plan.ownerId, dueDate: plan.dueDate },
        { term: 'long', action: 'Long-term improvement', ownerId: plan.ownerId, dueDate: plan.dueDate },
      ],
    });
  if (res.status !== 200) throw new Error(`plan → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
};

/**
 * The internal verification of an improvement record: gives every test case of its analysis reports
 * this verdict (a failed one with a note), as the user of `token` (someone other than the fix's author).
 */
export const verifyTestCases = async (strapi: Core.Strapi, token: string, documentId: string, result: 'passed' | 'failed' = 'passed') => {
  const auth = { Authorization: `Bearer ${token}` };
  const listed = await request(strapi.server.httpServer).get(`/after-sales/improvements/${documentId}/internal-verification`).set(auth);
  if (listed.status !== 200) throw new Error(`internal verification → ${listed.status} ${JSON.stringify(listed.body)}`);
  const cases = listed.body.data.cases as { report: string; testCase: number }[];
  const res = await request(strapi.server.httpServer)
    .post(`/after-sales/improvements/${documentId}/internal-verification`)
    .set(auth)
    .send({ data: { results: cases.map((c) => ({ report: c.report, testCase: c.testCase, result, ...(result === 'failed' ? { note: '未达到预期' } : {}) })) } });
  if (res.status !== 200) throw new Error(`verdicts → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { cases: unknown[]; summary: { total: number; passed: number; failed: number; open: number; allPassed: boolean } };
};
