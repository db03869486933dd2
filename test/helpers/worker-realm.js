/**
 * jest setupFiles: the API tests load Strapi with Node's own `require`, outside jest's module registry, so that a
 * jest worker compiles Strapi's modules (and the app's) once instead of once per test file: that was half of every
 * file's boot (a boot's CPU profile, outside jest: 4.9 of its 9.8 s in loading modules). Each file still boots its own app on
 * its own database (test/helpers/strapi.ts); what the files of one worker share is the modules' code, as the
 * instances of a deployment share a process image.
 *
 * Strapi loaded that way reads the worker's real `process.env`, where jest gives each test file a copy: here the
 * file's `process.env` is the real one, put back at the start of each file to what the worker started with, so that
 * what one file sets (DATABASE_FILENAME, AFTER_SALES_*) never reaches the next.
 */
const path = require('node:path');
const vm = require('node:vm');

/** The jest worker's own `process`, outside the test file's sandbox. */
const realProcess = vm.runInThisContext('process');
const BASELINE = '__afterSalesTestEnvBaseline';

const baseline = realProcess[BASELINE];
if (!baseline) {
  realProcess[BASELINE] = { ...realProcess.env };
} else {
  for (const name of Object.keys(realProcess.env)) if (!(name in baseline)) delete realProcess.env[name];
  Object.assign(realProcess.env, baseline);
}
process.env = realProcess.env;

// The file's dates are the worker's: Strapi's database layer (knex, better-sqlite3, pg) recognises a Date with
// `instanceof Date`, which a Date of the sandbox's own realm is not ("SQLite3 can only bind numbers, …").
globalThis.Date = vm.runInThisContext('Date');

/** Node's `require` for the app's modules (resolved from the app's directory). */
// (`process.getBuiltinModule` from Node 20.16; before it, the worker's main module's class is Node's Module.)
const NodeModule = realProcess.getBuiltinModule ? realProcess.getBuiltinModule('node:module') : realProcess.mainModule.constructor;
const nativeRequire = NodeModule.createRequire(path.resolve(__dirname, '..', '..', 'package.json'));

/** The worker's own global object (what an extension loaded by Strapi sees as `globalThis`). */
const realGlobal = vm.runInThisContext('globalThis');

module.exports = { realProcess, realGlobal, nativeRequire };
