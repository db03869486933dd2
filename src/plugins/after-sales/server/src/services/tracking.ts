import type { Core } from '@strapi/strapi';
import { parseReference } from '../domain/reference';
import { getService } from '../utils/get-service';
import { queryOf } from '../utils/content-table';
import { tokenMatches } from '../utils/ids';
import { publicMessages } from '../domain/conversation/case-thread';
import { caseKey, caseKeyMatches } from '../domain/portal/case-key';
import { trackingLink } from '../domain/portal/links';

/**
 * What a customer may see of their case with the reference and the key we gave them: state,
 * due dates and a public timeline. Trackable are the item kinds that declare `tracking` (feedback
 * and complaints), found by their reference prefix; the due dates shown are the ones it lists. No contact data, no staff names, no internal notes. A wrong
 * reference and a wrong key look the same.
 *
 * The key is the intake's tracking token (only its hash is stored, `trackingTokenHash`) or the
 * case's own link key (domain/portal/case-key.ts, an HMAC by `AFTER_SALES_PSEUDONYM_KEY`, else
 * Strapi's `ENCRYPTION_KEY`), which the messages after the acknowledgement carry.
 */
const tracking = ({ strapi }: { strapi: Core.Strapi }) => {
  const secret = (): string =>
    strapi.config.get<string>('plugin::after-sales.pseudonymKey', '') ||
    strapi.config.get<string>('admin.secrets.encryptionKey', '') ||
    (strapi.config.get<string[]>('server.app.keys') ?? [])[0] ||
    '';
  const publicUrl = () => strapi.config.get<string>('server.url') || `http://localhost:${strapi.config.get('server.port')}`;

  /** The case a reference and a key name, or null (also for a wrong key). */
  const locate = async (reference: string, key: string) => {
    if (typeof reference !== 'string' || typeof key !== 'string' || reference.length > 40 || key.length > 200) return null;
    const parsed = parseReference(reference);
    const kind = parsed ? getService(strapi, 'item-kinds').byReferencePrefix(parsed.prefix) : undefined;
    const uid = kind?.tracking ? kind.contentType : undefined;
    const item = uid ? await queryOf(strapi, uid).findOne({ where: { reference }, populate: { customer: { select: ['locale'] } } }) : null;
    const matches = tokenMatches(key, item?.trackingTokenHash) || (!!item && !!uid && caseKeyMatches(secret(), uid, item.documentId, key));
    if (!item || !uid || !kind || !matches) return null;
    return { uid, kind, item };
  };

  const view = async ({ uid, kind, item }: NonNullable<Awaited<ReturnType<typeof locate>>>, locale?: string) => {
    const workflowService = getService(strapi, 'workflow');
    const workflow = workflowService.definitionFor(uid);
    const lang = locale === 'en' ? 'en' : 'zh-Hans';
    const titleOf = (state: string | null) => {
      const def = workflow?.states.find((s) => s.id === state);
      if (!def) return state;
      return typeof def.title === 'string' ? def.title : ((def.title as Record<string, string>)[lang] ?? def.title.en);
    };
    const events = await workflowService.timeline(uid, item.documentId, { includeStaff: false });
    // The public part of the conversation: the customer's messages and the replies to them (no notes, no staff names).
    const messages = publicMessages(await getService(strapi, 'thread').list(uid, item.documentId, { internal: false }));
    return {
      reference: item.reference as string,
      kind: kind.id,
      state: item.state as string,
      stateTitle: titleOf(item.state),
      receivedAt: new Date(item.createdAt).toISOString(),
      dueDates: Object.fromEntries(kind.tracking!.dueDates.filter((f) => f in item).map((f) => [f, item[f] ? new Date(item[f]).toISOString() : null])) as Record<string, string | null>,
      timeline: events.map((e) => ({ at: e.at, action: e.action, from: e.from, to: e.to, stateTitle: titleOf(e.to) })),
      messages,
    };
  };

  return {
    async find(reference: string, token: string, locale?: string) {
      const found = await locate(reference, token);
      return found ? view(found, locale) : null;
    },

    /**
     * The case for the customer's tracking page: what `find` shows, in the customer's language unless
     * `locale` is given, with where the case lives (to append the customer's reply) and the customer's locale.
     */
    async findCase(reference: string, key: string, locale?: string) {
      const found = await locate(reference, key);
      if (!found) return null;
      const customerLocale: 'en' | 'zh-Hans' | null = found.item.customer?.locale === 'en' ? 'en' : found.item.customer?.locale === 'zh-Hans' ? 'zh-Hans' : null;
      return { ...(await view(found, locale ?? customerLocale ?? undefined)), contentType: found.uid, documentId: found.item.documentId as string, customerLocale };
    },

    /** The case's own link key (for tracking links in messages after the acknowledgement). */
    linkKey(contentType: string, documentId: string) {
      return caseKey(secret(), contentType, documentId);
    },

    /** The tracking page's address for a reference and a key. */
    link(reference: string, key: string) {
      return trackingLink(publicUrl(), reference, key);
    },
  };
};

export default tracking;
