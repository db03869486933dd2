import Ajv, { type ValidateFunction } from 'ajv';

/** An operation of the OpenAPI document, with `$ref`s resolved. */
export interface Operation {
  method: string;
  path: string;
  operationId: string;
  security: unknown[] | undefined;
  parameters: { name: string; in: string; required?: boolean; schema: any }[];
  requestBody?: { content: Record<string, { schema: any }> };
  responses: Record<string, { content?: Record<string, { schema: any }> }>;
}

/** Resolves every local `$ref` (the document has no cycles) and drops `discriminator`, which Ajv reads differently from OpenAPI. */
export const dereference = (doc: any) => {
  const resolve = (node: any): any => {
    if (Array.isArray(node)) return node.map(resolve);
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      const target = node.$ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((at: any, key: string) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      if (!target) throw new Error(`unresolved ${node.$ref}`);
      return resolve(target);
    }
    const { discriminator, example, ...rest } = node;
    return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, resolve(v)]));
  };
  return resolve(doc);
};

/** Every operation; `isPublic` when it may be called without credentials. */
export const operationsOf = (doc: any): (Operation & { isPublic: boolean })[] => {
  const resolved = dereference(doc);
  const operations: (Operation & { isPublic: boolean })[] = [];
  for (const [path, item] of Object.entries<any>(resolved.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const security = op.security ?? resolved.security;
      const isPublic = Array.isArray(security) && (security.length === 0 || security.some((s: object) => Object.keys(s).length === 0));
      operations.push({ method, path, operationId: op.operationId, security: op.security, parameters: op.parameters ?? [], requestBody: op.requestBody, responses: op.responses, isPublic });
    }
  }
  return operations;
};

/** Ajv for OpenAPI 3.0 schemas (`nullable`, `date-time`). */
export const openApiAjv = () =>
  new Ajv({
    strict: false,
    allErrors: true,
    formats: { 'date-time': (value: string) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) },
  });

/** The validator of an operation's JSON answer for a status (null when the status is not documented). */
export const responseValidator = (ajv: Ajv, op: Operation, status: number): ValidateFunction | null => {
  const response = op.responses[String(status)];
  if (!response) return null;
  const schema = response.content?.['application/json']?.schema ?? {};
  return ajv.compile(schema);
};

/** The request-body validator of an operation. */
export const requestValidator = (ajv: Ajv, op: Operation): ValidateFunction | null => {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  return schema ? ajv.compile(schema) : null;
};

/** A path with its `{params}` filled in. */
export const fillPath = (path: string, values: Record<string, string>) => path.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(values[name] ?? 'x'));
