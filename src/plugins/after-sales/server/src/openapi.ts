import type { Core } from '@strapi/strapi';
import { COMPLAINT_INTAKE_SCHEMA, FEEDBACK_INTAKE_SCHEMA } from './validation/intake';

/**
 * The plugin's content-API routes for @strapi/plugin-documentation and for
 * `GET /api/after-sales/openapi.json`, with request and response schemas (the intake body schemas
 * are the ones the endpoint validates with). Public operations say `security: []` (or "token
 * optional" for intake), so that a validating gateway lets anonymous callers through; every
 * operation has an `operationId`, its parameters' limits, and its error answers (400 with
 * `details.errors`, 401, 403, 404, 409, 413, 422, 429 with `Retry-After`, 503).
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `error.details.errors[]` names every offending field',
  401: 'Missing or invalid credentials',
  403: 'The caller may not do this',
  404: 'Not found',
  409: 'Conflict (already done, stale version, or the same Idempotency-Key still running)',
  413: 'Body larger than the limit (512 KB by default)',
  422: 'This Idempotency-Key was used with another body',
  429: 'Rate limit reached; retry after `Retry-After` seconds',
  503: 'Temporarily unavailable; retry after `Retry-After` seconds',
};
const retryAfter = { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer', minimum: 1 } } } };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: DESCRIPTIONS[code] ?? String(code), ...(code === 429 || code === 503 ? retryAfter : {}), ...json(ref('Error')) }]));
const stripAjv = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(stripAjv);
  if (!schema || typeof schema !== 'object') return schema;
  const { const: constant, ...rest } = schema as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, stripAjv(v)]));
  return constant === undefined ? out : { ...out, enum: [constant] };
};
const path = (name: string, description: string, schema: Record<string, unknown> = { type: 'string', minLength: 1, maxLength: 200 }) => ({ name, in: 'path', required: true, description, schema });
const query = (name: string, description: string, schema: unknown = { type: 'string', maxLength: 200 }) => ({ name, in: 'query', required: false, description, schema });
const LOCALE = { type: 'string', enum: ['zh-Hans', 'en'] };
const locale = query('locale', 'zh-Hans (default) or en', LOCALE);

/** Anonymous callers welcome. */
const PUBLIC: unknown[] = [];
/** Anonymous, or an API token (`Authorization: Bearer …`; limited per token instead of per address). */
const TOKEN_OPTIONAL = [{}, { bearerAuth: [] }];
/** An API token or a users-permissions JWT. */
const BEARER = [{ bearerAuth: [] }];

const timelineEntry = {
  type: 'object',
  required: ['at', 'action', 'to'],
  properties: {
    at: { type: 'string', format: 'date-time' },
    action: { type: 'string' },
    from: { type: 'string', nullable: true },
    to: { type: 'string', nullable: true },
    stateTitle: { type: 'string', nullable: true },
  },
};
const data = (schema: unknown) => ({ type: 'object', required: ['data'], properties: { data: schema } });

