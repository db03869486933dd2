import type { Core } from '@strapi/strapi';
import type { AnsweredNpsInvitationRow, NpsInvitationRow } from '../../domain/loyalty/nps-invitation-row';
import { campaignProblems, isDetractor, monthIn, npsBySegmentAndMonth, npsGroup, npsOf } from '../../domain/loyalty/nps';
import { npsLink } from '../../domain/portal/links';
import { HttpError, TABLES, hashToken, queryOf, invalidInput, newSecretToken, oncePerStrapi, type AfterSalesApiV1, type CustomerLoyaltyInvitation, type LoyaltyInvitation } from '../../extension-api';
import { CUSTOMER, INVITATION_TEMPLATE } from './constants';

const DAY_MS = 24 * 3600 * 1000;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const active = new WeakMap<object, AfterSalesApiV1>();
export const useLoyaltyApi = (strapi: object, api: AfterSalesApiV1 | null) => (api ? active.set(strapi, api) : active.delete(strapi));

/** A customer as a campaign's audience is read (the fields selected below). */
interface Customer {
  id: number;
  documentId: string;
  name: string;
  company: string | null;
  segment: string | null;
  email: string | null;
  phone: string | null;
  preferredChannel: string | null;
  locale: string | null;
  privacyState: string | null;
}

/** A row of `after_sales_nps_campaigns` as raw knex returns it. */
interface NpsCampaignRow {
  id: number | string;
  name: string;
  segment: string | null;
  product: string | null;
  invited: number | string;
  created_by: string | null;
  created_at: string;
}

/**
 * Loyalty (NPS) surveys: a campaign invites every reachable customer of a segment (or every owner of
 * a product model: customers with a service record, feedback or complaint about it) once, on the
 * customer's channel (preferred, else the fallback order), with an unguessable link to the portal's
 * NPS page; the answer is recorded once; a detractor's answer opens a follow-up care call.
 */
