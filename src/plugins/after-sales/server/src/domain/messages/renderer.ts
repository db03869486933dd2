import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';

/**
 * Message templates: Handlebars in an isolated environment, strict (a missing variable is an
 * error, never an empty string), only our helpers, no prototype access, compiled once per
 * template text. Pure: no Strapi import.
 */
export interface MessageTemplate {
  key: string;
  channel: string;
  locale: string;
  subject: string;
  body: string;
  version: number;
}

export interface RenderOptions {
  locale: string;
  timeZone: string;
}

export class RenderError extends Error {
  constructor(
    public readonly templateKey: string,
    message: string
  ) {
    super(`${templateKey}: ${message}`);
    this.name = 'RenderError';
  }
}

export interface TemplateProblem {
  field: 'subject' | 'body';
  line: number;
  message: string;
}

const DURATION_WORDS = {
  en: { day: (n: number) => `${n} day${n === 1 ? '' : 's'}`, hour: (n: number) => `${n} h`, minute: (n: number) => `${n} min`, overdue: (t: string) => `overdue by ${t}` },
  'zh-Hans': { day: (n: number) => `${n}天`, hour: (n: number) => `${n}小时`, minute: (n: number) => `${n}分钟`, overdue: (t: string) => `已超时${t}` },
};

export const HELPERS: { name: string; signature: string; description: { en: string; 'zh-Hans': string } }[] = [
  { name: 'formatDate', signature: '{{formatDate value}}', description: { en: 'A date and time in the customer’s language and time zone', 'zh-Hans': '按客户语言和时区显示日期时间' } },
  { name: 'formatDay', signature: '{{formatDay value}}', description: { en: 'A date without the time', 'zh-Hans': '只显示日期' } },
  {
    name: 'formatDuration',
    signature: '{{formatDuration milliseconds}}',
    description: { en: 'A duration such as “1 day 3 h”, or “overdue by …” when negative', 'zh-Hans': '时长，如“1天3小时”；负数显示“已超时…”' },
  },
  { name: 'eq', signature: '{{#if (eq a b)}}…{{/if}}', description: { en: 'True when both values are equal', 'zh-Hans': '两个值相等时为真' } },
];

export const formatDuration = (ms: number, locale: string) => {
  const words = DURATION_WORDS[locale === 'en' ? 'en' : 'zh-Hans'];
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const parts = [days ? words.day(days) : '', hours ? words.hour(hours) : '', !days && minutes ? words.minute(minutes) : ''].filter(Boolean);
  const text = parts.join(locale === 'en' ? ' ' : '') || words.minute(0);
  return ms < 0 ? words.overdue(text) : text;
};

const createEnvironment = (options: RenderOptions) => {
  const hbs = Handlebars.create();
  const intlLocale = options.locale === 'en' ? 'en-US' : 'zh-CN';
  const toDate = (value: unknown) => {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${String(value)}`);
    return date;
  };
  // Built once per environment: constructing an Intl.DateTimeFormat costs far more than formatting with it.
  const dateTime = new Intl.DateTimeFormat(intlLocale, { timeZone: options.timeZone, dateStyle: 'long', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat(intlLocale, { timeZone: options.timeZone, dateStyle: 'long' });
  hbs.registerHelper('formatDate', (value: unknown) => dateTime.format(toDate(value)));
  hbs.registerHelper('formatDay', (value: unknown) => day.format(toDate(value)));
  hbs.registerHelper('formatDuration', (value: unknown) => formatDuration(Number(value), options.locale));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  return hbs;
};

const KNOWN_HELPERS = Object.fromEntries([...HELPERS.map((h) => h.name), 'if', 'unless', 'each', 'with'].map((n) => [n, true]));
const COMPILE_OPTIONS = { strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true } as const;
const RUNTIME_OPTIONS = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false } as const;

/** The parts of a Handlebars AST node the checks below read (the parser's nodes carry more). */
interface AstNode {
  type?: string;
  original?: string;
  data?: boolean;
  escaped?: boolean;
  head?: unknown;
  parts?: unknown[];
  tail?: unknown[];
  params?: unknown[];
  path?: AstNode;
  loc?: { start?: { line?: number } };
  [key: string]: unknown;
}

/** Every variable path a template reads, with its line, outside of `#each` blocks. */
const collectPaths = (source: string): { path: string; line: number }[] => {
  const found: { path: string; line: number }[] = [];
  const visit = (value: unknown, inLoop: boolean): void => {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((n) => visit(n, inLoop));
    const node = value as AstNode;
    if (node.type === 'PathExpression' && !inLoop && !node.data) {
      const path = node.original ?? '';
      if (!KNOWN_HELPERS[path] && path !== 'this') found.push({ path, line: node.loc?.start?.line ?? 1 });
    }
    const loop = inLoop || (node.type === 'BlockStatement' && node.path?.original === 'each');
    for (const key of ['body', 'program', 'inverse', 'params', 'hash', 'pairs', 'value']) {
      if (key === 'program' || key === 'inverse') visit(node[key], loop);
      else visit(node[key], inLoop);
    }
    if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
      const head = node.path?.original;
      const isHelperCall = (node.params?.length ?? 0) > 0 || node.type === 'BlockStatement' || node.type === 'SubExpression';
      if (isHelperCall && head && !KNOWN_HELPERS[head]) found.push({ path: `helper:${head}`, line: node.loc?.start?.line ?? 1 });
      else if (!isHelperCall) visit(node.path, inLoop);
    }
  };
  visit(Handlebars.parse(source), false);
  return found;
};

/** Names that reach into JavaScript's object machinery rather than a template variable. */
const PROTOTYPE_NAMES = new Set(
  ['constructor', 'prototype', '__proto__', ...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype)].filter((n) => n !== 'length' && n !== 'name')
);

