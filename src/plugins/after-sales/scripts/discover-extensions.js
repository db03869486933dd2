#!/usr/bin/env node
/**
 * Discovers the built-in extensions: every folder of `server/src/extensions/` whose package.json
 * has an `afterSales` manifest is one, the way a third-party folder is one. The plugin is bundled
 * into one file, so the folders cannot be read from disk when Strapi starts; instead this script
 * reads them before the build and writes `server/src/extensions/index.ts`, which imports each
 * manifest, its `main` module (the manifest's `main`, as for a third-party folder) and its
 * `server.ts` (services, controllers and routes), in folder order.
 *
 *   node scripts/discover-extensions.js          write the index (run by `npm run build`)
 *   node scripts/discover-extensions.js --check  exit 1 when the committed index is not what the folders say (lint)
 */
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', 'server', 'src', 'extensions');
const target = path.join(dir, 'index.ts');

const camel = (folder) => folder.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

const discover = () => {
  const found = [];
  for (const folder of fs.readdirSync(dir).sort()) {
    const manifestFile = path.join(dir, folder, 'package.json');
    if (!fs.existsSync(manifestFile)) continue;
    const packageJson = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    if (!packageJson.afterSales) continue;
    const main = typeof packageJson.afterSales.main === 'string' ? packageJson.afterSales.main.replace(/^\.\//, '').replace(/\.(ts|js)$/, '') : null;
    if (main && !fs.existsSync(path.join(dir, folder, `${main}.ts`))) {
      throw new Error(`${path.relative(process.cwd(), manifestFile)}: afterSales.main names ./${main}, which is not a .ts file of the folder`);
    }
    const serverFile = path.join(dir, folder, 'server.ts');
    const server = fs.existsSync(serverFile);
    // Services are listed by name only where the part has some: getService's types come from this spread.
    const services = server && /\bservices\s*[:,}]/.test(fs.readFileSync(serverFile, 'utf8'));
    found.push({ folder, name: camel(folder), main, server, services });
  }
  return found;
};

const render = (found) => {
  const lines = [
    '// Written by scripts/discover-extensions.js from the folders beside it (run by the build); do not edit.',
    '// A folder with an `afterSales` manifest in its package.json is a built-in extension.',
    "import type { ExtensionModule } from '../extension-api';",
    "import { mergeRoutes } from './server-parts';",
  ];
  for (const e of found) {
    lines.push(`import ${e.name}Package from './${e.folder}/package.json';`);
    if (e.main) lines.push(`import * as ${e.name}Main from './${e.folder}/${e.main}';`);
    if (e.server) lines.push(`import ${e.name}Server from './${e.folder}/server';`);
  }
  const servers = found.filter((e) => e.server);
  lines.push(
    '',
    'export interface BuiltinExtension {',
    '  folder: string;',
    '  packageJson: { name: string; version: string; afterSales: unknown };',
    '  main?: ExtensionModule;',
    '}',
    '',
    '/** The extensions shipped inside the plugin, one per folder with an `afterSales` manifest, in folder order. */',
    'export const BUILTIN_EXTENSIONS: BuiltinExtension[] = [',
    ...found.map((e) => `  { folder: '${e.folder}', packageJson: ${e.name}Package${e.main ? `, main: ${e.name}Main` : ''} },`),
    '];',
    '',
    '/**',
    " * The server parts of the built-ins that have a `server.ts` (services, controllers, routes), merged for the plugin's",
    ' * server (`services/index.ts`, `controllers/index.ts`, `routes/*`): the core lists its own parts and spreads these.',
    ' */',
    'export const BUILTIN_SERVER = {',
    `  services: { ${servers
      .filter((e) => e.services)
      .map((e) => `...${e.name}Server.services`)
      .join(', ')} },`,
    `  controllers: { ${servers.map((e) => `...${e.name}Server.controllers`).join(', ')} },`,
    `  routes: mergeRoutes([${servers.map((e) => `${e.name}Server`).join(', ')}]),`,
    '};',
    ''
  );
  return lines.join('\n');
};

const main = async () => {
  // Formatted as the repository's Prettier settings say, so that `npm run lint` accepts the written file.
  const prettier = require('prettier');
  const text = await prettier.format(render(discover()), { ...(await prettier.resolveConfig(target)), filepath: target });
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), target)} is not what the extension folders say: run node src/plugins/after-sales/scripts/discover-extensions.js`);
      process.exit(1);
    }
  } else if (current !== text) {
    fs.writeFileSync(target, text);
    console.log(`discover-extensions: ${path.relative(process.cwd(), target)} written`);
  }
};

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
