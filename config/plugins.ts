import { requireSecret } from '../src/utils/secrets';

/**
 * Email goes out through SMTP when SMTP_HOST is set. Without it (the development default) the
 * after-sales outbox keeps messages, marked "held", and shows them to staff; nothing is sent.
 */
const email = (env: any) =>
  env('SMTP_HOST')
    ? {
        config: {
          provider: 'nodemailer',
          providerOptions: {
            host: env('SMTP_HOST'),
            port: env.int('SMTP_PORT', 587),
            secure: env.bool('SMTP_SECURE', false),
            ignoreTLS: env.bool('SMTP_IGNORE_TLS', false),
            auth: env('SMTP_USER') ? { user: env('SMTP_USER'), pass: env('SMTP_PASS') } : undefined,
            pool: false,
            connectionTimeout: env.int('SMTP_TIMEOUT_MS', 10000),
          },
          settings: { defaultFrom: env('SMTP_FROM', 'after-sales@example.com'), defaultReplyTo: env('SMTP_FROM', 'after-sales@example.com') },
        },
      }
    : { config: { provider: 'sendmail', settings: { defaultFrom: env('SMTP_FROM', 'after-sales@example.com') } } };

export default ({ env }: { env: any }) => ({
  email: email(env),
  'users-permissions': {
    config: {
      jwtSecret: env('JWT_SECRET') || (env('NODE_ENV') === 'production' ? undefined : 'dev-users-permissions-jwt-secret'),
    },
  },
  documentation: {
    enabled: true,
    config: {
      openapi: '3.0.0',
      info: { version: '1.0.0', title: 'After-sales CRM API', description: 'Intake, tracking, knowledge base, surveys, staff lists, workflows and reports.' },
      'x-strapi-config': { plugins: ['after-sales', 'users-permissions'] },
    },
  },
  'after-sales': {
    enabled: true,
    resolve: './src/plugins/after-sales',
    config: {
      // Third-party extensions: folders (relative to the app) or npm package names.
      // AFTER_SALES_EXTENSIONS adds more, comma-separated, without editing this file.
      extensions: ['./extensions/warranty-check', './extensions/wecom-notify', ...env.array('AFTER_SALES_EXTENSIONS', [])],
      timeZone: env('AFTER_SALES_TIME_ZONE', 'Asia/Shanghai'),
      trustedProxies: env.array('AFTER_SALES_TRUSTED_PROXIES', []),
      companyName: env('AFTER_SALES_COMPANY_NAME', 'After-sales'),
      surveyUrl: env('AFTER_SALES_SURVEY_URL', ''),
      surveyLifetimeDays: env.int('AFTER_SALES_SURVEY_DAYS', 14),
      highFrequencyThreshold: env.int('AFTER_SALES_HIGH_FREQUENCY_THRESHOLD', 5),
      maxFutureDays: env.int('AFTER_SALES_MAX_FUTURE_DAYS', 730),
      // Background work of this instance: "off" switches it off here (other instances still run it).
      dispatcher: env('AFTER_SALES_DISPATCHER', 'on') !== 'off',
      dispatchIntervalMs: env.int('AFTER_SALES_DISPATCH_INTERVAL_MS', 5000),
      scheduler: env('AFTER_SALES_SCHEDULER', 'on') !== 'off',
      sweepIntervalMs: env.int('AFTER_SALES_SWEEP_INTERVAL_MS', 60000),
      retentionJob: env('AFTER_SALES_RETENTION_JOB', 'on') !== 'off',
      retentionIntervalMs: env.int('AFTER_SALES_RETENTION_INTERVAL_MS', 3600000),
      extensionPollMs: env.int('AFTER_SALES_EXTENSION_POLL_MS', 5000),
      dispatchConcurrency: env.int('AFTER_SALES_DISPATCH_CONCURRENCY', 1),
      outboxLeaseMs: env.int('AFTER_SALES_OUTBOX_LEASE_MS', 60000),
      idempotencyInFlightMs: env.int('AFTER_SALES_IDEMPOTENCY_IN_FLIGHT_MS', 30000),
      // The dashboard's figures of a large scope, kept a little while (see the README's "Dashboard").
      dashboardFigures: {
        cacheFromMs: env.int('AFTER_SALES_DASHBOARD_CACHE_FROM_MS', 200),
        freshSeconds: env.int('AFTER_SALES_DASHBOARD_FRESH_SECONDS', 30),
        staleSeconds: env.int('AFTER_SALES_DASHBOARD_STALE_SECONDS', 300),
      },
      // Not under jest (NODE_ENV=test): the test process owns its signals.
      gracefulShutdown: env('AFTER_SALES_GRACEFUL_SHUTDOWN', 'on') !== 'off' && env('NODE_ENV') !== 'test',
      shutdownTimeoutMs: env.int('AFTER_SALES_SHUTDOWN_TIMEOUT_MS', 25000),
      pseudonymKey: env('AFTER_SALES_PSEUDONYM_KEY', ''),
      webhookSecret: env('AFTER_SALES_WEBHOOK_SECRET', ''),
      // SMS (extension `sms`): aliyun | tencent | log; empty: no SMS. See the README's "SMS" section.
      // `npm run develop` (NODE_ENV development) writes SMS to the log, so the demo's phone-only customers are answered.
      sms: {
        provider: env('AFTER_SALES_SMS_PROVIDER', (env('NODE_ENV') ?? 'development') === 'development' ? 'log' : ''),
        accessKeyId: env('AFTER_SALES_SMS_KEY_ID', ''),
        accessKeySecret: env('AFTER_SALES_SMS_KEY_SECRET', ''),
        signName: env('AFTER_SALES_SMS_SIGNATURE', ''),
        endpoint: env('AFTER_SALES_SMS_ENDPOINT', ''),
        protocol: env('AFTER_SALES_SMS_PROTOCOL', 'https'),
        region: env('AFTER_SALES_SMS_REGION', ''),
        appId: env('AFTER_SALES_SMS_APP_ID', ''),
        templates: env('AFTER_SALES_SMS_TEMPLATES', ''),
        receiptSecret: env('AFTER_SALES_SMS_RECEIPT_SECRET', ''),
        timeoutMs: env.int('AFTER_SALES_SMS_TIMEOUT_MS', 10000),
      },
      testClock: env('AFTER_SALES_TEST_CLOCK') === '1' && env('NODE_ENV') !== 'production',
      // AFTER_SALES_JOB_<ID>=off: that extension job does not run in this instance.
      jobSwitches: Object.fromEntries(
        Object.entries(process.env)
          .filter(([name]) => name.startsWith('AFTER_SALES_JOB_'))
          .map(([name, value]) => [name, value === 'off' ? 'off' : 'on'])
      ),
      // The inbound support mailbox (IMAP); off while AFTER_SALES_IMAP_HOST is empty.
      mailbox: {
        host: env('AFTER_SALES_IMAP_HOST', ''),
        port: env.int('AFTER_SALES_IMAP_PORT', 993),
        secure: env.bool('AFTER_SALES_IMAP_SECURE', true),
        tlsRejectUnauthorized: env.bool('AFTER_SALES_IMAP_TLS_REJECT_UNAUTHORIZED', true),
        user: env('AFTER_SALES_IMAP_USER', ''),
        password: env('AFTER_SALES_IMAP_PASSWORD', ''),
        folder: env('AFTER_SALES_IMAP_MAILBOX', 'INBOX'),
        pollSeconds: env.int('AFTER_SALES_IMAP_POLL_SECONDS', 60),
        reopenDays: env.int('AFTER_SALES_IMAP_REOPEN_DAYS', 14),
        batch: env.int('AFTER_SALES_IMAP_BATCH', 50),
        maxAttachmentBytes: env.int('AFTER_SALES_IMAP_MAX_ATTACHMENT_BYTES', 10485760),
        maxAttachments: env.int('AFTER_SALES_IMAP_MAX_ATTACHMENTS', 10),
        attachmentTypes: env('AFTER_SALES_IMAP_ATTACHMENT_TYPES', 'image/*,application/pdf'),
        // Fault tests only (ignored unless AFTER_SALES_TEST_CLOCK=1 outside production).
        testHoldBeforeCommitMs: env('AFTER_SALES_TEST_CLOCK') === '1' && env('NODE_ENV') !== 'production' ? env.int('AFTER_SALES_IMAP_TEST_HOLD_MS', 0) : 0,
      },
      intakeFiles: {
        maxFiles: env.int('AFTER_SALES_INTAKE_MAX_FILES', 5),
        maxFileBytes: env.int('AFTER_SALES_INTAKE_MAX_FILE_BYTES', 5242880),
        types: env('AFTER_SALES_INTAKE_FILE_TYPES', 'image/jpeg,image/png,image/gif,image/webp,image/heic'),
      },
      // The feedback form's proof-of-work CAPTCHA (altcha). The key signs every challenge: the same on
      // every instance; required in production (a fixed development value otherwise).
      altcha: {
        hmacKey: requireSecret(env, 'AFTER_SALES_ALTCHA_HMAC_KEY', 'dev-altcha-hmac-key-change-me-in-production'),
        cost: env.int('AFTER_SALES_ALTCHA_COST', 2000),
        maxCounter: env.int('AFTER_SALES_ALTCHA_MAX_COUNTER', 5000),
      },
      // External sites that may embed the feedback widget (CSP frame-ancestors, CORS of the public intake).
      widgetOrigins: env.array('AFTER_SALES_WIDGET_ORIGINS', []),
      rateLimits: {
        intakePerIpPerMinute: env.int('AFTER_SALES_RATE_LIMIT_INTAKE_PER_IP', 30),
        intakePerTokenPerMinute: env.int('AFTER_SALES_RATE_LIMIT_INTAKE_PER_TOKEN', 600),
        trackPerIpPerMinute: env.int('AFTER_SALES_RATE_LIMIT_TRACK_PER_IP', 60),
        votePerIpPerMinute: env.int('AFTER_SALES_RATE_LIMIT_VOTE_PER_IP', 10),
      },
    },
  },
});
