import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The developers' guide's rules that a reading of the source can check (no Strapi boot):
 * controllers parse, call a service and shape the answer; configuration comes from the plugin
 * config only; one writer of the audit table; one error vocabulary; extensions use the extension
 * API and nothing else of the core's services, and the core imports no extension folder.
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

  // Extensions (built-in or not) reach the core through the extension API only (`getApi(1)`, bound by
  // `register(context)`); their own services they import from their own files.
  const SERVICE_REGISTRY = /\bgetService\s*\(|utils\/get-service|\.plugin\(\s*(PLUGIN_ID|['"`]after-sales['"`])\s*\)|\bplugin::after-sales\.service|strapi\.service\(\s*['"`]plugin::after-sales/;
  const extensionFiles = () => filesUnder(path.join(SERVER, 'extensions'));
  it('no extension calls the plugin service registry', () => {
    expect(extensionFiles().length).toBeGreaterThan(20);
    expect(offences(extensionFiles(), SERVICE_REGISTRY)).toEqual([]);
  });

  /** Module paths a file imports (static `import … from`, `export … from`, `require`, `import()`). */
  const importsOf = (file: string) => [...codeOf(file).matchAll(/(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  const EXTENSIONS_DIR = path.join(SERVER, 'extensions');
  /** Imports of a file that land inside one extension's folder (the bundling index `extensions/index.ts` is not one). */
  const extensionFolderImports = (file: string) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.resolve(path.dirname(file), spec))
      .filter((target) => target.startsWith(EXTENSIONS_DIR + path.sep))
      .map((target) => path.relative(EXTENSIONS_DIR, target).split(path.sep)[0])
      .filter((folder) => folder !== 'index' && folder !== 'index.ts');

  it('the core imports no extension folder (only the bundling index that lists the built-ins)', () => {
    const core = filesUnder(SERVER).filter((f) => !f.startsWith(EXTENSIONS_DIR + path.sep) && !f.includes(`${path.sep}__tests__${path.sep}`));
    const found = core.flatMap((file) => extensionFolderImports(file).map((folder) => `${path.relative(SERVER, file)} imports extensions/${folder}`));
    expect(found).toEqual([]);
  });

  it('built-ins are discovered: the committed bundling index is what the folders and their declared order say', () => {
    const index = fs.readFileSync(path.join(EXTENSIONS_DIR, 'index.ts'), 'utf8');
    const folders = fs
      .readdirSync(EXTENSIONS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(EXTENSIONS_DIR, entry.name, 'package.json')))
      .filter((entry) => JSON.parse(fs.readFileSync(path.join(EXTENSIONS_DIR, entry.name, 'package.json'), 'utf8')).afterSales)
      .map((entry) => entry.name);
    expect(folders.length).toBeGreaterThan(20);
    expect([...index.matchAll(/\{ folder: '([^']+)'/g)].map((m) => m[1]).sort()).toEqual([...folders].sort());
    // The index is the script's output for today's folders (the build rewrites it; npm run lint runs the same check).
    const { status, stderr } = spawnSync(process.execPath, [path.resolve(SERVER, '../../scripts/discover-extensions.js'), '--check'], { encoding: 'utf8' });
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it("no extension imports another extension's folder", () => {
    const found = extensionFiles().flatMap((file) => {
      const own = path.relative(EXTENSIONS_DIR, file).split(path.sep)[0];
      if (own === 'index.ts') return [];
      return extensionFolderImports(file)
        .filter((folder) => folder !== own)
        .map((folder) => `${path.relative(SERVER, file)} imports extensions/${folder}`);
    });
    expect(found).toEqual([]);
  });

  /**
   * Where an extension's relative imports land outside its own folder: anything but the extension
   * API (`extension-api*.ts`, with its server kit) and the pure rules of `domain/`.
   */
  const coreImports = (file: string) => {
    const own = path.join(EXTENSIONS_DIR, path.relative(EXTENSIONS_DIR, file).split(path.sep)[0]);
    return importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.resolve(path.dirname(file), spec))
      .filter((target) => !target.startsWith(own + path.sep) && target !== own)
      .map((target) => path.relative(SERVER, target))
      .filter((target) => !/^extension-api(-[a-z]+)?$/.test(target) && !target.startsWith(`domain${path.sep}`) && !target.startsWith(`extensions${path.sep}`));
  };

  it('an extension imports nothing of the core but the extension API and domain/', () => {
    const found = extensionFiles()
      .filter((file) => path.dirname(file) !== EXTENSIONS_DIR)
      .flatMap((file) => coreImports(file).map((target) => `${path.relative(SERVER, file)} imports ${target}`));
    expect(found).toEqual([]);
  });

  it('the checks above catch what they look for', () => {
    const sample = path.join(__dirname, '__house-rules-sample__.ts');
    fs.writeFileSync(sample, "await strapi.db.transaction(() => knex('x'));\nconst a = process.env.X;\n// strapi.db in a comment is fine\n");
    try {
      expect(offences([sample], /strapi\.db\b|\.transaction\(|\bknex\b/)).toHaveLength(1);
      expect(offences([sample], /process\.env\b/)).toHaveLength(1);
      fs.writeFileSync(
        sample,
        [
          "const a = getService(strapi, 'sla');",
          "const b = strapi.plugin('after-sales').service('privacy');",
          'const c = strapi.plugin(PLUGIN_ID).service("outbox");',
          "import { getService } from '../../utils/get-service';",
          "// getService(strapi, 'x') explained in a comment is fine",
          'const d = api().clock.now();',
          "import { slaServices } from '../../src/plugins/after-sales/server/src/extensions/sla/services';",
        ].join('\n')
      );
      expect(offences([sample], SERVICE_REGISTRY)).toHaveLength(4);
      expect(importsOf(sample)).toEqual(['../../utils/get-service', '../../src/plugins/after-sales/server/src/extensions/sla/services']);
      const inCore = path.join(SERVER, 'services', '__house-rules-sample__.ts');
      fs.writeFileSync(inCore, "import { BUILTIN_SERVER } from '../extensions';\nimport { slaServices } from '../extensions/sla/services';\n");
      const inExtension = path.join(EXTENSIONS_DIR, 'sla', '__house-rules-sample__.ts');
      fs.writeFileSync(
        inExtension,
        "import { answer } from '../../controllers/answer';\nimport { TABLES } from '../../extension-api';\nimport { x } from '../../domain/sla/policies';\nimport { y } from './services';\n"
      );
      try {
        expect(extensionFolderImports(inCore)).toEqual(['sla']);
        expect(coreImports(inExtension)).toEqual([path.join('controllers', 'answer')]);
      } finally {
        fs.rmSync(inCore);
        fs.rmSync(inExtension);
      }
    } finally {
      fs.rmSync(sample);
    }
  });
});
