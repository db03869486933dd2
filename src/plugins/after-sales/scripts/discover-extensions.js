#!/usr/bin/env node
/**
 * Discovers the built-in extensions: every folder of `server/src/extensions/` whose package.json has an
 * `afterSales` manifest is one, the way a third-party folder is one. The plugin is bundled into one file, so the
 * folders cannot be read from disk when Strapi starts; instead this script reads them before the build and writes
 * `server/src/extensions/index.ts`, which imports each manifest, its `main` module and its `server.ts` (services,
 * controllers and routes).
 *
 * The order of the index is the order the host loads and activates the built-ins, and so the order of the workflow
 * definitions, templates, channels, panels and report sections that other parts list. It is declared, never taken
 * from the folder names: each built-in's package.json says which built-ins it is listed after
 * (`"afterSalesBuiltin": { "after": ["after-sales.…"] }`); every built-in but the first declares it. The built-ins
 * are sorted so that each comes after those it names and after its `extensionDependencies`; where two could come
 * next (both after the same one), the folder name decides. A cycle, an unknown id, or a second built-in without
 * `after` is an error naming the file and the field.
 *
 *   node scripts/discover-extensions.js          write the index (run by `npm run build`)
 *   node scripts/discover-extensions.js --check  exit 1 when the committed index is not what the folders say (lint)
 */
const fs = require('node:fs');
const path = require('node:path');

const EXTENSIONS_DIR = path.join(__dirname, '..', 'server', 'src', 'extensions');
const TARGET = path.join(EXTENSIONS_DIR, 'index.ts');

const camel = (folder) => folder.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const relative = (file) => path.relative(process.cwd(), file);

class DeclarationError extends Error {}

/** Each folder with an `afterSales` manifest: its id, its declared `after`, its dependencies, its main and server part. */
const readBuiltins = (dir = EXTENSIONS_DIR) => {
  const found = [];
  for (const folder of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, folder, 'package.json');
    if (!fs.existsSync(file)) continue;
    const packageJson = JSON.parse(fs.readFileSync(file, 'utf8'));
    const manifest = packageJson.afterSales;
    if (!manifest) continue;
    if (typeof manifest.id !== 'string') throw new DeclarationError(`${relative(file)}: afterSales.id: is required`);
    const main = typeof manifest.main === 'string' ? manifest.main.replace(/^\.\//, '').replace(/\.(ts|js)$/, '') : null;
    if (main && !fs.existsSync(path.join(dir, folder, `${main}.ts`))) {
      throw new DeclarationError(`${relative(file)}: afterSales.main: names ./${main}, which is not a .ts file of the folder`);
    }
    const after = packageJson.afterSalesBuiltin?.after;
    if (after !== undefined && !(Array.isArray(after) && after.length > 0 && after.every((id) => typeof id === 'string'))) {
      throw new DeclarationError(`${relative(file)}: afterSalesBuiltin.after: must be a non-empty list of built-in ids`);
    }
    const serverFile = path.join(dir, folder, 'server.ts');
    const server = fs.existsSync(serverFile);
    // Services are spread only where the part has some: getService's types come from this spread.
    const services = server && /\bservices\s*[:,}]/.test(fs.readFileSync(serverFile, 'utf8'));
    found.push({ folder, file: relative(file), id: manifest.id, after, dependencies: manifest.extensionDependencies ?? [], main, server, services });
  }
  return found;
};

/**
 * The declared order: each built-in after the built-ins its `after` names and after its `extensionDependencies`
 * (a dependency is always a built-in's predecessor); ties (two ready at once) by folder name. Throws a
 * DeclarationError naming the file and field on an unknown id, a cycle, or more than one built-in without `after`.
 */
