import type { ExtensionContext, ActionInvocation } from '../../extension-api';
import { emailChannel, loggingSmsChannel, webhookChannel } from '../../services/channels';

/**
 * Sends the customer the contributed templates on workflow events, through the outbox, in the
 * transaction of the event: acknowledgement on intake, result, survey invitation, reopening,
 * complaint plan and closing, visit notices.
 */
export const activate = (context: ExtensionContext) => {
  const { strapi } = context;
  const plugin = strapi.plugin('after-sales');
  const outbox = plugin.service('outbox');
  const messages = plugin.service('messages');

  context.subscriptions.push(
    outbox.registerChannel('email', emailChannel(strapi)),
    outbox.registerChannel('webhook', webhookChannel(strapi.config.get<string>('plugin::after-sales.webhookSecret', '') || undefined)),
    outbox.registerChannel('sms', loggingSmsChannel(strapi))
  );

  context.subscriptions.push(
    plugin.service('intake').onReceived(async ({ kind, item, customer, trackingToken }: { kind: string; item: Record<string, any>; customer: Record<string, any>; trackingToken: string }) => {
      const workflow = kind === 'feedback' ? 'feedback' : 'complaint';
      const contentType = kind === 'feedback' ? 'api::feedback.feedback' : 'api::complaint.complaint';
      for (const template of messages.templatesFor(workflow, 'receive', item.state)) {
        await messages.queue({
          key: template.id,
          contentType,
          workflow,
          record: item,
          customer,
          trigger: `${workflow}.receive`,
          dedupe: `${item.documentId}:v${item.version}`,
          links: { tracking: `${(strapi.config.get('server.url') as string) || `http://localhost:${strapi.config.get('server.port')}`}/api/after-sales/track/${item.reference}?token=${trackingToken}` },
        });
      }
    })
  );

  const tellCustomer = async (invocation: ActionInvocation & { version: number }) => {
    const { workflow, transition, record, changes, to } = invocation;
    const templates = messages.templatesFor(workflow.id, transition.id, to);
    if (!templates.length) return;
    const current = { ...record, ...changes, state: to, version: invocation.version };
    for (const template of templates) {
      const links: { survey?: string } = {};
      if (template.id === 'feedback.survey') {
        const token = await plugin.service('surveys').invite({ contentType: workflow.contentType, documentId: record.documentId as string, reference: (record.reference as string) ?? null, locale: 'zh-Hans' });
        links.survey = messages.surveyLink(token);
      }
      await messages.queue({ key: template.id, contentType: workflow.contentType, workflow: workflow.id, record: current, trigger: `${workflow.id}.${transition.id}`, dedupe: `${record.documentId}:v${invocation.version}`, links });
    }
  };
  for (const id of ['after-sales.messages.feedback', 'after-sales.messages.complaint', 'after-sales.messages.service-record']) {
    context.subscriptions.push(context.actions.registerAfter(id, tellCustomer));
  }
};
