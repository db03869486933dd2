import fs from 'node:fs';
import path from 'node:path';
import en from '../../src/plugins/after-sales/admin/src/translations/en.json';
import zh from '../../src/plugins/after-sales/admin/src/translations/zh-Hans.json';
import slaManifest from '../../src/plugins/after-sales/server/src/extensions/sla/package.json';

const ADMIN = path.resolve(__dirname, '../../src/plugins/after-sales/admin/src');
const files = [path.join(ADMIN, 'components/WorkflowPanel/SlaClocks.tsx'), ...fs.readdirSync(path.join(ADMIN, 'pages/Sla')).map((f) => path.join(ADMIN, 'pages/Sla', f))];

describe('SLA admin strings', () => {
  it('every literal id the SLA pages and panel use is translated in en and zh-Hans', () => {
    const ids = new Set<string>();
    for (const file of files) for (const match of fs.readFileSync(file, 'utf8').matchAll(/(?:t|getTranslation)\('(sla\.[^'$`]+)'/g)) ids.add(match[1]);
    expect(ids.size).toBeGreaterThan(50);
    const missing = [...ids].filter((id) => !(id in en) || !(id in zh));
    expect(missing).toEqual([]);
  });

  it('every clock, unit, weekday and built-in step shown by key has both translations', () => {
    const policyClocks = slaManifest.afterSales.contributes.slaPolicies.flatMap((p) => p.clocks.map((c) => `sla.clock.${c.field}`));
    const keys = [
      ...policyClocks,
      'sla.clock.archiveBy',
      ...['minutes', 'hours', 'days', 'businessHours', 'businessDays'].map((u) => `sla.unit.${u}`),
      ...['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => `sla.weekday.${d}`),
      ...['notify-assignee', 'notify-head', 'notify-after-sales-head', 'reassign'].map((s) => `sla.step.${s}`),
    ];
    expect(keys.filter((id) => !(id in en) || !(id in zh))).toEqual([]);
  });

  it('en and zh-Hans have the same sla.* keys', () => {
    const sla = (o: object) =>
      Object.keys(o)
        .filter((k) => k.startsWith('sla.'))
        .sort();
    expect(sla(zh)).toEqual(sla(en));
  });
});