const orderBuiltins = (builtins) => {
  const byId = new Map();
  for (const b of builtins) {
    if (byId.has(b.id)) throw new DeclarationError(`${b.file}: afterSales.id: "${b.id}" is also the id of ${byId.get(b.id).file}`);
    byId.set(b.id, b);
  }
  const firsts = builtins.filter((b) => !b.after);
  if (firsts.length > 1) {
    throw new DeclarationError(
      `${firsts[1].file}: afterSalesBuiltin.after: is required (only the first built-in has none, and ${firsts[0].file} has none): name the built-ins this one is listed after`
    );
  }
  const before = new Map();
  for (const b of builtins) {
    const edges = new Set();
    for (const [i, id] of (b.after ?? []).entries()) {
      if (!byId.has(id)) throw new DeclarationError(`${b.file}: afterSalesBuiltin.after[${i}]: "${id}" is not a built-in extension`);
      if (id === b.id) throw new DeclarationError(`${b.file}: afterSalesBuiltin.after[${i}]: a built-in cannot be listed after itself`);
      edges.add(id);
    }
    // A dependency that is not a built-in is the host's business (it reports it at start), not the order's.
    for (const id of b.dependencies) if (byId.has(id) && id !== b.id) edges.add(id);
    before.set(b.id, edges);
  }
  const order = [];
  const placed = new Set();
  const byFolder = (a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0);
  while (order.length < builtins.length) {
    const ready = builtins.filter((b) => !placed.has(b.id) && [...before.get(b.id)].every((id) => placed.has(id))).sort(byFolder);
    if (ready.length === 0) {
      const cycle = cycleFrom(builtins.find((b) => !placed.has(b.id)).id, before, placed);
      throw new DeclarationError(`${byId.get(cycle[0]).file}: afterSalesBuiltin.after: cycle (each is listed after the next): ${cycle.join(' → ')}`);
    }
    order.push(ready[0]);
    placed.add(ready[0].id);
  }
  return order;
};

/** The ids of a cycle, its first repeated at the end (`a, b, a`): from `start`, follow unplaced predecessors until one repeats. */
const cycleFrom = (start, before, placed) => {
  const path = [start];
  for (;;) {
    const next = [...before.get(path[path.length - 1])].find((id) => !placed.has(id));
    const seen = path.indexOf(next);
    if (seen >= 0) return [...path.slice(seen), next];
    path.push(next);
  }
};

const render = (order) => {
  const lines = [
    '// Written by scripts/discover-extensions.js from the folders beside it (run by the build); do not edit.',
    '// A folder with an `afterSales` manifest in its package.json is a built-in extension; its place in the lists',
    "// below is the one its package.json declares (`afterSalesBuiltin.after`), not its folder's name.",
    "import type { ExtensionModule } from '../extension-api';",
    "import { mergeRoutes } from './server-parts';",
  ];
  for (const e of order) {
    const name = camel(e.folder);
    lines.push(`import ${name}Package from './${e.folder}/package.json';`);
    if (e.main) lines.push(`import * as ${name}Main from './${e.folder}/${e.main}';`);
    if (e.server) lines.push(`import ${name}Server from './${e.folder}/server';`);
  }
  const servers = order.filter((e) => e.server);
  lines.push(
    '',
    'export interface BuiltinExtension {',
    '  folder: string;',
    '  packageJson: { name: string; version: string; afterSales: unknown };',
    '  main?: ExtensionModule;',
    '}',
    '',
    '/** The extensions shipped inside the plugin, in their declared order (the order the host loads and activates them). */',
    'export const BUILTIN_EXTENSIONS: BuiltinExtension[] = [',
    ...order.map((e) => `  { folder: '${e.folder}', packageJson: ${camel(e.folder)}Package${e.main ? `, main: ${camel(e.folder)}Main` : ''} },`),
    '];',
    '',
    '/**',
    " * The server parts of the built-ins that have a `server.ts` (services, controllers, routes), merged for the plugin's",
    ' * server (`services/index.ts`, `controllers/index.ts`, `routes/*`): the core lists its own parts and spreads these.',
    ' */',
    'export const BUILTIN_SERVER = {',
    `  services: { ${servers
      .filter((e) => e.services)
      .map((e) => `...${camel(e.folder)}Server.services`)
      .join(', ')} },`,
    `  controllers: { ${servers.map((e) => `...${camel(e.folder)}Server.controllers`).join(', ')} },`,
    `  routes: mergeRoutes([${servers.map((e) => `${camel(e.folder)}Server`).join(', ')}]),`,
    '};',
    ''
  );
  return lines.join('\n');
};

/** The index as the folders say it should be, formatted with the repository's Prettier settings (so lint accepts it). */
const expectedIndex = async (dir = EXTENSIONS_DIR) => {
  const prettier = require('prettier');
  const target = path.join(dir, 'index.ts');
  return prettier.format(render(orderBuiltins(readBuiltins(dir))), { ...(await prettier.resolveConfig(target)), filepath: target });
};

const main = async () => {
  const text = await expectedIndex();
  const current = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${relative(TARGET)} is not what the extension folders say: run node src/plugins/after-sales/scripts/discover-extensions.js`);
      process.exit(1);
    }
  } else if (current !== text) {
    fs.writeFileSync(TARGET, text);
    console.log(`discover-extensions: ${relative(TARGET)} written`);
  }
};

module.exports = { readBuiltins, orderBuiltins, expectedIndex, DeclarationError };

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof DeclarationError ? error.message : error.stack);
    process.exit(1);
  });
}