/**
 * What a message template may never contain, wherever it is (inside `#each` too): unescaped output
 * (`{{{…}}}`, `{{& …}}`), which would put customer text raw into the HTML email; partials and
 * decorators, which fail at send time; and prototype names (`constructor`, `toString`, `__proto__`…).
 */
const forbiddenConstructs = (source: string): { line: number; message: string }[] => {
  const found: { line: number; message: string }[] = [];
  const lineOf = (node: AstNode) => node.loc?.start?.line ?? 1;
  const stack: unknown[] = [Handlebars.parse(source)];
  while (stack.length) {
    const value = stack.pop();
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    const node = value as AstNode;
    if (node.type === 'MustacheStatement' && node.escaped === false)
      found.push({ line: lineOf(node), message: 'unescaped output ({{{…}}} or {{& …}}) is not allowed: it would put text into the HTML email raw' });
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') found.push({ line: lineOf(node), message: 'partials ({{> …}}) are not allowed' });
    if (node.type === 'Decorator' || node.type === 'DecoratorBlock') found.push({ line: lineOf(node), message: 'decorators ({{* …}}) are not allowed' });
    if (node.type === 'PathExpression') {
      const names = [node.head, ...(node.parts ?? []), ...(node.tail ?? [])].filter((p): p is string => typeof p === 'string');
      const bad = names.find((n) => PROTOTYPE_NAMES.has(n));
      if (bad) found.push({ line: lineOf(node), message: `"${node.original}" is not allowed (${bad} is not a template variable)` });
    }
    for (const key of ['body', 'program', 'inverse', 'params', 'hash', 'pairs', 'value', 'path', 'name']) if (node[key] && typeof node[key] === 'object') stack.push(node[key]);
  }
  return found.sort((a, b) => a.line - b.line);
};

/**
 * Checks a template against the variables its key may use: syntax errors and unknown variables or
 * helpers are reported with their line.
 */
export const validateTemplate = (template: Pick<MessageTemplate, 'subject' | 'body'>, variables: string[]): TemplateProblem[] => {
  const problems: TemplateProblem[] = [];
  const allowed = new Set(variables);
  for (const field of ['subject', 'body'] as const) {
    try {
      Handlebars.precompile(template[field], COMPILE_OPTIONS);
      const forbidden = forbiddenConstructs(template[field]);
      for (const { line, message } of forbidden) problems.push({ field, line, message });
      if (forbidden.length) continue;
      for (const { path, line } of collectPaths(template[field])) {
        if (path.startsWith('helper:')) problems.push({ field, line, message: `unknown helper "${path.slice(7)}"` });
        else if (path.includes('__proto__') || path.includes('constructor') || path.includes('prototype')) problems.push({ field, line, message: `"${path}" is not allowed` });
        else if (!allowed.has(path)) problems.push({ field, line, message: `unknown variable "${path}"` });
      }
    } catch (error) {
      const message = (error as Error).message;
      const line = Number(/line (\d+)/.exec(message)?.[1] ?? 1);
      problems.push({ field, line, message: message.split('\n')[0] });
    }
  }
  return problems;
};

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const layout = (subject: string, bodyHtml: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${subject}</title></head><body style="margin:0;padding:24px;background:#f6f6f9;font-family:system-ui,'Noto Sans CJK SC',sans-serif;color:#32324d"><div style="max-width:600px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;line-height:1.6">${bodyHtml}</div></body></html>`;

const MAX_CACHED = 500;
const contentHash = (template: Pick<MessageTemplate, 'subject' | 'body'>) => createHash('sha256').update(template.subject).update('\u0000').update(template.body).digest('base64');

/** Renders templates, caching the compiled functions per key, channel, locale and text. */
export const createRenderer = (options: { cache: boolean } = { cache: true }) => {
  const cache = new Map<string, { text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate; subject: HandlebarsTemplateDelegate }>();
  let compilations = 0;

  const compiled = (template: MessageTemplate, env: typeof Handlebars, render: RenderOptions) => {
    // Keyed by the text itself, not by the version: a version number starts again at 1 when an
    // override is deleted ("back to default") and saved anew, and must never bring back an old text.
    const key = `${template.key}|${template.channel}|${template.locale}|${render.locale}|${render.timeZone}|${contentHash(template)}`;
    const hit = options.cache ? cache.get(key) : undefined;
    if (hit) return hit;
    compilations += 1;
    const entry = {
      subject: env.compile(template.subject, { ...COMPILE_OPTIONS, noEscape: true }),
      text: env.compile(template.body, { ...COMPILE_OPTIONS, noEscape: true }),
      html: env.compile(template.body, COMPILE_OPTIONS),
    };
    if (options.cache) {
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
      cache.set(key, entry);
    }
    return entry;
  };

  const environments = new Map<string, typeof Handlebars>();
  const environment = (render: RenderOptions) => {
    const key = `${render.locale}|${render.timeZone}`;
    if (!environments.has(key)) environments.set(key, createEnvironment(render));
    return environments.get(key)!;
  };

  return {
    render(template: MessageTemplate, context: Record<string, unknown>, render: RenderOptions): Rendered {
      const env = environment(render);
      try {
        // Templates are compiled against one environment's helpers; the cache keys include the locale.
        const fns = compiled(template, env, render);
        const subject = fns.subject(context, RUNTIME_OPTIONS).trim();
        const text = fns.text(context, RUNTIME_OPTIONS);
        const html = layout(Handlebars.escapeExpression(subject), fns.html(context, RUNTIME_OPTIONS).replace(/\n/g, '<br>\n'));
        return { subject, text, html };
      } catch (error) {
        throw new RenderError(template.key, (error as Error).message.split('\n')[0]);
      }
    },
    get compilations() {
      return compilations;
    },
  };
};
