import type { Core } from '@strapi/strapi';
import { parseReference } from '../domain/reference';
import { getService } from '../utils/get-service';
import { tokenMatches } from '../utils/ids';
import { publicMessages } from '../domain/conversation/case-thread';

/**
 * What a customer may see of their case with the reference and the token we gave them: state,
 * due dates and a public timeline. Trackable are the item kinds that declare `tracking` (feedback
 * and complaints), found by their reference prefix; the due dates shown are the ones it lists. No contact data, no staff names, no internal notes. A wrong
 * reference and a wrong token look the same.
 */
const tracking = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(reference: string, token: string, locale?: string) {
    const parsed = parseReference(reference);
    const kind = parsed ? getService(strapi, 'item-kinds').byReferencePrefix(parsed.prefix) : undefined;
    const uid = kind?.tracking ? kind.contentType : undefined;
    const item = uid ? await strapi.db.query(uid as any).findOne({ where: { reference } }) : null;
    const matches = tokenMatches(token, item?.trackingTokenHash);
    if (!item || !uid || !kind || !matches) return null;

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
      reference: item.reference,
      kind: kind.id,
      state: item.state,
      stateTitle: titleOf(item.state),
      receivedAt: new Date(item.createdAt).toISOString(),
      dueDates: Object.fromEntries(kind.tracking!.dueDates.filter((f) => f in item).map((f) => [f, item[f] ? new Date(item[f]).toISOString() : null])),
      timeline: events.map((e) => ({ at: e.at, action: e.action, from: e.from, to: e.to, stateTitle: titleOf(e.to) })),
      messages,
    };
  },
});

export default tracking;
