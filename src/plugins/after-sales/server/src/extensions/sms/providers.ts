import type * as DysmsapiModule from '@alicloud/dysmsapi20170525';
import type * as OpenApiCore from '@alicloud/openapi-core';
import type * as TencentCloudSms from 'tencentcloud-sdk-nodejs-sms';
import { ChannelSendError } from '../../extension-api';

/**
 * The providers' SDKs load with the first message a gateway sends, not when the app starts: an instance
 * without SMS, or with the other provider, never loads them (together they took about a fifth of a second of
 * every start, and every instance, test and worker starts the app). CommonJS `require`: the plugin is bundled as
 * CommonJS and the API tests run it inside jest, whose sandbox has no dynamic `import()`.
 */
const once = <T>(load: () => T) => {
  let loaded: T | undefined;
  return () => (loaded ??= load());
};

/** One SMS by a registered template: to an E.164 number, with the template's named parameters. */
export interface SmsRequest {
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
}

/** A gateway: answers the provider's id of the message, or throws (a `ChannelSendError` when the provider said why). */
export interface SmsGateway {
  id: 'aliyun' | 'tencent';
  send(request: SmsRequest): Promise<{ providerMessageId: string }>;
}

export interface GatewaySettings {
  accessKeyId: string;
  accessKeySecret: string;
  /** host[:port], for a private endpoint or the tests' stand-in; default: the provider's public endpoint. */
  endpoint: string;
  /** `http` only for a local stand-in. */
  protocol: 'https' | 'http';
  region: string;
  /** Tencent's SmsSdkAppId. */
  appId: string;
  timeoutMs: number;
}

/** Provider error codes meaning "not now" (rate limits) and "never" (a rejected template, signature or number). */
const ALIYUN_LATER = /^(isv\.BUSINESS_LIMIT_CONTROL|isv\.DAY_LIMIT_CONTROL|isv\.OUT_OF_SERVICE|Throttling.*|ServiceUnavailable|isp\.SYSTEM_ERROR)$/;
const ALIYUN_NEVER =
  /^isv\.(SMS_TEMPLATE_ILLEGAL|TEMPLATE_MISSING_PARAMETERS|TEMPLATE_PARAMS_ILLEGAL|SMS_SIGNATURE_ILLEGAL|SMS_SIGN_ILLEGAL|MOBILE_NUMBER_ILLEGAL|MOBILE_COUNT_OVER_LIMIT|INVALID_PARAMETERS|PARAM_LENGTH_LIMIT|PARAM_NOT_SUPPORT_URL|BLACK_KEY_CONTROL_LIMIT|AMOUNT_NOT_ENOUGH|ACCOUNT_NOT_EXISTS|ACCOUNT_ABNORMAL)$/;
const TENCENT_LATER =
  /^(RequestLimitExceeded.*|LimitExceeded\.(PhoneNumberOneHourLimit|PhoneNumberThirtySecondLimit|PhoneNumberSameContentDailyLimit|DeliveryFrequencyLimit|AppCountryOrRegionDailyLimit|AppDailyLimit)|InternalError.*|FailedOperation\.(ContainSensitiveWord)?Timeout)$/;
const TENCENT_NEVER =
  /^(FailedOperation\.(TemplateIncorrectOrUnapproved|SignatureIncorrectOrUnapproved|MissingSignature|MissingTemplate.*|PhoneNumberInBlacklist|InsufficientBalanceInSmsPackage|ContainSensitiveWord|JsonParseFail|FailResolvePacket)|InvalidParameterValue\..*|InvalidParameter\..*|UnsupportedOperation\..*|LimitExceeded\.PhoneNumberDailyLimit|LimitExceeded\.PhoneNumberCountLimit|UnauthorizedOperation\..*|AuthFailure\..*)$/;

/** The verdict on a provider's error code: retry later, never, or (unknown) the usual backoff. */
const verdict = (provider: string, code: string, message: string, later: RegExp, never: RegExp): Error => {
  const text = `${provider} refused the SMS: ${code}${message ? ` (${message})` : ''}`;
  if (later.test(code)) return new ChannelSendError(text, 'later', 60_000);
  if (never.test(code)) return new ChannelSendError(text, 'never');
  return new Error(text);
};

