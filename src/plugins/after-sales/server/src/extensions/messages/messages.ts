import type { Core } from '@strapi/strapi';
import { createRenderer, validateTemplate, RenderError, HELPERS, type MessageTemplate } from '../../domain/messages/renderer';
import type { TemplateContribution } from '../../domain/extensions/types';
import { getService } from '../../utils/get-service';
import { TEMPLATE_VARIABLES } from '../../domain/messages/variables';

export const TEMPLATE_UID = 'plugin::after-sales.message-template';
const LOCALES = ['zh-Hans', 'en'] as const;

/**
 * Customer messages: picks the template (an admin's saved override, else the extension's default;
 * the customer's language, else zh-Hans), renders it against the record, and queues it in the
 * outbox inside the current transaction.
 */
/** One message to render and queue for one record. */
export interface QueueArgs {
  key: string;
  contentType: string;
  workflow: string;
  record: Record<string, any>;
  customer?: Record<string, any> | null;
  trigger: string;
  dedupe: string;
  links?: { tracking?: string; survey?: string };
}

const messages = ({ strapi }: { strapi: Core.Strapi }) => {
  const renderer = createRenderer({ cache: strapi.config.get<boolean>('plugin::after-sales.templateCache', true) });
  const config = <T>(key: string, fallback: T) => strapi.config.get(`plugin::after-sales.${key}`, fallback) as T;
  const publicUrl = () => (strapi.config.get<string>('server.url') || `http://localhost:${strapi.config.get('server.port')}`).replace(/\/$/, '');

  const contributed = (): TemplateContribution[] =>
    getService(strapi, 'extension-host')
      .contributions('templates')
      .map((c) => c.value as TemplateContribution);

  const resolveTemplate = async (key: string, locale: string, channel = 'email'): Promise<MessageTemplate | null> => {
    for (const lang of [locale, 'zh-Hans']) {
      const saved = await strapi.db.query(TEMPLATE_UID as any).findOne({ where: { key, locale: lang, channel, enabled: true }, orderBy: { updatedAt: 'desc' } });
      if (saved) return { key, channel, locale: lang, subject: saved.subject, body: saved.body, version: saved.version ?? 1 };
      const fallback = contributed().find((t) => t.id === key);
      const text = fallback?.[lang as 'zh-Hans' | 'en'];
      if (text) return { key, channel, locale: lang, subject: text.subject, body: text.body, version: 0 };
    }
    return null;
  };

  const contextFor = (record: Record<string, any>, customer: Record<string, any> | null, locale: string, links: { tracking?: string; survey?: string }) => {
    const workflow = record.__workflow ? getService(strapi, 'workflow').definitionFor(record.__workflow) : undefined;
    const state = workflow?.states.find((s) => s.id === record.state);
    const stateTitle = state ? (typeof state.title === 'string' ? state.title : ((state.title as Record<string, string>)[locale] ?? state.title.en)) : record.state;
    const item = Object.fromEntries(
      TEMPLATE_VARIABLES.filter((v) => v.startsWith('item.'))
        .map((v) => v.slice(5))
        .filter((k) => record[k] !== undefined)
        .map((k) => [k, record[k]])
    );
    return {
      customer: { name: customer?.name ?? '' },
      company: { name: config('companyName', 'After-sales') },
      item: { ...item, stateTitle },
      links: { tracking: links.tracking ?? `${publicUrl()}/api/after-sales/track/${record.reference}`, ...(links.survey ? { survey: links.survey } : {}) },
    };
  };

  return {
    variables: () => TEMPLATE_VARIABLES,
    helpers: () => HELPERS,
    contributedTemplates: contributed,
    validate: (template: { subject: string; body: string }) => validateTemplate(template, TEMPLATE_VARIABLES),
    resolveTemplate,

    /** Renders a template against a record for the admin preview; errors come back as text. */
    async preview(key: string, locale: string, record: Record<string, any>, customer: Record<string, any> | null, template?: { subject: string; body: string }) {
      const resolved = template ? { key, channel: 'email', locale, subject: template.subject, body: template.body, version: -Date.now() } : await resolveTemplate(key, locale);
      if (!resolved) return { ok: false as const, error: `no template "${key}"` };
      try {
        return {
          ok: true as const,
          ...renderer.render(resolved, contextFor(record, customer, locale, { survey: `${publicUrl()}/api/after-sales/surveys/PREVIEW` }), { locale, timeZone: config('timeZone', 'Asia/Shanghai') }),
        };
      } catch (error) {
        return { ok: false as const, error: (error as Error).message };
      }
    },

    /**
     * Renders and queues one message for one record (call inside the transaction of the change).
     * A rendering failure is queued as a failed message with the reason, never sent blank.
     */
    async queue(args: QueueArgs) {
      const customerId = args.record.customer?.id ?? args.record.customer;
      const customer = args.customer ?? (customerId ? await strapi.db.query('api::customer.customer').findOne({ where: { id: customerId } }) : null);
      const locale = LOCALES.includes(customer?.locale) ? customer.locale : 'zh-Hans';
      const template = await resolveTemplate(args.key, locale);
      if (!template) return;
      const base = {
        dedupeKey: `${args.dedupe}:${template.key}:email`,
        contentType: args.contentType,
        documentId: args.record.documentId,
        reference: args.record.reference ?? null,
        templateKey: template.key,
        channel: 'email',
        locale: template.locale,
        recipient: customer?.email ?? null,
        trigger: args.trigger,
      };
      try {
        const rendered = renderer.render(template, contextFor({ ...args.record, __workflow: args.workflow }, customer, template.locale, args.links ?? {}), {
          locale: template.locale,
          timeZone: config('timeZone', 'Asia/Shanghai'),
        });
        await getService(strapi, 'outbox').enqueue({ ...base, subject: rendered.subject, bodyText: rendered.text, bodyHtml: rendered.html });
      } catch (error) {
        if (!(error instanceof RenderError)) throw error;
        strapi.log.error(`[after-sales] message ${template.key} for ${args.record.reference} not rendered: ${error.message}`);
        await getService(strapi, 'outbox').enqueue({ ...base, subject: null, bodyText: null, bodyHtml: null, status: 'failed', error: `rendering failed: ${error.message}` });
      }
    },

    /** A message staff send by hand: queued in a transaction of its own. */
    async queueByHand(args: QueueArgs) {
      await strapi.db.transaction(() => this.queue(args));
    },

    /** The trigger rules: templates whose sendOn matches this workflow action (and target state). */
    templatesFor(workflow: string, action: string, to: string) {
      return contributed().filter((t) => t.sendOn && t.sendOn.workflow === workflow && t.sendOn.action === action && (!t.sendOn.to || t.sendOn.to === to));
    },

    surveyLink(token: string) {
      return config<string>('surveyUrl', '').replace('{token}', token) || `${publicUrl()}/api/after-sales/surveys/${token}`;
    },
  };
};

const instances = new WeakMap<Core.Strapi, ReturnType<typeof messages>>();
/** The service of this Strapi: one instance, shared by the routes (as a plugin service) and the extension's activator. */
export const messagesOf = (strapi: Core.Strapi): ReturnType<typeof messages> => {
  let instance = instances.get(strapi);
  if (!instance) instances.set(strapi, (instance = messages({ strapi })));
  return instance;
};

export default ({ strapi }: { strapi: Core.Strapi }) => messagesOf(strapi);
