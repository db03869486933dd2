import type { Mailbox } from './mailbox';

/** The mailbox of this instance while the extension is active (its routes answer 503 otherwise). */
let current: Mailbox | null = null;

export const setMailbox = (mailbox: Mailbox | null) => {
  current = mailbox;
};

export const mailboxRuntime = () => current;
