import { smsMappingProblems } from '../domain/messages/sms-mapping';
import { TEMPLATE_VARIABLES } from '../domain/messages/variables';
import { DEFAULT_PHONE_REGION, isPhoneRegion } from '../domain/intake/normalize-contact';
import { originProblems } from '../domain/portal/origins';

/**
 * The plugin's configuration: the only place the plugin reads settings from. The app's
 * `config/plugins.ts` passes environment variables in; `validator` checks every value at start and
 * names the variable that holds a bad one.
 */
export interface AfterSalesConfig {
  /** Paths (relative to the app root) or npm package names of third-party extensions. */
  extensions: string[];
  /** IANA time zone used for day-based references and business calendars. */
  timeZone: string;
  /** Addresses of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  /** ISO 3166-1 region a phone number without a country code is read in (libphonenumber). */
  phoneRegion: string;
  /** A product model (and batch) with the same category or article more than this many times a month is a high-frequency issue. */
  highFrequencyThreshold: number;
  /** A planned or due date written on a work item may be at most this many days ahead (see domain/dates/date-bounds.ts). */
  maxFutureDays: number;
  /** Days a satisfaction survey link stays valid. */
  surveyLifetimeDays: number;
  /** Customer-facing survey page; `{token}` is replaced. Default: the API endpoint itself. */
  surveyUrl: string;
  companyName: string;
  templateCache: boolean;
  /** Run the outbox dispatcher in this instance, every `dispatchIntervalMs`. */
  dispatcher: boolean;
  dispatchIntervalMs: number;
  /** Run the SLA escalation sweep in this instance, every `sweepIntervalMs`. */
  scheduler: boolean;
  sweepIntervalMs: number;
  /** Run the privacy retention job in this instance, every `retentionIntervalMs`. */
  retentionJob: boolean;
  retentionIntervalMs: number;
  /** How often this instance reads the extension on/off switches saved by any instance (0: only at start). */
  extensionPollMs: number;
  /** Outbox messages of one batch sent side by side (1: in order). */
  dispatchConcurrency: number;
  /** Wall-clock lease of an outbox row being sent; a dead instance's rows are retried after it. */
  outboxLeaseMs: number;
  /** A report section or dashboard widget contributed by an extension gets this long to answer, then shows as an error. */
  sectionTimeoutMs: number;
  /**
   * The dashboard's counts (by state, my queue's total), weekly charts and month figures that took
   * `cacheFromMs` or longer to compute are kept in this instance (stale-while-revalidate): served as
   * they are for `freshSeconds`, then served while one refresh runs in the background, up to
   * `staleSeconds` old (older: computed while the caller waits). Quicker ones are computed for every
   * request. 0 `staleSeconds`: never kept.
   */
  dashboardFigures: { cacheFromMs: number; freshSeconds: number; staleSeconds: number };
  /** An Idempotency-Key claim older than this (wall clock, still in flight) may be taken over by a retry. */
  idempotencyInFlightMs: number;
  /** `/ready` answers 503 when the database does not answer within this long. */
  readyTimeoutMs: number;
  /** On SIGTERM/SIGINT: drain in-flight requests for at most this long, then stop. */
  gracefulShutdown: boolean;
  shutdownTimeoutMs: number;
  /** Key of the keyed hash that pseudonymises erased customers (default: the admin encryption key). */
  pseudonymKey: string;
  /** HMAC secret signing webhook messages (empty: unsigned). */
  webhookSecret: string;
  /** The SMS channel (extension `sms`): provider, keys, signature, template codes, receipts. */
  sms: {
    /** `aliyun`, `tencent`, `log` (writes to the log: development) or empty (SMS off: not a usable channel). */
    provider: '' | 'aliyun' | 'tencent' | 'log';
    accessKeyId: string;
    accessKeySecret: string;
    /** The registered signature (签名), e.g. 某某售后. */
    signName: string;
    /** host[:port] instead of the provider's public endpoint (a private endpoint; the tests' stand-in). */
    endpoint: string;
    /** `http` only for a local stand-in. */
    protocol: 'https' | 'http';
    region: string;
    /** Tencent's SmsSdkAppId. */
    appId: string;
    /** JSON: template key → { code, params: { providerParam: variable } }. */
    templates: string | Record<string, unknown>;
    /** The secret in the delivery-receipt address (empty: receipts refused). */
    receiptSecret: string;
    timeoutMs: number;
  };
  /** `AFTER_SALES_JOB_<ID>` variables by name (`off` switches that extension job off in this instance). */
  jobSwitches: Record<string, string>;
  /** The test clock routes (`PUT /test/clock`, `POST /sla/sweep`); never in production. */
  testClock: boolean;
  /** The inbound support mailbox (extension after-sales.mailbox); off while `host` is empty. */
  mailbox: {
    host: string;
    port: number;
    secure: boolean;
    /** Check the server's TLS certificate (off only for a test server). */
    tlsRejectUnauthorized: boolean;
    user: string;
    password: string;
    /** The folder read (`INBOX`). */
    folder: string;
    pollSeconds: number;
    /** A reply reopens a closed item within this many days of its closing, later it starts a new linked item. */
    reopenDays: number;
    /** Messages imported per poll at most. */
    batch: number;
    maxAttachmentBytes: number;
    maxAttachments: number;
    /** Comma-separated MIME types or families (`image/*`); a string, since array settings would be merged index by index with the default. */
    attachmentTypes: string;
    /** Tests only (with `testClock`): wait this long between writing an import and committing it, so a fault test can kill the process there. */
    testHoldBeforeCommitMs: number;
  };
  /** Files sent with a public intake (multipart). */
  intakeFiles: {
    maxFiles: number;
    maxFileBytes: number;
    /** Comma-separated MIME types (checked against the sniffed type). */
    types: string;
  };
  rateLimits: {
    intakePerIpPerMinute: number;
    intakePerTokenPerMinute: number;
    trackPerIpPerMinute: number;
    votePerIpPerMinute: number;
  };
  /** The feedback form's proof-of-work CAPTCHA (altcha, extension after-sales.portal). */
  altcha: {
    /** HMAC key signing the challenges (at least 32 characters, the same on every instance). */
    hmacKey: string;
    /** PBKDF2 iterations of one attempt. */
    cost: number;
    /** The hidden counter is drawn between half of this and this: the attempts a solver makes. */
    maxCounter: number;
  };
  /** Origins of the external sites that may embed the feedback widget (frame the form, call the intake from a browser). */
  widgetOrigins: string[];
}

