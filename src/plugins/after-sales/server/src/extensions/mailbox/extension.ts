import type { ExtensionContext } from '../../extension-api';
import { createMailbox } from './mailbox';
import { setMailbox } from './runtime';

/**
 * Inbound email. Polls the support mailbox (`AFTER_SALES_IMAP_*`) as the scheduled job
 * `mailbox.poll` (one instance per interval; `AFTER_SALES_JOB_MAILBOX_POLL=off` switches it off on
 * one instance); `POST /after-sales/mailbox/poll` runs one poll now. Without a host the job is not
 * scheduled and the status says so.
 */
export const activate = (context: ExtensionContext) => {
  const mailbox = createMailbox(context);
  setMailbox(mailbox);
  context.subscriptions.push({ dispose: () => setMailbox(null) });
  const settings = mailbox.settings();
  if (settings.host) {
    context.subscriptions.push(context.getApi(1).jobs.schedule({ id: 'mailbox.poll', intervalMs: settings.pollSeconds * 1000, run: ({ signal }) => mailbox.poll({ signal, trigger: 'job' }) }));
  }
};
