import type { Core } from '@strapi/strapi';
import { TEMPLATE_UID, type SavedTemplate } from './messages';
import { contributedChannelIds, messagesApi as api } from './handle';
import { messagesOf } from './messages';
import { errors, invalidInput, oncePerStrapi, documentsOf, modelOf, queryOf, type FieldError } from '../../extension-api';

const LOCALES = ['zh-Hans', 'en'] as const;
type Locale = (typeof LOCALES)[number];

export interface EditableTemplate {
  key: string;
  channel: string;
  /** False for a channel without subjects (SMS). */
  hasSubject: boolean;
  sendOn: { workflow: string; action: string; to?: string } | null;
  locales: Record<Locale, { subject: string; body: string; source: 'saved' | 'default' | 'missing'; enabled: boolean; version: number; documentId: string | null }>;
}

/**
 * The admin template editor: each contributed template key with, per language, the saved override
 * or the extension's default; saving writes an override (validated by the template middleware),
 * reverting deletes it.
 */
const templateEditor = ({ strapi }: { strapi: Core.Strapi }) => {
  const contributed = () => messagesOf(strapi).contributedTemplates();

  const checkKey = (key: string) => {
    const template = contributed().find((t) => t.id === key);
    if (!template) throw new errors.NotFoundError(`No template "${key}"`);
    return template;
  };

  /** The channels contributed by usable extensions (`contributes.channels`): the only ones a template may name. */
  const checkChannel = (channel: unknown): string => {
    if (channel === undefined) return 'email';
    const known = contributedChannelIds();
    if (typeof channel !== 'string' || !known.includes(channel)) throw invalidInput([{ path: ['channel'], message: `must be one of ${known.join(', ')}` }]);
    return channel;
  };

  const saved = (key: string, locale: string, channel: string): Promise<SavedTemplate | null> =>
    queryOf(strapi, TEMPLATE_UID).findOne({ where: { key, locale, channel }, orderBy: { updatedAt: 'desc' } });

  const describe = async (key: string, channel: string): Promise<EditableTemplate> => {
    const template = checkKey(key);
    const locales = {} as EditableTemplate['locales'];
    for (const locale of LOCALES) {
      const override = await saved(key, locale, channel);
      const fallback = messagesOf(strapi).defaultText(template, locale, channel);
      locales[locale] = override
        ? { subject: override.subject ?? '', body: override.body, source: 'saved', enabled: !!override.enabled, version: override.version ?? 1, documentId: override.documentId }
        : { subject: fallback?.subject ?? '', body: fallback?.body ?? '', source: fallback ? 'default' : 'missing', enabled: true, version: 0, documentId: null };
    }
    return { key, channel, hasSubject: messagesOf(strapi).hasSubject(channel), sendOn: template.sendOn ?? null, locales };
  };

  return {
    /** Every contributed channel with its title, who contributes it, and whether the outbox can send on it now. */
    channels() {
      const seen = new Set<string>();
      return api()
        .contributions('channels')
        .filter(({ value }) => !seen.has(value.id) && seen.add(value.id))
        .map(({ extensionId, value }) => {
          const status = api().channels.status(value.id);
          return { id: value.id, title: value.title, extensionId, registered: status !== 'no-provider', configured: status === 'configured' };
        });
    },

    async list(channel?: unknown) {
      const chosen = checkChannel(channel);
      const overrides: Pick<SavedTemplate, 'key' | 'locale'>[] = await queryOf(strapi, TEMPLATE_UID).findMany({ where: { channel: chosen }, select: ['key', 'locale'] });
      return contributed().map((t) => ({
        key: t.id,
        sendOn: t.sendOn ?? null,
        customised: LOCALES.filter((locale) => overrides.some((o) => o.key === t.id && o.locale === locale)),
      }));
    },

    async get(key: string, channel?: unknown) {
      return describe(key, checkChannel(channel));
    },

    /** Saves the override for one language; a syntax error or unknown variable is a 400 naming the line. */
    async save(key: string, input: Record<string, unknown>) {
      checkKey(key);
      const errors: FieldError[] = [];
      const channel = checkChannel(input.channel);
      if (!(LOCALES as readonly unknown[]).includes(input.locale)) errors.push({ path: ['locale'], message: 'must be zh-Hans or en' });
      const hasSubject = messagesOf(strapi).hasSubject(channel);
      const subject = !hasSubject && input.subject === undefined ? '' : input.subject;
      if (typeof subject !== 'string' || (hasSubject && !subject.trim()) || subject.length > 300)
        errors.push({ path: ['subject'], message: hasSubject ? 'is required, at most 300 characters' : 'must be text (empty: an SMS has no subject)' });
      if (typeof input.body !== 'string' || !input.body.trim() || input.body.length > 20000) errors.push({ path: ['body'], message: 'is required, at most 20000 characters' });
      if (input.enabled !== undefined && typeof input.enabled !== 'boolean') errors.push({ path: ['enabled'], message: 'must be true or false' });
      if (errors.length) throw invalidInput(errors);
      const problems = messagesOf(strapi).validate({ subject: subject as string, body: input.body as string }, key);
      if (problems.length) throw invalidInput(problems.map((p) => ({ path: [p.field], message: `line ${p.line}: ${p.message}` })));
      const data = { key, channel, locale: input.locale, subject, body: input.body, enabled: input.enabled ?? true };
      const existing = await saved(key, input.locale as string, channel);
      if (existing) await documentsOf(strapi, TEMPLATE_UID).update({ documentId: existing.documentId, data });
      else await documentsOf(strapi, TEMPLATE_UID).create({ data });
      return describe(key, channel);
    },

    /** Deletes the override for one language: the extension's default applies again. */
    async revert(key: string, locale: unknown, channel?: unknown) {
      checkKey(key);
      const chosen = checkChannel(channel);
      if (!(LOCALES as readonly unknown[]).includes(locale)) throw invalidInput([{ path: ['locale'], message: 'must be zh-Hans or en' }]);
      const overrides: Pick<SavedTemplate, 'documentId'>[] = await queryOf(strapi, TEMPLATE_UID).findMany({ where: { key, locale, channel: chosen }, select: ['documentId'] });
      await strapi.db.transaction(async () => {
        for (const override of overrides) await documentsOf(strapi, TEMPLATE_UID).delete({ documentId: override.documentId });
      });
      return describe(key, chosen);
    },

    /** Records to preview a template against, found by reference. */
    async records(q: unknown) {
      if (typeof q !== 'string' || q.length > 40) throw invalidInput([{ path: ['q'], message: 'must be a reference or its beginning (at most 40 characters)' }]);
      const results = [];
      for (const workflow of api().workflow.definitions()) {
        // Only work items have a reference (customers run a privacy workflow, for instance).
        if (!modelOf(strapi, workflow.contentType)?.attributes?.reference) continue;
        const rows: { documentId: string; reference: string | null; state: string }[] = await queryOf(strapi, workflow.contentType).findMany({
          where: q ? { reference: { $startsWithi: q.trim() } } : {},
          select: ['documentId', 'reference', 'state'],
          orderBy: { createdAt: 'desc' },
          limit: 10,
        });
        results.push(...rows.map((r) => ({ uid: workflow.contentType, workflow: workflow.id, documentId: r.documentId, reference: r.reference, state: r.state })));
      }
      return results.slice(0, 20);
    },
  };
};

/** The template editor of this Strapi (one instance for its routes). */
export const templateEditorOf = oncePerStrapi((strapi) => templateEditor({ strapi }));

export default ({ strapi }: { strapi: Core.Strapi }) => templateEditorOf(strapi);
