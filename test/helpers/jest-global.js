/**
 * jest globalSetup / globalTeardown: the template database the API tests copy (template-database.js),
 * made once per run in a Node process of its own, and dropped at the end. AFTER_SALES_TEST_TEMPLATE
 * reaches the test workers through the environment. AFTER_SALES_TEST_TEMPLATE=off skips it: every
 * file then boots on an empty database (a run of unit tests only is then ~10 s quicker).
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const script = path.join(__dirname, 'template-database.js');

const setup = async () => {
  if (process.env.AFTER_SALES_TEST_TEMPLATE === 'off') return;
  const result = spawnSync(process.execPath, [script, 'create'], { env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = (result.stdout || '').split('\n').find((l) => l.startsWith('TEMPLATE='));
  if (result.status !== 0 || !line) throw new Error(`could not make the test template database (exit ${result.status}): ${result.stdout}`);
  process.env.AFTER_SALES_TEST_TEMPLATE = line.slice('TEMPLATE='.length);
};

const teardown = async () => {
  const name = process.env.AFTER_SALES_TEST_TEMPLATE;
  if (!name || name === 'off') return;
  spawnSync(process.execPath, [script, 'drop', name], { env: process.env, stdio: 'inherit' });
};

module.exports = { setup, teardown };
