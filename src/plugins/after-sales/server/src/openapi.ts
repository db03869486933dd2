import type { Core } from '@strapi/strapi';
import { INTAKE_SCHEMA } from './validation/intake';

/**
 * The plugin's content-API routes for @strapi/plugin-documentation, with request and response
 * schemas (the intake body schema is the one the endpoint validates with).
 */
const error = { $ref: '#/components/schemas/Error' };
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [String(code), { description: String(code), ...json(error) }]));
const stripAjv = (schema: any): any => {
  if (Array.isArray(schema)) return schema.map(stripAjv);
  if (!schema || typeof schema !== 'object') return schema;
  const { const: constant, ...rest } = schema;
  const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, stripAjv(v)]));
  return constant === undefined ? out : { ...out, enum: [constant] };
};
const path = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const query = (name: string, description: string, schema: unknown = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema });

const timelineEntry = { type: 'object', properties: { at: { type: 'string', format: 'date-time' }, action: { type: 'string' }, from: { type: 'string', nullable: true }, to: { type: 'string' }, stateTitle: { type: 'string' } } };

export const OPENAPI_OVERRIDE = {
  components: {
    schemas: {
      Error: {
        type: 'object',
        properties: {
          data: { nullable: true },
          error: {
            type: 'object',
            properties: {
              status: { type: 'integer' },
              name: { type: 'string' },
              message: { type: 'string' },
              details: { type: 'object', properties: { errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } } } } } },
            },
          },
        },
      },
    },
  },
  paths: {
    '/after-sales/intake': {
      post: {
        tags: ['After-sales'],
        summary: 'Submit feedback or a complaint from any channel',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }],
        requestBody: { required: true, ...json(stripAjv(INTAKE_SCHEMA)) },
        responses: {
          '201': {
            description: 'Registered',
            ...json({
              type: 'object',
              properties: {
                data: {
                  type: 'object',
                  properties: {
                    reference: { type: 'string', example: 'FB-20261122-0001' },
                    trackingToken: { type: 'string' },
                    state: { type: 'string' },
                    acknowledgeBy: { type: 'string', format: 'date-time', nullable: true },
                    respondBy: { type: 'string', format: 'date-time', nullable: true },
                    suggestedArticles: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, slug: { type: 'string' } } } },
                  },
                },
              },
            }),
          },
          ...errors(400, 409, 413, 422, 429),
        },
      },
    },
    '/after-sales/track/{reference}': {
      get: {
        tags: ['After-sales'],
        summary: 'Track a case with its reference and tracking token',
        parameters: [path('reference', 'FB-… or CP-…'), { ...query('token', 'the tracking token given at intake'), required: true }, query('locale', 'zh-Hans or en')],
        responses: {
          '200': {
            description: 'The case',
            ...json({
              type: 'object',
              properties: {
                data: {
                  type: 'object',
                  properties: {
                    reference: { type: 'string' },
                    kind: { type: 'string', enum: ['feedback', 'complaint'] },
                    state: { type: 'string' },
                    stateTitle: { type: 'string' },
                    receivedAt: { type: 'string', format: 'date-time' },
                    dueDates: { type: 'object', additionalProperties: { type: 'string', format: 'date-time', nullable: true } },
                    timeline: { type: 'array', items: timelineEntry },
                  },
                },
              },
            }),
          },
          ...errors(404, 429),
        },
      },
    },
    '/after-sales/health': {
      get: {
        tags: ['After-sales'],
        summary: 'Liveness: the process answers',
        security: [],
        responses: { '200': { description: 'Alive', ...json({ type: 'object', properties: { data: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } } }) } },
      },
    },
    '/after-sales/ready': {
      get: {
        tags: ['After-sales'],
        summary: 'Readiness: database reachable, migrations applied, extensions loaded (503 otherwise, and while shutting down)',
        security: [],
        responses: Object.fromEntries(
          ['200', '503'].map((code) => [
            code,
            {
              description: code === '200' ? 'Ready' : 'Not ready or draining',
              ...json({
                type: 'object',
                properties: {
                  data: {
                    type: 'object',
                    properties: {
                      status: { type: 'string', enum: ['ready', 'not-ready', 'draining'] },
                      checks: { type: 'object', properties: { database: { type: 'string', enum: ['ok', 'unreachable', 'pending', 'failed', 'timeout'] }, migrations: { type: 'string', enum: ['ok', 'unreachable', 'pending', 'failed', 'timeout'] }, extensions: { type: 'string', enum: ['ok', 'unreachable', 'pending', 'failed', 'timeout'] } } },
                    },
                  },
                },
              }),
            },
          ])
        ),
      },
    },
    '/after-sales/kb/search': {
      get: {
        tags: ['After-sales'],
        summary: 'Search published knowledge articles',
        parameters: [{ ...query('q', 'search text', { type: 'string', maxLength: 200 }), required: true }, query('locale', 'zh-Hans or en'), query('product', 'product model code'), query('limit', '1–50', { type: 'integer' })],
        responses: {
          '200': {
            description: 'Ranked articles',
            ...json({ type: 'object', properties: { data: { type: 'array', items: { type: 'object', properties: { documentId: { type: 'string' }, title: { type: 'string' }, slug: { type: 'string' }, problem: { type: 'string' }, locale: { type: 'string' }, score: { type: 'number' } } } } } }),
          },
          ...errors(400),
        },
      },
    },
    '/after-sales/kb/{slug}/vote': {
      post: {
        tags: ['After-sales'],
        summary: 'Vote an article helpful or not',
        parameters: [path('slug', 'article slug')],
        requestBody: { required: true, ...json({ type: 'object', required: ['helpful'], additionalProperties: false, properties: { helpful: { type: 'boolean' } } }) },
        responses: { '200': { description: 'Counters', ...json({ type: 'object', properties: { data: { type: 'object', properties: { slug: { type: 'string' }, helpful: { type: 'integer' }, notHelpful: { type: 'integer' } } } } }) }, ...errors(400, 404, 429) },
      },
    },
    '/after-sales/surveys/{token}': {
      get: {
        tags: ['After-sales'],
        summary: 'The satisfaction question of a survey invitation',
        parameters: [path('token', 'survey token from the invitation')],
        responses: { '200': { description: 'Question', ...json({ type: 'object', properties: { data: { type: 'object', properties: { reference: { type: 'string' }, locale: { type: 'string' }, question: { type: 'string' }, scale: { type: 'string' }, scores: { type: 'array', items: { type: 'integer' } }, answered: { type: 'boolean' }, expiresAt: { type: 'string', format: 'date-time' } } } } }) }, ...errors(404) },
      },
      post: {
        tags: ['After-sales'],
        summary: 'Answer a survey once (a score under 4 reopens the case)',
        parameters: [path('token', 'survey token from the invitation')],
        requestBody: { required: true, ...json({ type: 'object', required: ['data'], properties: { data: { type: 'object', required: ['score'], additionalProperties: false, properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string', maxLength: 2000 } } } } }) },
        responses: { '200': { description: 'Recorded', ...json({ type: 'object', properties: { data: { type: 'object', properties: { reference: { type: 'string' }, thankYou: { type: 'boolean' } } } } }) }, ...errors(400, 404, 409) },
      },
    },
    '/after-sales/staff/{collection}': {
      get: {
        tags: ['After-sales'],
        summary: 'Department-scoped staff lists of feedback, complaints or service records',
        parameters: [
          path('collection', 'feedback, complaints or service-records'),
          query('state', 'comma-separated states'),
          query('department', 'department codes'),
          query('assignee', 'admin user id or "unassigned"'),
          query('severity', 'urgent, important, general, suggestion'),
          query('overdue', 'true or false'),
          query('product', 'product model'),
          query('batch', 'batch'),
          query('from', 'ISO date'),
          query('to', 'ISO date'),
          query('page', '≥ 1', { type: 'integer' }),
          query('pageSize', '1–100', { type: 'integer' }),
          query('sort', 'field:asc|desc'),
        ],
        responses: { '200': { description: 'A page of items', ...json({ type: 'object', properties: { data: { type: 'array', items: { type: 'object' } }, meta: { type: 'object', properties: { pagination: { type: 'object' } } } } }) }, ...errors(400, 403, 404) },
      },
    },
    '/after-sales/workflows/{uid}/{documentId}/actions': {
      get: {
        tags: ['After-sales'],
        summary: 'Actions the caller may take on a record now',
        parameters: [path('uid', 'content type or workflow id'), path('documentId', 'record')],
        responses: { '200': { description: 'State, version and actions', ...json({ type: 'object' }) }, ...errors(403, 404) },
      },
    },
    '/after-sales/workflows/{uid}/{documentId}/actions/{action}': {
      post: {
        tags: ['After-sales'],
        summary: 'Perform a workflow action',
        parameters: [path('uid', 'content type or workflow id'), path('documentId', 'record'), path('action', 'action id')],
        requestBody: { required: true, ...json({ type: 'object', required: ['version'], additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 }, note: { type: 'string', maxLength: 5000 }, data: { type: 'object' } } }) },
        responses: {
          '200': { description: 'Done', ...json({ type: 'object', properties: { data: { type: 'object', properties: { documentId: { type: 'string' }, reference: { type: 'string' }, action: { type: 'string' }, from: { type: 'string' }, state: { type: 'string' }, version: { type: 'integer' }, changedFields: { type: 'array', items: { type: 'string' } } } } } }) },
          ...errors(400, 403, 404, 409),
        },
      },
    },
    '/after-sales/workflows/{uid}/{documentId}/timeline': {
      get: {
        tags: ['After-sales'],
        summary: 'Audit events of a record',
        parameters: [path('uid', 'content type or workflow id'), path('documentId', 'record')],
        responses: { '200': { description: 'Events, oldest first', ...json({ type: 'object', properties: { data: { type: 'array', items: timelineEntry } } }) }, ...errors(403, 404) },
      },
    },
    '/after-sales/reports/monthly': {
      get: {
        tags: ['After-sales'],
        summary: 'Monthly feedback analysis report (JSON, or CSV/XLSX/HTML)',
        parameters: [{ ...query('month', 'YYYY-MM'), required: true }, query('product', 'model'), query('department', 'code'), query('format', 'json, csv, xlsx or html')],
        responses: { '200': { description: 'The figures', ...json({ type: 'object' }) }, ...errors(400, 403) },
      },
    },
    '/after-sales/privacy/customers/{documentId}/export': {
      post: {
        tags: ['After-sales'],
        summary: 'Everything held about one customer as a JSON file (recorded in the access audit)',
        parameters: [path('documentId', 'the customer')],
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
          ...errors(400, 403, 404),
        },
      },
    },
  },
};

/** Registers the override when the documentation plugin is installed. */
export const registerOpenApi = (strapi: Core.Strapi) => {
  const documentation = strapi.plugin('documentation');
  if (!documentation) return;
  documentation.service('override').registerOverride(OPENAPI_OVERRIDE, { pluginOrigin: 'after-sales', excludeFromGeneration: ['after-sales'] });
};
