import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { ChannelProvider } from '../../extension-api';

/** Email through @strapi/plugin-email; configured only when the nodemailer (SMTP) provider is set. */
export const emailChannel = (strapi: Core.Strapi): ChannelProvider => ({
  isConfigured: () => strapi.config.get('plugin::email.provider') === 'nodemailer',
  async send({ recipient, subject, text, html, reference, messageId }) {
    await strapi
      .plugin('email')
      .service('email')
      .send({
        to: recipient,
        subject: subject ?? '',
        text: text ?? '',
        html: html ?? undefined,
        // nodemailer: a stable Message-ID, the same on a retry of the same outbox message.
        ...(messageId ? { messageId } : {}),
        headers: reference ? { 'X-After-Sales-Reference': reference } : undefined,
      });
  },
});

/** POSTs the message as JSON to the recipient URL, signed with HMAC-SHA256 of the body. */
export const webhookChannel = (secret: string | undefined, timeoutMs = 10_000): ChannelProvider => ({
  isConfigured: () => !!secret,
  async send({ id, recipient, subject, text, reference }) {
    const body = JSON.stringify({ id, reference, subject, text, sentAt: new Date().toISOString() });
    const signature = crypto.createHmac('sha256', secret!).update(body).digest('hex');
    const res = await fetch(recipient, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-after-sales-signature': `sha256=${signature}`, 'x-after-sales-delivery': String(id) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  },
});

/** The SMS channel's interface with a logging provider; a real gateway comes from an extension. */
export const loggingSmsChannel = (strapi: Core.Strapi): ChannelProvider => ({
  isConfigured: () => true,
  async send({ recipient, text, reference }) {
    strapi.log.info(`[after-sales] SMS to ${recipient.replace(/\d(?=\d{4})/g, '*')} (${reference ?? 'no reference'}): ${text?.slice(0, 70) ?? ''}`);
  },
});
