import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from './strapi';
import { createAdmin, type AdminSession } from './auth';
import { ensureDepartments } from './fixtures';
import { startSmtpSink } from './smtp-sink';
import { startSmsStandIn, type StandInRequest } from './sms-stand-in';

type StandInAnswer = { status?: number; body: unknown } | null;

/**
 * One SMS provider test's setup (registers beforeAll / afterAll): an SMTP sink, a local stand-in of
 * the provider's endpoint (answering what `script` holds next, else `answer`), Strapi booted with
 * the provider's `env` and the stand-in as endpoint, the departments and an after-sales agent.
 * The returned object's fields are set once beforeAll has run.
 */
export const smsProviderSuite = (options: {
  env: Record<string, string>;
  /** Why the stand-in's request is not signed as the provider signs it, or null. */
  checkSignature: Parameters<typeof startSmsStandIn>[0];
  /** The stand-in's answer when nothing is scripted. */
  answer: (req: StandInRequest) => { status?: number; body: unknown };
  /** The symptom `submit` sends when none is given. */
  symptom: string;
}) => {
  const extraEnv = ['AFTER_SALES_SMS_ENDPOINT', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM', 'AFTER_SALES_DISPATCHER', 'AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP'];
  const suite = {
    strapi: undefined as unknown as Core.Strapi,
    smtp: undefined as unknown as Awaited<ReturnType<typeof startSmtpSink>>,
    standIn: undefined as unknown as Awaited<ReturnType<typeof startSmsStandIn>>,
    agent: undefined as unknown as AdminSession,
    departments: undefined as unknown as Awaited<ReturnType<typeof ensureDepartments>>,
    /** What the stand-in answers next, in order (a function answering null falls through to `answer`). */
    script: [] as ((req: StandInRequest) => StandInAnswer)[],
    http: () => request(suite.strapi.server.httpServer),
    dispatch: () => suite.strapi.plugin('after-sales').service('outbox').dispatch(100),
    outboxOf: (documentId: string) => suite.strapi.db.connection('after_sales_outbox').where({ document_id: documentId }).orderBy('id'),
    submit: (kind: 'feedback' | 'complaint', customer: Record<string, unknown>, symptom = options.symptom) =>
      suite
        .http()
        .post('/api/after-sales/intake')
        .send({ data: { kind, channel: 'hotline', customer, symptom } }),
    itemOf: async (kind: 'feedback' | 'complaint', reference: string) => suite.strapi.db.query(`api::${kind}.${kind}` as any).findOne({ where: { reference } }),
  };

  beforeAll(async () => {
    suite.smtp = await startSmtpSink();
    suite.standIn = await startSmsStandIn(options.checkSignature, (req) => suite.script.shift()?.(req) ?? options.answer(req));
    suite.strapi = await bootStrapi({
      env: {
        ...options.env,
        AFTER_SALES_SMS_ENDPOINT: `127.0.0.1:${suite.standIn.port}`,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(suite.smtp.port),
        SMTP_FROM: 'service@example.cn',
        AFTER_SALES_DISPATCHER: 'off',
        AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP: '1000',
      },
    });
    suite.departments = await ensureDepartments(suite.strapi);
    suite.agent = await createAdmin(suite.strapi, 'after-sales-agent', { department: 'after-sales' });
  });
  afterAll(async () => {
    await stopStrapi(suite.strapi);
    await suite.smtp.close();
    await suite.standIn.close();
    for (const key of [...Object.keys(options.env), ...extraEnv]) delete process.env[key];
  });
  return suite;
};