const OPENAPI_OVERRIDE = {
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token (Settings → API Tokens) or a users-permissions JWT' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['data', 'error'],
        properties: {
          data: { type: 'object', nullable: true },
          error: {
            type: 'object',
            required: ['status', 'name', 'message'],
            properties: {
              status: { type: 'integer' },
              name: { type: 'string' },
              message: { type: 'string' },
              details: {
                type: 'object',
                properties: {
                  errors: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['path', 'message'],
                      properties: { path: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } }, message: { type: 'string' } },
                    },
                  },
                },
              },
            },
          },
        },
      },
      FeedbackIntake: stripAjv(FEEDBACK_INTAKE_SCHEMA),
      ComplaintIntake: stripAjv(COMPLAINT_INTAKE_SCHEMA),
      IntakeRequest: {
        type: 'object',
        required: ['data'],
        additionalProperties: false,
        properties: {
          data: {
            oneOf: [ref('FeedbackIntake'), ref('ComplaintIntake')],
            discriminator: { propertyName: 'kind', mapping: { feedback: '#/components/schemas/FeedbackIntake', complaint: '#/components/schemas/ComplaintIntake' } },
          },
        },
      },
      IntakeAnswer: data({
        type: 'object',
        required: ['reference', 'trackingToken', 'state', 'suggestedArticles'],
        properties: {
          reference: { type: 'string', example: 'FB-20261122-0001' },
          trackingToken: { type: 'string' },
          state: { type: 'string' },
          acknowledgeBy: { type: 'string', format: 'date-time', nullable: true },
          respondBy: { type: 'string', format: 'date-time', nullable: true },
          suggestedArticles: { type: 'array', items: { type: 'object', required: ['title', 'slug'], properties: { title: { type: 'string' }, slug: { type: 'string' } } } },
        },
      }),
    },
  },
  paths: {
    '/after-sales/intake': {
      post: {
        tags: ['After-sales'],
        operationId: 'submitIntake',
        summary: 'Submit feedback or a complaint from any channel',
        description: 'Anonymous (limited per client address) or with an API token (limited per token). `data.kind` chooses the body: FeedbackIntake or ComplaintIntake.',
        security: TOKEN_OPTIONAL,
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'the same key with the same body returns the first answer',
            schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
          },
        ],
        requestBody: { required: true, ...json(ref('IntakeRequest')) },
        responses: { '201': { description: 'Registered (or the first answer to this Idempotency-Key)', ...json(ref('IntakeAnswer')) }, ...errors(400, 401, 403, 409, 413, 422, 429, 503) },
      },
    },
    '/after-sales/track/{reference}': {
      get: {
        tags: ['After-sales'],
        operationId: 'trackCase',
        summary: 'Track a case with its reference and tracking token',
        security: PUBLIC,
        parameters: [
          path('reference', 'FB-… or CP-…', { type: 'string', minLength: 1, maxLength: 40 }),
          { ...query('token', 'the tracking token given at intake', { type: 'string', minLength: 1, maxLength: 200 }), required: true },
          locale,
        ],
        responses: {
          '200': {
            description: 'The case',
            ...json(
              data({
                type: 'object',
                required: ['reference', 'kind', 'state', 'receivedAt', 'dueDates', 'timeline', 'messages'],
                properties: {
                  reference: { type: 'string' },
                  kind: { type: 'string', enum: ['feedback', 'complaint'] },
                  state: { type: 'string' },
                  stateTitle: { type: 'string', nullable: true },
                  receivedAt: { type: 'string', format: 'date-time' },
                  dueDates: { type: 'object', additionalProperties: { type: 'string', format: 'date-time', nullable: true } },
                  timeline: { type: 'array', items: timelineEntry },
                  messages: {
                    type: 'array',
                    description: "The public conversation: the customer's messages (in) and the replies to them (out), oldest first; never internal notes or staff names",
                    items: {
                      type: 'object',
                      required: ['at', 'direction', 'text', 'attachments'],
                      properties: {
                        at: { type: 'string' },
                        direction: { type: 'string', enum: ['in', 'out'] },
                        text: { type: 'string', nullable: true },
                        attachments: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, mime: { type: 'string' }, size: { type: 'integer' } } } },
                      },
                    },
                  },
                },
              })
            ),
          },
          ...errors(400, 404, 429),
        },
      },
    },
    '/after-sales/health': {
      get: {
        tags: ['After-sales'],
        operationId: 'health',
        summary: 'Liveness: the process answers',
        security: PUBLIC,
        responses: { '200': { description: 'Alive', ...json(data({ type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } })) } },
      },
    },
    '/after-sales/ready': {
      get: {
        tags: ['After-sales'],
        operationId: 'ready',
        summary: 'Readiness: database reachable, migrations applied, extensions loaded (503 otherwise, and while shutting down)',
        security: PUBLIC,
        responses: Object.fromEntries(
          ['200', '503'].map((code) => [
            code,
            {
              description: code === '200' ? 'Ready' : 'Not ready or draining',
              ...json(
                data({
                  type: 'object',
                  required: ['status'],
                  properties: {
                    status: { type: 'string', enum: ['ready', 'not-ready', 'draining'] },
                    checks: { type: 'object', additionalProperties: { type: 'string', enum: ['ok', 'unreachable', 'pending', 'failed', 'timeout'] } },
                  },
                })
              ),
            },
          ])
        ),
      },
    },
    '/after-sales/products': {
      get: {
        tags: ['After-sales'],
        operationId: 'listProducts',
        summary: 'The product models intake accepts (for the model field of a form)',
        description:
          'Cached by browsers and proxies for 60 s (`Cache-Control: public, max-age=60`) with an `ETag`; a request with `If-None-Match` gets `304` without a body while the page is unchanged.',
        security: PUBLIC,
        parameters: [
          query('q', 'part of the model code or name', { type: 'string', maxLength: 64 }),
          query('page', '≥ 1', { type: 'integer', minimum: 1, maximum: 100000 }),
          query('pageSize', '1–200 (default 100)', { type: 'integer', minimum: 1, maximum: 200 }),
        ],
        responses: {
          '200': {
            description: 'Products by model code',
            ...json({
              type: 'object',
              required: ['data', 'meta'],
              properties: {
                data: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['model', 'name'],
                    additionalProperties: false,
                    properties: { model: { type: 'string' }, name: { type: 'string' }, category: { type: 'string', nullable: true }, warrantyMonths: { type: 'integer', nullable: true } },
                  },
                },
                meta: { type: 'object', properties: { pagination: { type: 'object', properties: { page: { type: 'integer' }, pageSize: { type: 'integer' }, total: { type: 'integer' } } } } },
              },
            }),
          },
          '304': { description: 'Not modified (the `If-None-Match` ETag is current)' },
          ...errors(400, 429),
        },
      },
    },
    '/after-sales/captcha/challenge': {
      get: {
        tags: ['After-sales'],
        operationId: 'getCaptchaChallenge',
        summary: 'A proof-of-work challenge for the altcha widget (the feedback form and widget pages use it)',
        description:
          'Signed with `AFTER_SALES_ALTCHA_HMAC_KEY`, valid 20 minutes, never cached. The widget solves it and sends the solution with the form; a solved challenge is accepted once. CORS: only the origins in `AFTER_SALES_WIDGET_ORIGINS`.',
        security: PUBLIC,
        responses: {
          '200': {
            description: 'A new challenge (ALTCHA v2 format)',
            ...json({
              type: 'object',
              required: ['parameters', 'signature'],
              properties: {
                parameters: {
                  type: 'object',
                  required: ['algorithm', 'nonce', 'salt', 'cost', 'keyLength', 'keyPrefix', 'expiresAt'],
                  properties: {
                    algorithm: { type: 'string', enum: ['PBKDF2/SHA-256'] },
                    nonce: { type: 'string' },
                    salt: { type: 'string' },
                    cost: { type: 'integer' },
                    keyLength: { type: 'integer' },
                    keyPrefix: { type: 'string' },
                    keySignature: { type: 'string' },
                    expiresAt: { type: 'integer', description: 'seconds since the epoch' },
                  },
                },
                signature: { type: 'string' },
              },
            }),
          },
          ...errors(429, 503),
        },
      },
    },
    '/after-sales/kb/search': {
      get: {
        tags: ['After-sales'],
        operationId: 'searchArticles',
        summary: 'Search published knowledge articles',
        security: PUBLIC,
        parameters: [
          { ...query('q', 'search text', { type: 'string', minLength: 1, maxLength: 200 }), required: true },
          locale,
          query('product', 'product model code', { type: 'string', maxLength: 64 }),
          query('limit', '1–50 (default 10)', { type: 'integer', minimum: 1, maximum: 50 }),
        ],
        responses: {
          '200': {
            description: 'Ranked articles',
            ...json(
              data({
                type: 'array',
                items: {
                  type: 'object',
                  required: ['documentId', 'title', 'slug'],
                  properties: {
                    documentId: { type: 'string' },
                    title: { type: 'string' },
                    slug: { type: 'string' },
                    problem: { type: 'string', nullable: true },
                    locale: { type: 'string' },
                    score: { type: 'number' },
                  },
                },
              })
            ),
          },
          ...errors(400),
        },
      },
    },
    '/after-sales/kb/{slug}/vote': {
      post: {
        tags: ['After-sales'],
        operationId: 'voteArticle',
        summary: 'Vote an article helpful or not (counts on the published article in that language)',
        security: PUBLIC,
        parameters: [path('slug', 'article slug'), locale],
        requestBody: { required: true, ...json({ type: 'object', required: ['helpful'], additionalProperties: false, properties: { helpful: { type: 'boolean' } } }) },
        responses: {
          '200': {
            description: 'Counters',
            ...json(data({ type: 'object', required: ['slug', 'helpful', 'notHelpful'], properties: { slug: { type: 'string' }, helpful: { type: 'integer' }, notHelpful: { type: 'integer' } } })),
          },
          ...errors(400, 404, 429),
        },
      },
    },
    '/after-sales/surveys/{token}': {
      get: {
        tags: ['After-sales'],
        operationId: 'getSurvey',
        summary: 'The satisfaction question of a survey invitation',
        security: PUBLIC,
        parameters: [path('token', 'survey token from the invitation')],
        responses: {
          '200': {
            description: 'Question',
            ...json(
              data({
                type: 'object',
                required: ['reference', 'locale', 'question', 'scores'],
                properties: {
                  reference: { type: 'string', nullable: true },
                  locale: LOCALE,
                  question: { type: 'string' },
                  scale: { type: 'string' },
                  scores: { type: 'array', items: { type: 'integer' } },
                  answered: { type: 'boolean' },
                  expiresAt: { type: 'string', format: 'date-time' },
                },
              })
            ),
          },
          ...errors(400, 404),
        },
      },
      post: {
        tags: ['After-sales'],
        operationId: 'answerSurvey',
        summary: 'Answer a survey once (a score under 4 reopens the case)',
        security: PUBLIC,
        parameters: [path('token', 'survey token from the invitation')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['data'],
            additionalProperties: false,
            properties: {
              data: {
                type: 'object',
                required: ['score'],
                additionalProperties: false,
                properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 2000, nullable: true } },
              },
            },
          }),
        },
        responses: {
          '200': { description: 'Recorded', ...json(data({ type: 'object', properties: { reference: { type: 'string', nullable: true }, thankYou: { type: 'boolean' } } })) },
          ...errors(400, 404, 409),
        },
      },
    },
    '/after-sales/staff/{collection}': {
      get: {
        tags: ['After-sales'],
        operationId: 'listStaffItems',
        summary: 'Department-scoped staff lists of feedback, complaints or service records (users with a staff profile, or API tokens)',
        security: BEARER,
        parameters: [
          path('collection', 'feedback, complaints or service-records', { type: 'string', enum: ['feedback', 'complaints', 'service-records'] }),
          query('state', 'comma-separated states'),
          query('department', 'department codes'),
          query('assignee', 'admin user id or "unassigned"'),
          query('severity', 'urgent, important, general, suggestion'),
          query('overdue', 'true or false', { type: 'string', enum: ['true', 'false'] }),
          query('product', 'product model'),
          query('batch', 'batch'),
          query('from', 'ISO date'),
          query('to', 'ISO date'),
          query('page', '≥ 1', { type: 'integer', minimum: 1 }),
          query('pageSize', '1–100', { type: 'integer', minimum: 1, maximum: 100 }),
          query('sort', 'field:asc|desc'),
        ],
        responses: {
          '200': {
            description: 'A page of items',
            ...json({ type: 'object', properties: { data: { type: 'array', items: { type: 'object' } }, meta: { type: 'object', properties: { pagination: { type: 'object' } } } } }),
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/after-sales/workflows/{uid}/{documentId}/actions': {
      get: {
        tags: ['After-sales'],
        operationId: 'listWorkflowActions',
        summary: 'Actions the caller may take on a record now',
        security: BEARER,
        parameters: [path('uid', 'content type or workflow id'), path('documentId', 'record', { type: 'string', minLength: 1, maxLength: 64 })],
        responses: { '200': { description: 'State, version and actions', ...json({ type: 'object' }) }, ...errors(401, 403, 404) },
      },
    },
    '/after-sales/workflows/{uid}/{documentId}/actions/{action}': {
      post: {
        tags: ['After-sales'],
        operationId: 'performWorkflowAction',
        summary: 'Perform a workflow action',
        security: BEARER,
        parameters: [path('uid', 'content type or workflow id'), path('documentId', 'record', { type: 'string', minLength: 1, maxLength: 64 }), path('action', 'action id')],
        requestBody: {
          required: true,
          ...json({
            type: 'object',
            required: ['version'],
            additionalProperties: false,
            properties: { version: { type: 'integer', minimum: 1 }, note: { type: 'string', maxLength: 5000, nullable: true }, data: { type: 'object' } },
          }),
        },
        responses: {
          '200': {
            description: 'Done',
            ...json(
              data({
                type: 'object',
                properties: {
                  documentId: { type: 'string' },
                  reference: { type: 'string', nullable: true },
                  action: { type: 'string' },
                  from: { type: 'string' },
                  state: { type: 'string' },
                  version: { type: 'integer' },
                  changedFields: { type: 'array', items: { type: 'string' } },
                },
              })
            ),
          },
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    '/after-sales/workflows/{uid}/{documentId}/timeline': {
      get: {
        tags: ['After-sales'],
        operationId: 'getWorkflowTimeline',
        summary: 'Audit events of a record',
        security: BEARER,
        parameters: [path('uid', 'content type or workflow id'), path('documentId', 'record', { type: 'string', minLength: 1, maxLength: 64 })],
        responses: { '200': { description: 'Events, oldest first', ...json(data({ type: 'array', items: timelineEntry })) }, ...errors(401, 403, 404) },
      },
    },
    '/after-sales/reports/monthly': {
      get: {
        tags: ['After-sales'],
        operationId: 'getMonthlyReport',
        summary: 'Monthly feedback analysis report (JSON, or CSV/XLSX/HTML)',
        security: BEARER,
        parameters: [
          { ...query('month', 'YYYY-MM', { type: 'string', pattern: '^\\d{4}-\\d{2}$' }), required: true },
          query('product', 'model'),
          query('department', 'code'),
          query('format', 'json, csv, xlsx or html', { type: 'string', enum: ['json', 'csv', 'xlsx', 'html'] }),
        ],
        responses: { '200': { description: 'The figures', ...json({ type: 'object' }) }, ...errors(400, 401, 403) },
      },
    },
    '/after-sales/privacy/customers/{documentId}/export': {
      post: {
        tags: ['After-sales'],
        operationId: 'exportCustomer',
        summary: 'Everything held about one customer as a JSON file (recorded in the access audit)',
        security: BEARER,
        parameters: [path('documentId', 'the customer', { type: 'string', minLength: 1, maxLength: 64 })],
        requestBody: { required: true, ...json({ type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 5, maxLength: 500 } } }) },
        responses: {
          '200': {
            description: 'customer-<documentId>.json',
            ...json({
              type: 'object',
              properties: {
                format: { type: 'string', example: 'after-sales.customer-export/1' },
                exportedAt: { type: 'string', format: 'date-time' },
                customer: { type: 'object' },
                feedback: { type: 'array', items: { type: 'object' } },
                complaints: { type: 'array', items: { type: 'object' } },
                serviceRecords: { type: 'array', items: { type: 'object' } },
                messages: { type: 'array', items: { type: 'object' } },
                surveyAnswers: { type: 'array', items: { type: 'object' } },
                history: { type: 'array', items: { type: 'object' } },
              },
            }),
          },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  },
};

/**
 * The whole document served at `GET /api/after-sales/openapi.json`: the after-sales operations with
 * their schemas, paths relative to the content API (`/api`).
 */
export const openApiDocument = (strapi: Core.Strapi) => {
  const url = String(strapi.config.get('server.url', '') || '').replace(/\/$/, '');
  return {
    openapi: '3.0.3',
    info: {
      title: 'After-sales CRM API',
      version: '1.0.0',
      description: 'Intake, tracking, products, knowledge base, surveys, staff lists, workflows and reports. Errors: `{ data: null, error: { status, name, message, details } }`.',
    },
    servers: [{ url: `${url}/api` }],
    security: BEARER,
    tags: [{ name: 'After-sales' }],
    ...OPENAPI_OVERRIDE,
  };
};

/** Registers the override when the documentation plugin is installed. */
export const registerOpenApi = (strapi: Core.Strapi) => {
  const documentation = strapi.plugin('documentation');
  if (!documentation) return;
  documentation.service('override').registerOverride(OPENAPI_OVERRIDE, { pluginOrigin: 'after-sales', excludeFromGeneration: ['after-sales'] });
};
