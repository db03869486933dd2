import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { TEMPLATE_VARIABLES } from '../../domain/messages/variables';
import { fillSmsParams, parseSmsMapping, smsMappingProblems, type SmsTemplateMapping } from '../../domain/messages/sms-mapping';
import { aliyunGateway, tencentGateway, type SmsGateway } from './providers';
import { ChannelSendError, type AfterSalesConfig, type ChannelProvider, type DeliveryStatus, type ExtensionContext } from '../../extension-api';

/** The plugin's `sms` settings (AFTER_SALES_SMS_* variables, see the README); one source: the plugin config. */
export type SmsSettings = AfterSalesConfig['sms'];

/** A delivery receipt as a provider pushes it, read into (provider id, status). */
export type ReceiptHandler = (provider: string, secret: string, body: unknown) => Promise<{ status: number; body: unknown }>;
const receiptHandlers = new WeakMap<Core.Strapi, ReceiptHandler>();
/** The receipt handler of the active SMS extension of this Strapi (none while it is disabled). */
export const receiptHandlerOf = (strapi: Core.Strapi) => receiptHandlers.get(strapi);

const sameSecret = (a: string, b: string) => {
  const [x, y] = [crypto.createHash('sha256').update(a).digest(), crypto.createHash('sha256').update(b).digest()];
  return crypto.timingSafeEqual(x, y);
};
const masked = (phone: string) => phone.replace(/\d(?=\d{4})/g, '*');

/**
 * The `sms` channel: customer messages by SMS. China's gateways send only registered templates with
 * a registered signature, so each of our template keys needs a template code (`templateCodes`
 * setting and AFTER_SALES_SMS_TEMPLATES): without one the channel refuses the message when it is
 * chosen (the next channel is used) and, at sending, fails it for good. The text we render is kept
 * in the outbox and shown to staff; the provider fills its own template with the mapped variables.
 */
export const activate = async (context: ExtensionContext) => {
  const { strapi } = context;
  const api = context.getApi(1);
  const settings = strapi.config.get<SmsSettings>('plugin::after-sales.sms');
  const provider = settings?.provider ?? '';
  let gateway: SmsGateway | null = null;
  if (provider === 'aliyun' || provider === 'tencent') {
    const gatewaySettings = { ...settings, protocol: settings.protocol === 'http' ? ('http' as const) : ('https' as const) };
    gateway = provider === 'aliyun' ? aliyunGateway(gatewaySettings) : tencentGateway(gatewaySettings);
  }
  const configured = provider === 'log' || (!!gateway && !!settings.accessKeyId && !!settings.accessKeySecret && !!settings.signName && (provider !== 'tencent' || !!settings.appId));
  if (gateway && !configured) context.log.warn(`SMS provider "${provider}" lacks its keys, signature or app id: SMS messages are kept, not sent`);

  // The mapping: the variable's, then what the admin saved (read again on each message: saved settings apply at once).
  const fromEnv = smsMappingProblems(settings?.templates ?? '', TEMPLATE_VARIABLES).length ? {} : parseSmsMapping(settings?.templates ?? '');
  let mapping: SmsTemplateMapping = fromEnv;
  const refreshMapping = async () => {
    const saved = await api.configuration.get<unknown>('templateCodes');
    const problems = smsMappingProblems(saved ?? {}, TEMPLATE_VARIABLES);
    if (problems.length) context.log.warn(`SMS templateCodes setting ignored: ${problems.join('; ')}`);
    mapping = problems.length ? fromEnv : parseSmsMapping(fromEnv, saved ?? {});
    return mapping;
  };
  await refreshMapping();
  // A mapping the admin saves is checked as the variable is: a key without a code or a parameter naming no variable is refused.
  context.subscriptions.push(
    api.configuration.check((values) => ('templateCodes' in values ? smsMappingProblems(values.templateCodes ?? {}, TEMPLATE_VARIABLES).map((message) => ({ key: 'templateCodes', message })) : []))
  );
  const noCode = (templateKey: string) => `no ${provider} template code for "${templateKey}" (templateCodes setting or AFTER_SALES_SMS_TEMPLATES)`;

  const channel: ChannelProvider = {
    isConfigured: () => configured,
    refuses: ({ templateKey }) => (provider === 'log' || mapping[templateKey] ? null : noCode(templateKey)),
    async send({ recipient, text, reference, templateKey, variables }) {
      if (provider === 'log') {
        context.log.info(`SMS to ${masked(recipient)} (${reference ?? 'no reference'}): ${text?.slice(0, 70) ?? ''}`);
        return;
      }
      const entry = (await refreshMapping())[templateKey ?? ''];
      if (!entry) throw new ChannelSendError(noCode(templateKey ?? ''), 'never');
      const filled = fillSmsParams(entry, variables ?? {});
      if (!filled.ok) throw new ChannelSendError(`SMS template ${entry.code} for "${templateKey}": no value for ${filled.missing.join(', ')}`, 'never');
      return gateway!.send({ phone: recipient, signName: settings.signName, templateCode: entry.code, params: filled.params });
    },
  };
  context.subscriptions.push(api.channels.register('sms', channel));

  /** Aliyun pushes `[{ biz_id, success, err_code, err_msg }]`, Tencent `[{ sid, report_status, errmsg, description }]`. */
  const receipts: ReceiptHandler = async (from, secret, body) => {
    if (!settings?.receiptSecret || !sameSecret(secret, settings.receiptSecret) || from !== provider) return { status: 404, body: { error: 'unknown receipt address' } };
    const reports = Array.isArray(body) ? body : [body];
    let matched = 0;
    for (const report of reports as Record<string, unknown>[]) {
      if (!report || typeof report !== 'object') continue;
      const id = String((from === 'aliyun' ? report.biz_id : report.sid) ?? '');
      if (!id) continue;
      const ok = from === 'aliyun' ? report.success === true || report.success === 'true' : report.report_status === 'SUCCESS';
      const detail = from === 'aliyun' ? [report.err_code, report.err_msg] : [report.errmsg, report.description];
      const status: DeliveryStatus = ok ? 'delivered' : 'undelivered';
      if (await api.outbox.recordDelivery('sms', id, status, ok ? null : detail.filter(Boolean).join(' '))) matched += 1;
    }
    // Each provider's expected answer: anything else makes it push the receipts again.
    return { status: 200, body: from === 'aliyun' ? { code: 0, msg: '成功', matched } : { result: 0, errmsg: 'OK', matched } };
  };
  receiptHandlers.set(strapi, receipts);
  context.subscriptions.push({ dispose: () => void receiptHandlers.delete(strapi) });
};