/** The environment variable `config/plugins.ts` reads each setting from, for error messages. */
const VARIABLES: Record<string, string> = {
  extensions: 'AFTER_SALES_EXTENSIONS',
  timeZone: 'AFTER_SALES_TIME_ZONE',
  trustedProxies: 'AFTER_SALES_TRUSTED_PROXIES',
  phoneRegion: 'AFTER_SALES_PHONE_REGION',
  highFrequencyThreshold: 'AFTER_SALES_HIGH_FREQUENCY_THRESHOLD',
  maxFutureDays: 'AFTER_SALES_MAX_FUTURE_DAYS',
  surveyLifetimeDays: 'AFTER_SALES_SURVEY_DAYS',
  surveyUrl: 'AFTER_SALES_SURVEY_URL',
  companyName: 'AFTER_SALES_COMPANY_NAME',
  dispatcher: 'AFTER_SALES_DISPATCHER',
  dispatchIntervalMs: 'AFTER_SALES_DISPATCH_INTERVAL_MS',
  scheduler: 'AFTER_SALES_SCHEDULER',
  sweepIntervalMs: 'AFTER_SALES_SWEEP_INTERVAL_MS',
  retentionJob: 'AFTER_SALES_RETENTION_JOB',
  retentionIntervalMs: 'AFTER_SALES_RETENTION_INTERVAL_MS',
  extensionPollMs: 'AFTER_SALES_EXTENSION_POLL_MS',
  dispatchConcurrency: 'AFTER_SALES_DISPATCH_CONCURRENCY',
  outboxLeaseMs: 'AFTER_SALES_OUTBOX_LEASE_MS',
  idempotencyInFlightMs: 'AFTER_SALES_IDEMPOTENCY_IN_FLIGHT_MS',
  gracefulShutdown: 'AFTER_SALES_GRACEFUL_SHUTDOWN',
  shutdownTimeoutMs: 'AFTER_SALES_SHUTDOWN_TIMEOUT_MS',
  pseudonymKey: 'AFTER_SALES_PSEUDONYM_KEY',
  webhookSecret: 'AFTER_SALES_WEBHOOK_SECRET',
  'sms.provider': 'AFTER_SALES_SMS_PROVIDER',
  'sms.accessKeyId': 'AFTER_SALES_SMS_KEY_ID',
  'sms.accessKeySecret': 'AFTER_SALES_SMS_KEY_SECRET',
  'sms.signName': 'AFTER_SALES_SMS_SIGNATURE',
  'sms.endpoint': 'AFTER_SALES_SMS_ENDPOINT',
  'sms.protocol': 'AFTER_SALES_SMS_PROTOCOL',
  'sms.region': 'AFTER_SALES_SMS_REGION',
  'sms.appId': 'AFTER_SALES_SMS_APP_ID',
  'sms.templates': 'AFTER_SALES_SMS_TEMPLATES',
  'sms.receiptSecret': 'AFTER_SALES_SMS_RECEIPT_SECRET',
  'sms.timeoutMs': 'AFTER_SALES_SMS_TIMEOUT_MS',
  testClock: 'AFTER_SALES_TEST_CLOCK',
  jobSwitches: 'AFTER_SALES_JOB_<ID>',
  'mailbox.host': 'AFTER_SALES_IMAP_HOST',
  'mailbox.port': 'AFTER_SALES_IMAP_PORT',
  'mailbox.secure': 'AFTER_SALES_IMAP_SECURE',
  'mailbox.tlsRejectUnauthorized': 'AFTER_SALES_IMAP_TLS_REJECT_UNAUTHORIZED',
  'mailbox.user': 'AFTER_SALES_IMAP_USER',
  'mailbox.password': 'AFTER_SALES_IMAP_PASSWORD',
  'mailbox.folder': 'AFTER_SALES_IMAP_MAILBOX',
  'mailbox.pollSeconds': 'AFTER_SALES_IMAP_POLL_SECONDS',
  'mailbox.reopenDays': 'AFTER_SALES_IMAP_REOPEN_DAYS',
  'mailbox.batch': 'AFTER_SALES_IMAP_BATCH',
  'mailbox.maxAttachmentBytes': 'AFTER_SALES_IMAP_MAX_ATTACHMENT_BYTES',
  'mailbox.maxAttachments': 'AFTER_SALES_IMAP_MAX_ATTACHMENTS',
  'mailbox.attachmentTypes': 'AFTER_SALES_IMAP_ATTACHMENT_TYPES',
  'mailbox.testHoldBeforeCommitMs': 'AFTER_SALES_IMAP_TEST_HOLD_MS',
  'intakeFiles.maxFiles': 'AFTER_SALES_INTAKE_MAX_FILES',
  'intakeFiles.maxFileBytes': 'AFTER_SALES_INTAKE_MAX_FILE_BYTES',
  'intakeFiles.types': 'AFTER_SALES_INTAKE_FILE_TYPES',
  'rateLimits.intakePerIpPerMinute': 'AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP',
  'rateLimits.intakePerTokenPerMinute': 'AFTER_SALES_RATE_LIMIT_INTAKE_PER_TOKEN',
  'rateLimits.trackPerIpPerMinute': 'AFTER_SALES_RATE_LIMIT_TRACK_PER_IP',
  'rateLimits.votePerIpPerMinute': 'AFTER_SALES_RATE_LIMIT_VOTE_PER_IP',
  'altcha.hmacKey': 'AFTER_SALES_ALTCHA_HMAC_KEY',
  'altcha.cost': 'AFTER_SALES_ALTCHA_COST',
  'altcha.maxCounter': 'AFTER_SALES_ALTCHA_MAX_COUNTER',
  widgetOrigins: 'AFTER_SALES_WIDGET_ORIGINS',
  'dashboardFigures.cacheFromMs': 'AFTER_SALES_DASHBOARD_CACHE_FROM_MS',
  'dashboardFigures.freshSeconds': 'AFTER_SALES_DASHBOARD_FRESH_SECONDS',
  'dashboardFigures.staleSeconds': 'AFTER_SALES_DASHBOARD_STALE_SECONDS',
};

