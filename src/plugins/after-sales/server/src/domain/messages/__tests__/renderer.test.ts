import { TEMPLATE_VARIABLES } from '../variables';
import { createRenderer, formatDuration, RenderError, validateTemplate, type MessageTemplate } from '../renderer';
import manifest from '../../../extensions/messages/package.json';

const VARIABLES = ['customer.name', 'item.reference', 'item.respondBy', 'links.tracking'];
const template = (body: string, subject = 'Case {{item.reference}}', version = 1): MessageTemplate => ({ key: 'feedback.acknowledged', channel: 'email', locale: 'en', subject, body, version });
const context = { customer: { name: 'Anna <b>' }, item: { reference: 'FB-20261122-0001', respondBy: '2026-11-23T10:30:00Z' }, links: { tracking: 'https://x/track' } };

describe('validateTemplate', () => {
  it('reports a syntax error with its line', () => {
    const [problem] = validateTemplate(template('line one\nline two\n{{#if item.reference}}\nno close'), VARIABLES);
    expect(problem).toMatchObject({ field: 'body' });
    expect(problem.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses unknown variables and helpers with their line, and prototype paths', () => {
    expect(validateTemplate(template('Hello\n{{customer.phone}}'), VARIABLES)).toEqual([{ field: 'body', line: 2, message: 'unknown variable "customer.phone"' }]);
    expect(validateTemplate(template('{{shout customer.name}}'), VARIABLES)[0].message).toMatch(/shout/);
    expect(validateTemplate(template('{{constructor.name}}'), [...VARIABLES, 'constructor.name'])[0].message).toMatch(/not allowed/);
  });

  it('accepts helpers, blocks and known variables', () => {
    expect(validateTemplate(template('{{#if item.respondBy}}by {{formatDate item.respondBy}}{{/if}} {{links.tracking}}'), VARIABLES)).toEqual([]);
  });

  it('every contributed default template validates', () => {
    const variables = TEMPLATE_VARIABLES;
    for (const t of manifest.afterSales.contributes.templates) {
      for (const locale of ['zh-Hans', 'en'] as const) {
        expect({ key: t.id, locale, problems: validateTemplate((t as any)[locale], variables) }).toEqual({ key: t.id, locale, problems: [] });
      }
    }
  });
});

describe('createRenderer', () => {
  const options = { locale: 'en', timeZone: 'Asia/Shanghai' };

  it('escapes HTML in the html part only, and formats dates in the customer’s zone and language', () => {
    const renderer = createRenderer();
    const out = renderer.render(template('Dear {{customer.name}}, by {{formatDate item.respondBy}}'), context, options);
    expect(out.text).toBe('Dear Anna <b>, by November 23, 2026 at 6:30 PM');
    expect(out.html).toContain('Dear Anna &lt;b&gt;');
    expect(out.subject).toBe('Case FB-20261122-0001');
    const zh = renderer.render({ ...template('{{formatDate item.respondBy}}'), locale: 'zh-Hans' }, context, { locale: 'zh-Hans', timeZone: 'Asia/Shanghai' });
    expect(zh.text).toBe('2026年11月23日 18:30');
  });

  it('is strict: a missing variable throws RenderError naming it, never renders blank', () => {
    expect(() => createRenderer().render(template('{{item.symptom}}'), context, options)).toThrow(RenderError);
    expect(() => createRenderer().render(template('{{item.symptom}}'), context, options)).toThrow(/symptom/);
  });

  it('does not reach prototype properties', () => {
    expect(() => createRenderer().render(template('{{customer.constructor.name}}'), context, options)).toThrow(RenderError);
  });

  it('compiles once per template version when caching, every time without', () => {
    const cached = createRenderer({ cache: true });
    cached.render(template('a {{item.reference}}'), context, options);
    cached.render(template('a {{item.reference}}'), context, options);
    expect(cached.compilations).toBe(1);
    cached.render(template('b {{item.reference}}', undefined, 2), context, options);
    expect(cached.compilations).toBe(2);
    const uncached = createRenderer({ cache: false });
    uncached.render(template('a'), context, options);
    uncached.render(template('a'), context, options);
    expect(uncached.compilations).toBe(2);
  });

  it('compiles anew when the text changes under the same version (back to default, then a new save)', () => {
    const renderer = createRenderer({ cache: true });
    expect(renderer.render(template('old {{item.reference}}', undefined, 1), context, options).text).toMatch(/^old /);
    expect(renderer.render(template('new {{item.reference}}', undefined, 1), context, options).text).toMatch(/^new /);
  });

  it.each([
    ['triple braces', 'Hi {{{customer.name}}}', /unescaped output/],
    ['ampersand', 'Hi {{& customer.name}}', /unescaped output/],
    ['constructor', 'line one\n{{constructor}}', /"constructor" is not allowed/],
    ['toString', '{{toString}}', /"toString" is not allowed/],
    ['a prototype name inside #each', '{{#each item.timeline}}{{this.constructor}}{{/each}}', /not allowed/],
    ['valueOf on a variable', '{{customer.name.valueOf}}', /not allowed/],
    ['a partial', '{{> footer}}', /partials/],
    ['a partial block', '{{#> layout}}x{{/layout}}', /partials/],
    ['a decorator', '{{* inline}}', /decorators/],
  ])('refuses %s at save, naming the line', (_name, body, message) => {
    const problems = validateTemplate({ subject: 'S', body }, ['customer.name', 'item.reference', 'item.timeline']);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ field: 'body', message: expect.stringMatching(message) });
    if (body.includes('\n')) expect(problems[0].line).toBe(2);
  });

  it('formats durations in both languages', () => {
    expect(formatDuration(27 * 3_600_000, 'en')).toBe('1 day 3 h');
    expect(formatDuration(27 * 3_600_000, 'zh-Hans')).toBe('1天3小时');
    expect(formatDuration(-2 * 3_600_000, 'en')).toBe('overdue by 2 h');
  });
});
