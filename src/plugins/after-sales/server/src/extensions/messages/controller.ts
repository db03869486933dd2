import type { Core } from '@strapi/strapi';
import { maskMessages } from '../../domain/privacy/mask';
import { messagesApi as api } from './handle';
import { customerLocale, customerOf, messagesOf } from './messages';
import { surveysOf } from './surveys';
import { errors, HttpError, invalidInput, answer, type RouteContext } from '../../extension-api';

/** Which addresses the item's customer left (the channel of a message is chosen when it is queued). */
const reachabilityOf = (customer: { email?: string | null; phone?: string | null } | null | undefined) => ({
  email: !!customer?.email?.trim(),
  phone: !!customer?.phone?.trim(),
});

/** Staff side of messages (history, templates, preview, dispatch) and the customer's survey. */
const messagesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async history(ctx: RouteContext) {
    await answer(ctx, async () => {
      await api().records.assertMayRead(ctx, ctx.params.uid, ctx.params.documentId);
      return { body: { data: maskMessages(await api().outbox.history(ctx.params.uid, ctx.params.documentId)) } };
    });
  },

  async templates(ctx: RouteContext) {
    await answer(ctx, async () => {
      const messages = messagesOf(strapi);
      return { body: { data: { templates: messages.contributedTemplates(), variables: messages.variables(), helpers: messages.helpers() } } };
    });
  },

  /** Renders a (possibly unsaved) template against a real record. */
  async preview(ctx: RouteContext) {
    await answer(ctx, async () => {
      const { key, locale = 'zh-Hans', uid, documentId, subject, body, channel = 'email' } = ctx.request.body ?? {};
      const problems = [];
      if (typeof key !== 'string' || !key) problems.push({ path: ['key'], message: 'is required' });
      if (!['zh-Hans', 'en'].includes(locale)) problems.push({ path: ['locale'], message: 'must be zh-Hans or en' });
      if (typeof channel !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(channel)) problems.push({ path: ['channel'], message: 'must be a channel id' });
      if (typeof uid !== 'string' || typeof documentId !== 'string') problems.push({ path: ['documentId'], message: 'uid and documentId of a record are required' });
      if ((subject !== undefined || body !== undefined) && (typeof subject !== 'string' || typeof body !== 'string')) problems.push({ path: ['body'], message: 'subject and body must both be text' });
      if (problems.length) throw invalidInput(problems);
      const workflow = api().workflow.definition(uid);
      if (!workflow) throw new errors.NotFoundError(`No workflow for ${uid}`);
      await api().records.assertMayRead(ctx, workflow.contentType, documentId);
      const record = await api().records.find(workflow.contentType, documentId, { customer: true });
      if (!record) throw new errors.NotFoundError('No such record');
      const messages = messagesOf(strapi);
      if (subject !== undefined) {
        const problems = messages.validate({ subject, body }, key);
        if (problems.length) throw invalidInput(problems.map((p) => ({ path: [p.field], message: `line ${p.line}: ${p.message}` })));
      }
      const customer = customerOf(record.customer);
      const rendered = await messages.preview(key, locale, { ...record, __workflow: workflow.id }, customer, subject !== undefined ? { subject, body } : undefined, channel);
      if (!rendered.ok) {
        const code = rendered.error.startsWith('no template') ? 'unknown-template' : 'template-failed';
        throw new errors.ValidationError(rendered.error, { code, reason: rendered.error, value: key, errors: [{ path: ['template'], message: rendered.error }] });
      }
      // The channel the message would go out on now (null: none can reach the customer).
      const { choice } = await messages.chooseFor(customer, key, customerLocale(customer));
      const reachability = { ...reachabilityOf(customer), channel: choice.ok ? choice.channel : null };
      return { body: { data: { subject: rendered.subject, text: rendered.text, html: rendered.html, reachability } } };
    });
  },

  /** Queues a template by hand for a record (staff "send a message"). */
  async send(ctx: RouteContext) {
    await answer(ctx, async () => {
      const { key, uid, documentId } = ctx.request.body ?? {};
      if (typeof key !== 'string' || typeof uid !== 'string' || typeof documentId !== 'string') {
        throw invalidInput([{ path: ['key'], message: 'key, uid and documentId are required' }]);
      }
      const workflow = api().workflow.definition(uid);
      const record = workflow ? await api().records.find(workflow.contentType, documentId, { customer: { select: ['id', 'email', 'phone', 'phoneNormalized', 'preferredChannel', 'locale'] } }) : null;
      if (!workflow || !record) throw new errors.NotFoundError('No such record');
      await api().records.assertMayRead(ctx, workflow.contentType, documentId);
      if (!(await messagesOf(strapi).resolveTemplate(key, 'zh-Hans'))) throw invalidInput([{ path: ['key'], message: `no template "${key}"` }]);
      // Refused at once, in words, instead of a queued message that fails later with "no address for this channel".
      const customer = customerOf(record.customer);
      const { choice } = await messagesOf(strapi).chooseFor(customer, key, customerLocale(customer));
      if (!choice.ok) {
        throw new errors.ValidationError(`This customer cannot be reached by email or SMS (${choice.reason}): call them, or add an email address or a mobile number to the customer first.`, {
          code: 'customer-unreachable',
          channel: choice.requested ?? 'email',
          errors: [{ path: ['customer', 'email'], message: `no channel can reach the customer: ${choice.reason}` }],
        });
      }
      await messagesOf(strapi).queueByHand({
        key,
        contentType: workflow.contentType,
        workflow: workflow.id,
        record,
        trigger: `manual by ${ctx.state.user?.email ?? 'staff'}`,
        dedupe: `${documentId}:manual:${Date.now()}`,
      });
      return { status: 202, body: { data: maskMessages(await api().outbox.history(workflow.contentType, documentId)) } };
    });
  },

  async dispatch(ctx: RouteContext) {
    await answer(ctx, async () => ({ body: { data: await api().outbox.dispatch(100) } }));
  },

  async surveyQuestion(ctx: RouteContext) {
    await answer(ctx, async () => {
      const question = await surveysOf(strapi).question(String(ctx.params.token));
      if (!question) throw new errors.NotFoundError('This survey link is unknown or has expired');
      return { body: { data: question } };
    });
  },

  async surveyAnswer(ctx: RouteContext) {
    await answer(ctx, async () => {
      const body = ctx.request.body ?? {};
      const data = body.data;
      const problems = [];
      if (!data || typeof data !== 'object' || Array.isArray(data)) problems.push({ path: ['data'], message: 'is required' });
      else {
        const extra = Object.keys(body)
          .filter((k) => k !== 'data')
          .concat(
            Object.keys(data)
              .filter((k) => !['score', 'comment'].includes(k))
              .map((k) => `data.${k}`)
          );
        for (const key of extra) problems.push({ path: key.split('.'), message: 'is not allowed' });
        if (!Number.isInteger(data.score) || data.score < 1 || data.score > 5) problems.push({ path: ['data', 'score'], message: 'must be a whole number from 1 to 5' });
        if (data.comment !== undefined && data.comment !== null && (typeof data.comment !== 'string' || data.comment.length > 2000 || data.comment.includes('\u0000'))) {
          problems.push({ path: ['data', 'comment'], message: 'must be a text of at most 2000 characters' });
        }
      }
      if (problems.length) throw invalidInput(problems);
      const result = await surveysOf(strapi).answer(String(ctx.params.token), { score: data.score, comment: data.comment ?? null });
      if (result.status === 404) throw new errors.NotFoundError('This survey link is unknown or has expired');
      if (result.status === 409) throw new HttpError(409, 'This survey has already been answered');
      return { body: { data: { reference: result.reference, thankYou: true } } };
    });
  },
});

export default messagesController;