/** Aliyun wants a mainland number without +86, and others with their country code (no +). */
const aliyunNumber = (phone: string) => (phone.startsWith('+86') ? phone.slice(3) : phone.replace(/^\+/, ''));

/** Aliyun SMS (Dysmsapi 2017-05-25, SendSms) through the official SDK. */
export const aliyunGateway = (settings: GatewaySettings): SmsGateway => {
  const sdk = once(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { default: Client, SendSmsRequest } = require('@alicloud/dysmsapi20170525') as typeof DysmsapiModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { $OpenApiUtil } = require('@alicloud/openapi-core') as typeof OpenApiCore;
    const client = new Client(
      new $OpenApiUtil.Config({
        accessKeyId: settings.accessKeyId,
        accessKeySecret: settings.accessKeySecret,
        endpoint: settings.endpoint || 'dysmsapi.aliyuncs.com',
        protocol: settings.protocol,
        regionId: settings.region || 'cn-hangzhou',
        readTimeout: settings.timeoutMs,
        connectTimeout: settings.timeoutMs,
      })
    );
    return { client, SendSmsRequest };
  });
  return {
    id: 'aliyun',
    async send({ phone, signName, templateCode, params }) {
      const { client, SendSmsRequest } = sdk();
      let body: { code?: string; message?: string; bizId?: string } | undefined;
      try {
        const response = await client.sendSms(new SendSmsRequest({ phoneNumbers: aliyunNumber(phone), signName, templateCode, templateParam: JSON.stringify(params) }));
        body = response.body;
      } catch (error) {
        const e = error as { code?: string; message?: string; data?: { Code?: string; Message?: string } };
        const code = e.data?.Code ?? e.code;
        if (code) throw verdict('Aliyun', code, e.data?.Message ?? '', ALIYUN_LATER, ALIYUN_NEVER);
        throw error;
      }
      if (body?.code !== 'OK' || !body.bizId) throw verdict('Aliyun', body?.code ?? 'no answer', body?.message ?? '', ALIYUN_LATER, ALIYUN_NEVER);
      return { providerMessageId: body.bizId };
    },
  };
};

/** Tencent Cloud SMS (2021-01-11, SendSms) through the official SDK; its parameters are positional ({1}, {2}…: named "1", "2"… in the mapping). */
export const tencentGateway = (settings: GatewaySettings): SmsGateway => {
  const sdk = once(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tencentcloud = require('tencentcloud-sdk-nodejs-sms') as typeof TencentCloudSms;
    return new tencentcloud.sms.v20210111.Client({
      credential: { secretId: settings.accessKeyId, secretKey: settings.accessKeySecret },
      region: settings.region || 'ap-guangzhou',
      profile: { httpProfile: { endpoint: settings.endpoint || 'sms.tencentcloudapi.com', protocol: `${settings.protocol}://`, reqTimeout: Math.ceil(settings.timeoutMs / 1000) } },
    });
  });
  return {
    id: 'tencent',
    async send({ phone, signName, templateCode, params }) {
      const client = sdk();
      const ordered = Object.keys(params)
        .sort((a, b) => (Number(a) || 0) - (Number(b) || 0) || a.localeCompare(b))
        .map((k) => params[k]);
      let answer: { SendStatusSet?: { SerialNo?: string; Code?: string; Message?: string }[] };
      try {
        answer = await client.SendSms({ PhoneNumberSet: [phone], SmsSdkAppId: settings.appId, SignName: signName, TemplateId: templateCode, TemplateParamSet: ordered });
      } catch (error) {
        const e = error as { code?: string; message?: string };
        if (e.code) throw verdict('Tencent Cloud', e.code, e.message ?? '', TENCENT_LATER, TENCENT_NEVER);
        throw error;
      }
      const status = answer.SendStatusSet?.[0];
      if (!status || status.Code !== 'Ok' || !status.SerialNo) throw verdict('Tencent Cloud', status?.Code ?? 'no answer', status?.Message ?? '', TENCENT_LATER, TENCENT_NEVER);
      return { providerMessageId: status.SerialNo };
    },
  };
};
