import { chooseChannel, type ChannelChoice, type ChannelOption } from '../messages/channel-choice';
import { LANDLINE_REFUSAL, smsAddressOf } from '../messages/reachability';

/**
 * The channel a free-text reply goes out on, chosen the way customer messages are
 * (`chooseChannel`: the customer's preferred channel when it can carry it, else the configured
 * fallback order, the messages extension's `channelFallback`). A reply has its own text, so every
 * channel has content for it; whether a channel can carry it is the caller's (`channels.status`
 * and the provider's refusal), as for automatic messages.
 */

/** How the instance stands with a channel: `configured` (a provider that can send), or not; a provider's refusal of a reply. */
export interface ReplyChannelState {
  configured: boolean;
  refusal?: string | null;
}

/** The outbox channel a customer's preferred contact way stands for (a hotline caller gets a text message). */
const PREFERRED: Record<string, string> = { email: 'email', sms: 'sms', hotline: 'sms', 'in-app': 'sms' };

export const chooseReplyChannel = (
  customer: { email?: string | null; phone?: string | null; phoneNormalized?: string | null; preferredChannel?: string | null } | null,
  channels: Readonly<Record<string, ReplyChannelState>>,
  fallbackOrder: readonly string[]
): ChannelChoice => {
  const sms = smsAddressOf(customer);
  const options: Record<string, ChannelOption> = {
    email: { address: customer?.email?.trim() || null, usable: !!channels.email?.configured, hasContent: true, refusal: channels.email?.refusal ?? null },
    sms: { address: sms.address, usable: !!channels.sms?.configured, hasContent: true, refusal: sms.landline ? LANDLINE_REFUSAL : (channels.sms?.refusal ?? null) },
  };
  return chooseChannel(PREFERRED[customer?.preferredChannel ?? ''] ?? null, fallbackOrder, options);
};