type Check = 'phoneRegion' | 'string' | 'strings' | 'boolean' | 'positive' | 'nonNegative' | 'timeZone' | 'switches' | 'smsProvider' | 'protocol' | 'smsTemplates' | 'secret' | 'origins';
const CHECKS: Record<string, Check> = {
  extensions: 'strings',
  timeZone: 'timeZone',
  trustedProxies: 'strings',
  phoneRegion: 'phoneRegion',
  highFrequencyThreshold: 'positive',
  maxFutureDays: 'positive',
  surveyLifetimeDays: 'positive',
  surveyUrl: 'string',
  companyName: 'string',
  templateCache: 'boolean',
  dispatcher: 'boolean',
  dispatchIntervalMs: 'positive',
  scheduler: 'boolean',
  sweepIntervalMs: 'positive',
  retentionJob: 'boolean',
  retentionIntervalMs: 'positive',
  extensionPollMs: 'nonNegative',
  dispatchConcurrency: 'positive',
  outboxLeaseMs: 'positive',
  sectionTimeoutMs: 'positive',
  idempotencyInFlightMs: 'positive',
  readyTimeoutMs: 'positive',
  gracefulShutdown: 'boolean',
  shutdownTimeoutMs: 'positive',
  pseudonymKey: 'string',
  webhookSecret: 'string',
  'sms.provider': 'smsProvider',
  'sms.accessKeyId': 'string',
  'sms.accessKeySecret': 'string',
  'sms.signName': 'string',
  'sms.endpoint': 'string',
  'sms.protocol': 'protocol',
  'sms.region': 'string',
  'sms.appId': 'string',
  'sms.templates': 'smsTemplates',
  'sms.receiptSecret': 'string',
  'sms.timeoutMs': 'positive',
  testClock: 'boolean',
  jobSwitches: 'switches',
  'mailbox.host': 'string',
  'mailbox.port': 'positive',
  'mailbox.secure': 'boolean',
  'mailbox.tlsRejectUnauthorized': 'boolean',
  'mailbox.user': 'string',
  'mailbox.password': 'string',
  'mailbox.folder': 'string',
  'mailbox.pollSeconds': 'positive',
  'mailbox.reopenDays': 'nonNegative',
  'mailbox.batch': 'positive',
  'mailbox.maxAttachmentBytes': 'positive',
  'mailbox.maxAttachments': 'nonNegative',
  'mailbox.attachmentTypes': 'string',
  'mailbox.testHoldBeforeCommitMs': 'nonNegative',
  'intakeFiles.maxFiles': 'nonNegative',
  'intakeFiles.maxFileBytes': 'positive',
  'intakeFiles.types': 'string',
  'rateLimits.intakePerIpPerMinute': 'positive',
  'rateLimits.intakePerTokenPerMinute': 'positive',
  'rateLimits.trackPerIpPerMinute': 'positive',
  'rateLimits.votePerIpPerMinute': 'positive',
  'altcha.hmacKey': 'secret',
  'altcha.cost': 'positive',
  'altcha.maxCounter': 'positive',
  widgetOrigins: 'origins',
  'dashboardFigures.cacheFromMs': 'nonNegative',
  'dashboardFigures.freshSeconds': 'nonNegative',
  'dashboardFigures.staleSeconds': 'nonNegative',
};

