'use strict';
/**
 * Template rendering throughput: the plugin's pure renderer (domain/messages/renderer.ts,
 * transpiled on the fly: it imports only handlebars) rendering the shipped `feedback.acknowledged`
 * templates (zh-Hans and en) against a realistic item, with the compiled-template cache on and off.
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const PLUGIN = path.resolve(__dirname, '..', '..', 'src', 'plugins', 'after-sales', 'server', 'src');

const loadRenderer = () => {
  const file = path.join(PLUGIN, 'domain', 'messages', 'renderer.ts');
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true } });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod._compile(outputText, file);
  return mod.exports;
};

const renderThroughput = ({ seconds = 2 } = {}) => {
  const { createRenderer } = loadRenderer();
  const manifest = JSON.parse(fs.readFileSync(path.join(PLUGIN, 'extensions', 'messages', 'package.json'), 'utf8'));
  const contribution = manifest.afterSales.contributes.templates.find((t) => t.id === 'feedback.acknowledged');
  const templates = ['zh-Hans', 'en'].map((locale) => ({ key: contribution.id, channel: 'email', locale, subject: contribution[locale].subject, body: contribution[locale].body, version: 0 }));
  const context = (n) => ({
    customer: { name: '王伟' },
    company: { name: 'After-sales' },
    item: {
      reference: `FB-20261129-${String(n % 10000).padStart(4, '0')}`,
      symptom: '三档运行时有明显嗡嗡声',
      respondBy: new Date(Date.now() + 86_400_000).toISOString(),
      respondWithin: '24 小时内',
      stateTitle: '已接收',
    },
    links: { tracking: `https://service.example.cn/track/FB-20261129-${n}` },
  });
  const run = (cache) => {
    const renderer = createRenderer({ cache });
    for (let i = 0; i < 200; i++) renderer.render(templates[i % 2], context(i), { locale: templates[i % 2].locale, timeZone: 'Asia/Shanghai' });
    let n = 0;
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(seconds * 1e9);
    while (process.hrtime.bigint() < deadline) {
      for (let i = 0; i < 20; i++, n++) renderer.render(templates[n % 2], context(n), { locale: templates[n % 2].locale, timeZone: 'Asia/Shanghai' });
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return { renders: n, ms: Math.round(ms), rendersPerSecond: Math.round((n / ms) * 1000), compilations: renderer.compilations };
  };
  const cached = run(true);
  const uncached = run(false);
  return { template: contribution.id, cached, uncached, ratio: Math.round((cached.rendersPerSecond / uncached.rendersPerSecond) * 10) / 10 };
};

module.exports = { renderThroughput };

if (require.main === module) console.log(renderThroughput());
