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
  /** `AFTER_SALES_JOB_<ID>` variables by name (`off` switches that extension job off in this instance). */
  jobSwitches: Record<string, string>;
  /** The test clock routes (`PUT /test/clock`, `POST /sla/sweep`); never in production. */
  testClock: boolean;
  rateLimits: {
    intakePerIpPerMinute: number;
    intakePerTokenPerMinute: number;
    trackPerIpPerMinute: number;
    votePerIpPerMinute: number;
  };
}

/** The environment variable `config/plugins.ts` reads each setting from, for error messages. */
const VARIABLES: Record<string, string> = {
  extensions: 'AFTER_SALES_EXTENSIONS',
  timeZone: 'AFTER_SALES_TIME_ZONE',
  trustedProxies: 'AFTER_SALES_TRUSTED_PROXIES',
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
  testClock: 'AFTER_SALES_TEST_CLOCK',
  jobSwitches: 'AFTER_SALES_JOB_<ID>',
  'rateLimits.intakePerIpPerMinute': 'AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP',
  'rateLimits.intakePerTokenPerMinute': 'AFTER_SALES_RATE_LIMIT_INTAKE_PER_TOKEN',
  'rateLimits.trackPerIpPerMinute': 'AFTER_SALES_RATE_LIMIT_TRACK_PER_IP',
  'rateLimits.votePerIpPerMinute': 'AFTER_SALES_RATE_LIMIT_VOTE_PER_IP',
};

type Check = 'string' | 'strings' | 'boolean' | 'positive' | 'nonNegative' | 'timeZone' | 'switches';
const CHECKS: Record<string, Check> = {
  extensions: 'strings',
  timeZone: 'timeZone',
  trustedProxies: 'strings',
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
  testClock: 'boolean',
  jobSwitches: 'switches',
  'rateLimits.intakePerIpPerMinute': 'positive',
  'rateLimits.intakePerTokenPerMinute': 'positive',
  'rateLimits.trackPerIpPerMinute': 'positive',
  'rateLimits.votePerIpPerMinute': 'positive',
};

const EXPECTED: Record<Check, string> = {
  string: 'must be text',
  strings: 'must be a list of text (comma-separated in the variable)',
  boolean: 'must be true or false ("on" or "off" in the variable)',
  positive: 'must be a whole number above 0',
  nonNegative: 'must be a whole number, 0 or more',
  timeZone: 'must be an IANA time zone such as Asia/Shanghai',
  switches: 'must map each variable to "on" or "off"',
};

const isValid = (check: Check, value: unknown): boolean => {
  switch (check) {
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
    problems.push(`"${path}"${variable} ${EXPECTED[check]}, got ${typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value))}`);
  }
  return problems;
};

export default {
  default: (): AfterSalesConfig => ({
    extensions: [],
    timeZone: 'Asia/Shanghai',
    trustedProxies: [],
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
    idempotencyInFlightMs: 30000,
    readyTimeoutMs: 2000,
    gracefulShutdown: true,
    shutdownTimeoutMs: 25000,
    pseudonymKey: '',
    webhookSecret: '',
    testClock: false,
    jobSwitches: {},
    rateLimits: { intakePerIpPerMinute: 30, intakePerTokenPerMinute: 600, trackPerIpPerMinute: 60, votePerIpPerMinute: 10 },
  }),
  validator(config: Partial<AfterSalesConfig>) {
    const problems = configProblems(config);
    if (problems.length) throw new Error(`after-sales config is invalid:\n  ${problems.join('\n  ')}`);
  },
};