const loyalty = (strapi: Core.Strapi) => {
  const api = (): AfterSalesApiV1 => {
    const current = active.get(strapi);
    if (!current) throw new HttpError(503, 'Loyalty surveys are switched off (extension after-sales.loyalty is disabled)');
    return current;
  };
  const knex = () => strapi.db.connection;
  const now = () => api().clock.now();
  const timeZone = () => strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
  const publicUrl = () => (strapi.config.get<string>('server.url') || `http://localhost:${strapi.config.get('server.port')}`).replace(/\/$/, '');

  const audience = async (input: { segment: string | null; product: string | null }): Promise<Customer[]> => {
    const select = ['id', 'documentId', 'name', 'company', 'segment', 'email', 'phone', 'preferredChannel', 'locale', 'privacyState'];
    const where = input.segment ? { segment: input.segment } : { $or: ['serviceRecords', 'feedbacks', 'complaints'].map((relation) => ({ [relation]: { product: { modelCode: input.product } } })) };
    const customers = (await queryOf(strapi, CUSTOMER).findMany({ where, select, orderBy: { id: 'asc' } })) as Customer[];
    // Erased or restricted customers are never asked.
    return customers.filter((c) => !c.privacyState || c.privacyState === 'active');
  };

  const findInvitation = async (token: string) => {
    if (typeof token !== 'string' || !token || token.length > 200) return null;
    return knex()(TABLES.npsInvitations)
      .where({ token_hash: hashToken(token) })
      .first();
  };

  return {
    /**
     * Sends a campaign: `{ name, segment }` or `{ name, product }` (a product model). One invitation
     * per reachable customer, queued in the outbox in one transaction with the campaign; a customer no
     * channel reaches is counted with the reason, not invited.
     */
    async send(body: Record<string, unknown>, user: { id?: number; email?: string } | undefined) {
      const problems = campaignProblems(body ?? {});
      if (Object.keys(problems).length) throw invalidInput(Object.entries(problems).map(([field, message]) => ({ path: ['data', field], message })));
      const name = String(body.name).trim();
      const segment = typeof body.segment === 'string' ? body.segment.trim() : null;
      const product = typeof body.product === 'string' ? body.product.trim() : null;
      const customers = await audience({ segment, product });
      const lifetime = Number(await api().configuration.get<number>('lifetimeDays')) || 30;
      const createdAt = now();
      return strapi.db.transaction(async ({ trx }) => {
        const [inserted] = await trx(TABLES.npsCampaigns)
          .insert({ name, segment, product, invited: 0, created_by: user?.email ?? null, created_at: createdAt.toISOString() })
          .returning('id');
        const campaignId = Number(typeof inserted === 'object' ? inserted.id : inserted);
        const unreachable: { customer: string; reason: string }[] = [];
        let invited = 0;
        for (const customer of customers) {
          const token = newSecretToken();
          // On the customer's channel (preferred, else the fallback order), in their language, as every customer message.
          const sent = await api().customerMessages.send({
            templateKey: INVITATION_TEMPLATE,
            customer: customer.documentId,
            variables: { links: { survey: npsLink(publicUrl(), token) } },
            dedupeKey: `loyalty:${campaignId}:${customer.documentId}`,
            trigger: 'loyalty.campaign',
          });
          if (sent.status === 'unreachable') {
            unreachable.push({ customer: customer.documentId, reason: sent.reason });
            continue;
          }
          await trx(TABLES.npsInvitations).insert({
            campaign_id: campaignId,
            customer_document_id: customer.documentId,
            segment: customer.segment ?? null,
            token_hash: hashToken(token),
            locale: sent.locale,
            expires_at: createdAt.getTime() + lifetime * DAY_MS,
            created_at: createdAt.toISOString(),
          });
          invited += 1;
        }
        await trx(TABLES.npsCampaigns).where({ id: campaignId }).update({ invited });
        await api().audit.append({ action: 'loyalty-campaign-sent', details: { campaign: campaignId, name, segment, product, invited, unreachable: unreachable.length } }, trx);
        return { id: campaignId, name, segment, product, audience: customers.length, invited, unreachable };
      });
    },

    /** Campaigns newest first, with how many were invited, answered, and their NPS. */
    async campaigns() {
      const campaigns = (await knex()(TABLES.npsCampaigns).orderBy('id', 'desc').limit(100)) as NpsCampaignRow[];
      const answers = (await knex()(TABLES.npsInvitations)
        .whereIn(
          'campaign_id',
          campaigns.map((c) => c.id)
        )
        .whereNotNull('answered_at')
        .select('campaign_id', 'score')) as Pick<AnsweredNpsInvitationRow, 'campaign_id' | 'score'>[];
      return campaigns.map((c) => ({
        id: Number(c.id),
        name: c.name,
        segment: c.segment ?? null,
        product: c.product ?? null,
        invited: Number(c.invited),
        createdAt: c.created_at,
        ...npsOf(answers.filter((a) => Number(a.campaign_id) === Number(c.id)).map((a) => Number(a.score))),
      }));
    },

    /** NPS by segment (the customer's when invited) and month answered (business time zone); `from`/`to` months (`2026-03`) and `campaign` narrow it. */
    async results(query: Record<string, unknown>) {
      const problems: { path: string[]; message: string }[] = [];
      for (const field of ['from', 'to'] as const)
        if (query[field] !== undefined && !(typeof query[field] === 'string' && MONTH.test(query[field] as string))) problems.push({ path: [field], message: 'a month like 2026-03' });
      if (query.campaign !== undefined && !/^\d{1,9}$/.test(String(query.campaign))) problems.push({ path: ['campaign'], message: 'a campaign id' });
      if (problems.length) throw invalidInput(problems);
      const q = knex()(TABLES.npsInvitations).whereNotNull('answered_at');
      if (query.campaign !== undefined) q.where({ campaign_id: Number(query.campaign) });
      const rows = await q.select('segment', 'answered_at', 'score', 'care_call_document_id');
      const zone = timeZone();
      const inRange = (month: string) => (!query.from || month >= String(query.from)) && (!query.to || month <= String(query.to));
      const answers = rows
        .map((r: Pick<AnsweredNpsInvitationRow, 'segment' | 'answered_at' | 'score' | 'care_call_document_id'>) => ({
          segment: r.segment ?? null,
          answeredAt: new Date(r.answered_at),
          score: Number(r.score),
          followUp: !!r.care_call_document_id,
        }))
        .filter((a: { answeredAt: Date }) => inRange(monthIn(a.answeredAt, zone)));
      return { ...npsBySegmentAndMonth(answers, zone), followUps: answers.filter((a: { followUp: boolean }) => a.followUp).length };
    },

    /**
     * One customer's invitations for the staff customer page: the answered ones and those sent and not
     * answered (open, or closed unanswered), newest first (the answer's time, else the sending's), at
     * most `limit`. The comment unmasked: the page masks it.
     */
    async ofCustomer(customerDocumentId: string, limit: number): Promise<CustomerLoyaltyInvitation[]> {
      const columns = ['campaign_id', 'created_at', 'answered_at', 'score', 'comment', 'expires_at'];
      const of = () => knex()(TABLES.npsInvitations).where({ customer_document_id: customerDocumentId });
      type Row = Pick<NpsInvitationRow, 'campaign_id' | 'created_at' | 'answered_at' | 'score' | 'comment' | 'expires_at'>;
      const answered = (await of().whereNotNull('answered_at').orderBy('answered_at', 'desc').limit(limit).select(columns)) as Row[];
      const unanswered = (await of().whereNull('answered_at').orderBy('id', 'desc').limit(limit).select(columns)) as Row[];
      const at = (row: Row) => new Date(row.answered_at ?? row.created_at).getTime();
      const rows = [...answered, ...unanswered].sort((a, b) => at(b) - at(a)).slice(0, limit);
      const campaignIds = [...new Set(rows.map((r) => Number(r.campaign_id)))];
      const names = new Map(((await knex()(TABLES.npsCampaigns).whereIn('id', campaignIds).select('id', 'name')) as Pick<NpsCampaignRow, 'id' | 'name'>[]).map((c) => [Number(c.id), c.name]));
      const nowMs = now().getTime();
      return rows.map((r) => {
        const score = r.answered_at && r.score !== null && r.score !== undefined ? Number(r.score) : null;
        return {
          campaign: names.get(Number(r.campaign_id)) ?? '',
          status: r.answered_at ? 'answered' : Number(r.expires_at) < nowMs ? 'expired' : 'open',
          score,
          group: score === null ? null : npsGroup(score),
          comment: r.answered_at ? (r.comment ?? null) : null,
          sentAt: new Date(r.created_at).toISOString(),
          answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
        };
      });
    },

    /** An invitation by its link's token, for the portal's page (no personal data). */
    async lookup(token: string): Promise<LoyaltyInvitation | null> {
      const row = await findInvitation(token);
      if (!row) return null;
      const campaign = await knex()(TABLES.npsCampaigns).where({ id: row.campaign_id }).first('name');
      const status = row.answered_at ? 'answered' : Number(row.expires_at) < now().getTime() ? 'expired' : 'open';
      return { status, locale: row.locale === 'en' ? 'en' : 'zh-Hans', campaign: campaign?.name ?? '', score: row.score === null || row.score === undefined ? null : Number(row.score) };
    },

    /** Records the answer once (the claim and the follow-up call in one transaction); a detractor's answer opens a care call. */
    async answer(token: string, answer: { score: number; comment?: string | null }) {
      const row = await findInvitation(token);
      if (!row || Number(row.expires_at) < now().getTime()) return { status: 404 as const };
      const followUp = isDetractor(answer.score) && (await api().configuration.get<boolean>('followUpDetractors')) !== false;
      return strapi.db.transaction(async ({ trx }) => {
        const claimed = await trx(TABLES.npsInvitations)
          .where({ id: row.id })
          .whereNull('answered_at')
          .update({ answered_at: now().toISOString(), score: answer.score, comment: answer.comment ?? null });
        if (!claimed) return { status: 409 as const };
        const campaign = await trx(TABLES.npsCampaigns).where({ id: row.campaign_id }).first('name');
        await api().audit.append(
          {
            action: 'nps-answered',
            contentType: CUSTOMER,
            documentId: row.customer_document_id,
            actor: { kind: 'customer', name: 'customer survey' },
            details: { campaign: campaign?.name, score: answer.score },
          },
          trx
        );
        if (!followUp) return { status: 200 as const, followUp: false };
        const call = await api().careCalls.open({
          customer: row.customer_document_id,
          summary: `NPS ${answer.score}/10 · ${campaign?.name ?? ''}${answer.comment ? ` · ${answer.comment}` : ''}`,
          reason: { loyaltyCampaign: campaign?.name ?? null, score: answer.score },
        });
        if (call) await trx(TABLES.npsInvitations).where({ id: row.id }).update({ care_call_document_id: call.documentId });
        return { status: 200 as const, followUp: !!call };
      });
    },
  };
};

export const loyaltyOf = oncePerStrapi((strapi) => loyalty(strapi));
