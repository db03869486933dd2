import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { ChannelProvider } from '../../extension-api';

/** Email through @strapi/plugin-email; configured only when the nodemailer (SMTP) provider is set. */
export const emailChannel = (strapi: Core.Strapi): ChannelProvider => ({
  isConfigured: () => strapi.config.get('plugin::email.provider') === 'nodemailer',
  async send({ recipient, subject, text, html, reference, messageId, attachments }) {
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
        ...(attachments?.length ? { attachments } : {}),
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
