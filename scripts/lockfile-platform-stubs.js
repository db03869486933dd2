#!/usr/bin/env node
/**
 * The npm registry reachable here serves only this platform's builds of packages such as
 * @swc/core or @rollup/rollup-*, so `npm install` cannot record the other platforms' optional
 * packages in package-lock.json, and `npm ci` then refuses the lock as out of sync. This adds the
 * missing entries (name, version, os, cpu, optional) so that the lock is complete; npm skips them
 * on a platform they do not match, exactly as it does with a lock written elsewhere.
 *   node scripts/lockfile-platform-stubs.js
 */
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openbsd', 'sunos', 'aix', 'netbsd', 'openharmony', 'cygwin'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32', 'armv7', 'loongarch64'];
const guess = (name) => {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p) || p === 'win32' || p === 'windows');
  let cpu = parts.find((p) => CPU.includes(p) || p === 'ia32');
  if (cpu === 'armv7') cpu = 'arm';
  return { os: os ? [os === 'windows' ? 'win32' : os] : undefined, cpu: cpu ? [cpu] : undefined };
};

let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location ? `${location}/node_modules/${dep}` : `node_modules/${dep}`;
    // npm resolves a dependency from the nearest node_modules upwards.
    let dir = location;
    let found = false;
    while (true) {
      const candidate = dir ? `${dir}/node_modules/${dep}` : `node_modules/${dep}`;
      if (lock.packages[candidate]) {
        found = true;
        break;
      }
      if (!dir) break;
      const idx = dir.lastIndexOf('/node_modules/');
      dir = idx >= 0 ? dir.slice(0, idx) : '';
    }
    if (found) continue;
    const { os, cpu } = guess(dep);
    if (!os && !cpu) continue;
    const target = `node_modules/${dep}`;
    if (lock.packages[target]) continue;
    lock.packages[target] = { version: String(version).replace(/^[\^~]/, ''), optional: true, ...(os ? { os } : {}), ...(cpu ? { cpu } : {}) };
    void base;
    added += 1;
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform-specific optional package entries`);
