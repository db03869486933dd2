/**
 * Which channel a message to a customer goes out on: the customer's preferred channel when it can
 * carry the message, else the first of the configured fallback order that can. A channel can carry
 * it when it is usable (registered and configured), the customer has an address for it, and the
 * message has a body for it (a template for that channel). Pure: the caller says what is possible.
 */
export interface ChannelOption {
  /** The customer's address on this channel (email address, E.164 phone), or null. */
  address: string | null;
  /** Registered and configured on this instance. */
  usable: boolean;
  /** A body exists for this channel (a template, or a provider template code). */
  hasContent: boolean;
  /** Why the channel's provider will not carry this message (e.g. no SMS template code for it), if so. */
  refusal?: string | null;
}

export type ChannelChoice = { ok: true; channel: string; recipient: string; requested: string | null; fallbackReason: string | null } | { ok: false; requested: string | null; reason: string };

const whyNot = (id: string, option: ChannelOption | undefined): string | null => {
  if (!option) return `${id}: no such channel`;
  if (!option.usable) return `${id}: not configured`;
  if (!option.address) return `${id}: the customer has no address`;
  if (!option.hasContent) return `${id}: no template for this channel`;
  if (option.refusal) return `${id}: ${option.refusal}`;
  return null;
};

export const chooseChannel = (preferred: string | null | undefined, fallbackOrder: readonly string[], options: Readonly<Record<string, ChannelOption>>): ChannelChoice => {
  const requested = preferred || null;
  const order = [...(requested ? [requested] : []), ...fallbackOrder.filter((id) => id !== requested)];
  const refusals: string[] = [];
  for (const id of order) {
    const problem = whyNot(id, options[id]);
    if (!problem) {
      return { ok: true, channel: id, recipient: options[id].address as string, requested, fallbackReason: refusals.length ? refusals.join('; ') : null };
    }
    refusals.push(problem);
  }
  return { ok: false, requested, reason: refusals.length ? refusals.join('; ') : 'no channel is configured' };
};