const EXPECTED: Record<Check, string> = {
  phoneRegion: 'must be a two-letter region code libphonenumber knows, such as CN',
  string: 'must be text',
  strings: 'must be a list of text (comma-separated in the variable)',
  boolean: 'must be true or false ("on" or "off" in the variable)',
  positive: 'must be a whole number above 0',
  nonNegative: 'must be a whole number, 0 or more',
  timeZone: 'must be an IANA time zone such as Asia/Shanghai',
  switches: 'must map each variable to "on" or "off"',
  smsProvider: 'must be aliyun, tencent, log or empty',
  protocol: 'must be https or http',
  secret: 'must be a random secret of at least 32 characters',
  origins: 'must be a list of origins such as https://shop.example.cn (comma-separated in the variable, no path, no *)',
  smsTemplates: 'must be JSON: template key → { "code": provider template code, "params": { name: variable } }',
};

const isValid = (check: Check, value: unknown): boolean => {
  switch (check) {
    case 'phoneRegion':
      return typeof value === 'string' && isPhoneRegion(value);
    case 'string':
      return typeof value === 'string';
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'boolean':
      return typeof value === 'boolean';
    case 'positive':
      return Number.isInteger(value) && (value as number) > 0;
    case 'nonNegative':
      return Number.isInteger(value) && (value as number) >= 0;
    case 'smsProvider':
      return value === '' || value === 'aliyun' || value === 'tencent' || value === 'log';
    case 'protocol':
      return value === 'https' || value === 'http';
    case 'secret':
      // Empty only where the app passes no key (the CAPTCHA then refuses to issue challenges).
      return typeof value === 'string' && (value === '' || value.length >= 32);
    case 'origins':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') && originProblems(value).length === 0;
    case 'smsTemplates':
      return smsMappingProblems(value, TEMPLATE_VARIABLES).length === 0;
    case 'switches':
      return !!value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => v === 'on' || v === 'off');
    case 'timeZone':
      if (typeof value !== 'string') return false;
      try {
        new Intl.DateTimeFormat('en', { timeZone: value });
        return true;
      } catch {
        return false;
      }
  }
};

