import type { Core } from '@strapi/strapi';
import { messagesApi as api } from './handle';
import { TABLES, hashToken, newSecretToken, oncePerStrapi, type SurveyInvitation } from '../../extension-api';

const DAY_MS = 24 * 3600 * 1000;

const QUESTION: Record<string, { question: string; scale: string }> = {
  'zh-Hans': { question: '您的问题是否已解决？您对本次处理是否满意？', scale: '1 = 非常不满意，5 = 非常满意' },
  en: { question: 'Is your problem solved, and are you satisfied with how we handled it?', scale: '1 = very dissatisfied, 5 = very satisfied' },
};

/**
 * Satisfaction surveys: an unguessable, expiring token per invitation. Answering records the score
 * once; a score under 4 reopens the case (the `record-satisfaction` action), 4 or 5 closes it.
 */
const surveys = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const now = () => api().clock.now();
  const lifetimeDays = () => strapi.config.get<number>('plugin::after-sales.surveyLifetimeDays', 14);

  const findOpen = async (token: string) => {
    if (!token || token.length > 200) return null;
    const row = await knex()(TABLES.surveys)
      .where({ token_hash: hashToken(token) })
      .first();
    if (!row || Number(row.expires_at) < now().getTime()) return null;
    return row;
  };

  return {
    /** Creates an invitation inside the caller's transaction; returns the token for the link. */
    async invite(item: { contentType: string; documentId: string; reference: string | null; locale: string }) {
      const token = newSecretToken();
      await strapi.db.transaction(async ({ trx }) => {
        await trx(TABLES.surveys).insert({
          token_hash: hashToken(token),
          content_type: item.contentType,
          document_id: item.documentId,
          reference: item.reference,
          locale: item.locale,
          expires_at: now().getTime() + lifetimeDays() * DAY_MS,
          created_at: now().toISOString(),
        });
      });
      return token;
    },

    /** An invitation by its token, whatever its state (the survey page says kindly when it is used or expired); null when unknown. */
    async lookup(token: string): Promise<SurveyInvitation | null> {
      if (typeof token !== 'string' || !token || token.length > 200) return null;
      const row = await knex()(TABLES.surveys)
        .where({ token_hash: hashToken(token) })
        .first();
      if (!row) return null;
      const status = row.answered_at ? 'answered' : Number(row.expires_at) < now().getTime() ? 'expired' : 'open';
      return {
        status,
        reference: row.reference ?? null,
        locale: row.locale === 'en' ? 'en' : 'zh-Hans',
        contentType: row.content_type,
        documentId: row.document_id,
        score: row.score === null || row.score === undefined ? null : Number(row.score),
      };
    },

    /** The question in the customer's language and the case's reference; no personal data. */
    async question(token: string) {
      const row = await findOpen(token);
      if (!row) return null;
      const locale = row.locale === 'en' ? 'en' : 'zh-Hans';
      return { reference: row.reference, locale, ...QUESTION[locale], scores: [1, 2, 3, 4, 5], answered: !!row.answered_at, expiresAt: new Date(Number(row.expires_at)).toISOString() };
    },

    async answer(token: string, answer: { score: number; comment?: string | null }) {
      const row = await findOpen(token);
      if (!row) return { status: 404 as const };
      // Claim the answer and run the transition in one transaction: only one submit wins.
      return strapi.db.transaction(async ({ trx }) => {
        const claimed = await trx(TABLES.surveys)
          .where({ id: row.id })
          .whereNull('answered_at')
          .update({ answered_at: now().toISOString(), score: answer.score, comment: answer.comment ?? null });
        if (!claimed) return { status: 409 as const };
        const record = await strapi.db.query(row.content_type).findOne({ where: { documentId: row.document_id }, select: ['version', 'state'] });
        const result = await api().workflow.perform(
          row.content_type,
          row.document_id,
          'record-satisfaction',
          { version: record.version, data: { satisfactionScore: answer.score, ...(answer.comment ? { satisfactionComment: answer.comment } : {}) } },
          { kind: 'system', id: null, name: 'customer survey', headOf: [] }
        );
        return { status: 200 as const, reference: row.reference as string | null, state: result.state, reopened: answer.score < 4 };
      });
    },
  };
};

/** The service of this Strapi: one instance, shared by the routes (as a plugin service) and the extension's activator. */
export const surveysOf = oncePerStrapi((strapi) => surveys({ strapi }));

export default ({ strapi }: { strapi: Core.Strapi }) => surveysOf(strapi);
