import fs from 'node:fs';
import path from 'node:path';

/**
 * The developers' guide's rules that a reading of the source can check (no Strapi boot):
 * controllers parse, call a service and shape the answer; configuration comes from the plugin
 * config only; one writer of the audit table; one error vocabulary.
 */
const SERVER = path.resolve(__dirname, '../../src/plugins/after-sales/server/src');

const filesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : filesUnder(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });

/** Code only: comments are dropped so that a rule may be explained in words. */
const codeOf = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** `file:line: text` for every line of code matching `pattern`. */
const offences = (files: string[], pattern: RegExp) =>
  files.flatMap((file) =>
    codeOf(file)
      .split('\n')
      .map((line, index) => ({ line, index }))
      .filter(({ line }) => pattern.test(line))
      .map(({ line, index }) => `${path.relative(SERVER, file)}:${index + 1}: ${line.trim()}`)
  );

describe('house rules', () => {
  it('controllers make no database calls and open no transactions (services do)', () => {
    const controllers = [...filesUnder(path.join(SERVER, 'controllers')), ...filesUnder(path.join(SERVER, 'extensions')).filter((f) => /controller\.ts$/.test(f))];
    expect(controllers.length).toBeGreaterThan(5);
    expect(offences(controllers, /strapi\.db\b|\.transaction\(|\bknex\b/)).toEqual([]);
  });

  it('the plugin reads no environment variable: settings come through the plugin config', () => {
    expect(offences(filesUnder(SERVER), /process\.env\b/)).toEqual([]);
  });

  // Appends only: the one other write is the privacy erasure scrubbing notes and actor names.
  it('the audit table is appended to in one place (services/audit.ts)', () => {
    const others = filesUnder(SERVER).filter((f) => path.relative(SERVER, f) !== path.join('services', 'audit.ts'));
    expect(offences(others, /\(\s*TABLES\.auditEvents\s*\).*\.insert\(|after_sales_audit_events['"]\).*\.insert\(/)).toEqual([]);
  });

  it('one error vocabulary: Strapi errors and HttpError (utils/http-errors.ts), nothing else thrown for HTTP answers', () => {
    expect(offences(filesUnder(SERVER), /\bWorkflowError\b|class \w+ extends errors\.ApplicationError/).filter((o) => !o.startsWith('utils/http-errors.ts'))).toEqual([]);
  });

  it('the checks above catch what they look for', () => {
    const sample = path.join(__dirname, '__house-rules-sample__.ts');
    fs.writeFileSync(sample, "await strapi.db.transaction(() => knex('x'));\nconst a = process.env.X;\n// strapi.db in a comment is fine\n");
    try {
      expect(offences([sample], /strapi\.db\b|\.transaction\(|\bknex\b/)).toHaveLength(1);
      expect(offences([sample], /process\.env\b/)).toHaveLength(1);
    } finally {
      fs.rmSync(sample);
    }
  });
});
