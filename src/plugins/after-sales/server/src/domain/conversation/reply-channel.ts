import { chooseChannel, type ChannelChoice, type ChannelOption } from '../messages/channel-choice';
import { LANDLINE_REFUSAL, smsAddressOf } from '../messages/reachability';

/**
 * The channel a free-text reply goes out on, chosen the way customer messages are
 * (`chooseChannel`: the customer's preferred channel when it can carry it, else the fallback order).
 * A reply has its own text, so every channel has content for it.
 */
export const REPLY_FALLBACK_ORDER = ['email', 'sms'] as const;

/** The outbox channel a customer's preferred contact way stands for (a hotline caller gets a text message). */
const PREFERRED: Record<string, string> = { email: 'email', hotline: 'sms', 'in-app': 'sms' };

export const chooseReplyChannel = (
  customer: { email?: string | null; phone?: string | null; phoneNormalized?: string | null; preferredChannel?: string | null } | null,
  usableChannels: readonly string[],
  fallbackOrder: readonly string[] = REPLY_FALLBACK_ORDER
): ChannelChoice => {
  const usable = new Set(usableChannels);
  // An SMS reaches mobile phones only: never a landline.
  const sms = smsAddressOf(customer);
  const options: Record<string, ChannelOption> = {
    email: { address: customer?.email?.trim() || null, usable: usable.has('email'), hasContent: true },
    sms: { address: sms.address, usable: usable.has('sms'), hasContent: true, refusal: sms.landline ? LANDLINE_REFUSAL : null },
  };
  return chooseChannel(PREFERRED[customer?.preferredChannel ?? ''] ?? null, fallbackOrder, options);
};
