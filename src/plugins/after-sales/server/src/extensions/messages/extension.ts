import { populatedOf, type ExtensionContext, type ActionInvocation, type IntakeReceipt, type ItemRecord } from '../../extension-api';
import { emailChannel, webhookChannel } from './channels';
import { DEFAULT_CHANNEL_FALLBACK, messagesOf, TEMPLATE_UID, type QueueArgs } from './messages';
import { surveysOf } from './surveys';
import { messagesHandle } from './handle';
import { validateMessageTemplate } from './validate-template';

/**
 * Sends the customer the contributed templates on workflow events, through the outbox, in the
 * transaction of the event: acknowledgement on intake, result, survey invitation, reopening,
 * complaint plan and closing, visit notices, each on the customer's channel (preferred, else the
 * `channelFallback` order); a message that fails for good or is reported undelivered with no channel
 * left becomes a call owed to the customer (a note and staff emails). Registers the channels it
 * declares (email, webhook) and checks message templates on save. SMS comes from the `sms` extension.
 */
export const register = (context: ExtensionContext) => messagesHandle.bind(context);

export const activate = (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const messages = messagesOf(strapi);
  const fallbackOrder = async () => {
    const order = await api.configuration.get<unknown>('channelFallback');
    return Array.isArray(order) ? order.filter((id): id is string => typeof id === 'string') : DEFAULT_CHANNEL_FALLBACK;
  };
  messages.useFallbackOrder(fallbackOrder);
  // The same order for replies from the case screen (the conversation extension reads `channels.fallbackOrder()`).
  context.subscriptions.push(api.channels.provideFallbackOrder(fallbackOrder));

  // A message of ours that never reaches the customer, with no channel left: a call owed instead (as when no channel could take it),
  // written in the transaction that records the failure (both or neither).
  context.subscriptions.push(api.outbox.onUndelivered((message) => messages.callForUndelivered(message, context.extensionId)));

  const surveys = surveysOf(strapi);
  context.subscriptions.push(api.surveys.provide({ lookup: (token) => surveys.lookup(token), answer: (token, answer) => surveys.answer(token, answer) }));
  // Other extensions' messages to a customer (an NPS invitation, a recall notice…), chosen and rendered as the workflow's are.
  context.subscriptions.push(api.customerMessages.provide((request) => messages.sendToCustomer(request)));

  /** The acknowledgements of a received item (templates sent on `receive`), as messages to queue. */
  const acknowledgements = ({ kind, item, relations, customer, trackingToken }: Pick<IntakeReceipt, 'kind' | 'relations' | 'customer' | 'trackingToken'> & { item: ItemRecord }): QueueArgs[] => {
    const workflow = kind === 'feedback' ? 'feedback' : 'complaint';
    const contentType = kind === 'feedback' ? 'api::feedback.feedback' : 'api::complaint.complaint';
    // The item with its customer as the intake matched them: the promise's SLA targets take the
    // segment the customer had at the call (as the clocks did) without reading the item back.
    const record = { ...item, customer: { id: customer.id, segment: customer.segment ?? null } };
    return messages.templatesFor(workflow, 'receive', item.state).map((template) => ({
      key: template.id,
      contentType,
      workflow,
      record,
      customer,
      trigger: `${workflow}.receive`,
      dedupe: `${item.documentId}:v${item.version}`,
      // Numbered in `receive` only: the link names the reference (none yet when prepared, and not needed to read).
      links: item.reference ? { tracking: messages.trackingLink(String(item.reference), trackingToken) } : undefined,
      // A call owed (no channel reaches the customer) goes to the people of the links the intake wrote, without reading the item back.
      relations,
    }));
  };

  context.subscriptions.push(
    api.channels.register('email', emailChannel(strapi)),
    api.channels.register('webhook', webhookChannel(strapi.config.get<string>('plugin::after-sales.webhookSecret', '') || undefined)),
    api.documents.use(TEMPLATE_UID, validateMessageTemplate(strapi))
  );

  context.subscriptions.push(
    // The acknowledgement: its templates, channel, promise and (no channel) the people owed the call are
    // read before the item takes its number; only its writes wait for the day's reference counter.
    api.intake.onReceived({
      prepare: async (receipt) => {
        const prepared = new Map<string, Awaited<ReturnType<typeof messages.prepare>>>();
        for (const args of acknowledgements(receipt)) prepared.set(args.key, await messages.prepare(args));
        return prepared;
      },
      receive: async (receipt, prepared) => {
        for (const args of acknowledgements(receipt)) await messages.queue(args, prepared.get(args.key));
      },
    })
  );

  const tellCustomer = async (invocation: ActionInvocation & { version: number }) => {
    const { workflow, transition, record, changes, to } = invocation;
    const templates = [...messages.templatesFor(workflow.id, transition.id, to)];
    // The short path of a usage question: the satisfaction survey goes with the answer when the company's policy asks for it.
    if (workflow.id === 'feedback' && transition.id === 'answer-and-close' && (await api.configuration.get<boolean>('surveyAfterAnswer')) === true) {
      const survey = messages.contributedTemplates().find((t) => t.id === 'feedback.survey');
      if (survey && !templates.includes(survey)) templates.push(survey);
    }
    if (!templates.length) return;
    const current = { ...record, ...changes, state: to, version: invocation.version };
    for (const template of templates) {
      const links: { survey?: string } = {};
      if (template.id === 'feedback.survey') {
        // Asked in the customer's language (the survey page and its answer speak it).
        const withCustomer = await api.records.find(workflow.contentType, record.documentId as string, { customer: { select: ['locale'] } });
        const token = await surveysOf(strapi).invite({
          contentType: workflow.contentType,
          documentId: record.documentId as string,
          reference: (record.reference as string) ?? null,
          locale: populatedOf(withCustomer?.customer)?.locale === 'en' ? 'en' : 'zh-Hans',
        });
        links.survey = messages.surveyLink(token);
      }
      await messages.queue({
        key: template.id,
        contentType: workflow.contentType,
        workflow: workflow.id,
        record: current,
        trigger: `${workflow.id}.${transition.id}`,
        dedupe: `${record.documentId}:v${invocation.version}`,
        links,
      });
    }
  };
  for (const id of ['after-sales.messages.feedback', 'after-sales.messages.complaint', 'after-sales.messages.service-record']) {
    context.subscriptions.push(api.actions.registerAfter(id, tellCustomer));
  }
};
