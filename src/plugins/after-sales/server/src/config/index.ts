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
  /** Outbox messages of one batch sent side by side (1: in order). */
  dispatchConcurrency: number;
  /** Wall-clock lease of an outbox row being sent; a dead instance's rows are retried after it. */
  outboxLeaseMs: number;
  /** A report section or dashboard widget contributed by an extension gets this long to answer, then shows as an error. */
  sectionTimeoutMs: number;
  /** An Idempotency-Key claim older than this (wall clock, still in flight) may be taken over by a retry. */
  idempotencyInFlightMs: number;
  /** On SIGTERM/SIGINT: drain in-flight requests for at most this long, then stop. */
  gracefulShutdown: boolean;
  shutdownTimeoutMs: number;
  rateLimits: {
    intakePerIpPerMinute: number;
    intakePerTokenPerMinute: number;
    trackPerIpPerMinute: number;
    votePerIpPerMinute: number;
  };
}

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
    dispatchConcurrency: 1,
    outboxLeaseMs: 60000,
    sectionTimeoutMs: 10000,
    idempotencyInFlightMs: 30000,
    gracefulShutdown: true,
    shutdownTimeoutMs: 25000,
    rateLimits: { intakePerIpPerMinute: 30, intakePerTokenPerMinute: 600, trackPerIpPerMinute: 60, votePerIpPerMinute: 10 },
  }),
  validator(config: Partial<AfterSalesConfig>) {
    if (config.extensions !== undefined && !Array.isArray(config.extensions)) {
      throw new Error('after-sales config: "extensions" must be an array of paths or package names');
    }
    if (config.maxFutureDays !== undefined && !(Number.isInteger(config.maxFutureDays) && config.maxFutureDays > 0)) {
      throw new Error('after-sales config: "maxFutureDays" must be a whole number of days above 0');
    }
    if (config.sectionTimeoutMs !== undefined && !(Number.isInteger(config.sectionTimeoutMs) && config.sectionTimeoutMs > 0)) {
      throw new Error('after-sales config: "sectionTimeoutMs" must be a whole number of milliseconds above 0');
    }
    if (config.timeZone !== undefined) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: config.timeZone });
      } catch {
        throw new Error(`after-sales config: "timeZone" is not a valid IANA time zone: ${config.timeZone}`);
      }
    }
  },
};
