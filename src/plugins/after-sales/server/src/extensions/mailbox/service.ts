import { mailboxRuntime } from './runtime';
import { HttpError } from '../../extension-api';

/** The mailbox routes' service: the active extension's mailbox, or 503 while the extension is off. */
const mailboxService = () => {
  const mailbox = () => {
    const current = mailboxRuntime();
    if (!current) throw new HttpError(503, 'The inbound email extension is switched off', {}, 60);
    return current;
  };
  return {
    status: () => mailbox().status(),
    /** One poll now; a failure of the mail server or the database is a 503 naming it (retry later). */
    async poll() {
      try {
        return await mailbox().poll({ trigger: 'admin' });
      } catch (error) {
        if (error instanceof HttpError) throw error;
        const message = (error as Error & { responseText?: string }).responseText || (error as Error).message;
        throw new HttpError(503, `The mailbox poll failed: ${String(message).slice(0, 300)}`, {}, 30);
      }
    },
    quarantine: (page: number, pageSize: number) => mailbox().quarantine(page, pageSize),
    quarantineSource: (id: number) => mailbox().quarantineSource(id),
    resolveQuarantined: (id: number, decision: 'retry' | 'new-item' | 'discard', admin: { id: number; name: string }) => mailbox().resolveQuarantined(id, decision, admin),
  };
};

/** The one instance the mailbox's routes use. */
export const mailboxRoutes = mailboxService();

export default mailboxService;