const valueAt = (config: object, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), config);

/** Every problem of a configuration, one line each, naming the setting and its variable. */
export const configProblems = (config: Partial<AfterSalesConfig>): string[] => {
  const problems: string[] = [];
  for (const [path, check] of Object.entries(CHECKS)) {
    const value = valueAt(config, path);
    if (value === undefined || isValid(check, value)) continue;
    const variable = VARIABLES[path] ? ` (${VARIABLES[path]})` : '';
    // A secret is never printed, only its length.
    const got = check === 'secret' && typeof value === 'string' ? `${value.length} characters` : typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
    problems.push(`"${path}"${variable} ${EXPECTED[check]}, got ${got}`);
  }
  return problems;
};

export default {
  default: (): AfterSalesConfig => ({
    extensions: [],
    timeZone: 'Asia/Shanghai',
    trustedProxies: [],
    phoneRegion: DEFAULT_PHONE_REGION,
    highFrequencyThreshold: 5,
    maxFutureDays: 730,
    surveyLifetimeDays: 14,
    surveyUrl: '',
    companyName: 'After-sales',
    templateCache: true,
    dispatcher: true,
    dispatchIntervalMs: 5000,
    scheduler: true,
    sweepIntervalMs: 60000,
    retentionJob: true,
    retentionIntervalMs: 3_600_000,
    extensionPollMs: 5000,
    dispatchConcurrency: 1,
    outboxLeaseMs: 60000,
    sectionTimeoutMs: 10000,
    dashboardFigures: { cacheFromMs: 200, freshSeconds: 30, staleSeconds: 300 },
    idempotencyInFlightMs: 30000,
    readyTimeoutMs: 2000,
    gracefulShutdown: true,
    shutdownTimeoutMs: 25000,
    pseudonymKey: '',
    webhookSecret: '',
    sms: { provider: '', accessKeyId: '', accessKeySecret: '', signName: '', endpoint: '', protocol: 'https', region: '', appId: '', templates: '', receiptSecret: '', timeoutMs: 10000 },
    testClock: false,
    jobSwitches: {},
    mailbox: {
      host: '',
      port: 993,
      secure: true,
      tlsRejectUnauthorized: true,
      user: '',
      password: '',
      folder: 'INBOX',
      pollSeconds: 60,
      reopenDays: 14,
      batch: 50,
      maxAttachmentBytes: 10 * 1024 * 1024,
      maxAttachments: 10,
      attachmentTypes: 'image/*,application/pdf',
      testHoldBeforeCommitMs: 0,
    },
    intakeFiles: { maxFiles: 5, maxFileBytes: 5 * 1024 * 1024, types: 'image/jpeg,image/png,image/gif,image/webp,image/heic' },
    rateLimits: { intakePerIpPerMinute: 30, intakePerTokenPerMinute: 600, trackPerIpPerMinute: 60, votePerIpPerMinute: 10 },
    // The key has no default here: config/plugins.ts passes the variable, or a development value outside production.
    altcha: { hmacKey: '', cost: 2000, maxCounter: 5000 },
    widgetOrigins: [],
  }),
  validator(config: Partial<AfterSalesConfig>) {
    const problems = configProblems(config);
    if (problems.length) throw new Error(`after-sales config is invalid:\n  ${problems.join('\n  ')}`);
  },
};
