import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_EXTENSIONS, BUILTIN_SERVER } from '../../src/plugins/after-sales/server/src/extensions';

/**
 * The order of the built-ins is declared in their package.json (`afterSalesBuiltin.after`), not taken from their
 * folder names: it is the order the host loads and activates them, and so the order of the workflow definitions,
 * templates and other contributions that the template editor's preview record, the queues' kind rank and other
 * lists follow. No Strapi boot: the generator's rules and the committed index.
 */
interface Builtin {
  folder: string;
  file: string;
  id: string;
  after?: string[];
  dependencies: string[];
}
const discover = require('../../src/plugins/after-sales/scripts/discover-extensions.js') as {
  readBuiltins: () => Builtin[];
  orderBuiltins: (builtins: Builtin[]) => Builtin[];
};

const EXTENSIONS_DIR = path.resolve(__dirname, '../../src/plugins/after-sales/server/src/extensions');

/** The order of the hand-kept index before discovery (commit 41e0795), which the product's lists rely on. */
const TODAYS_ORDER = [
  'feedback-workflow',
  'complaint-workflow',
  'service-record-workflow',
  'classifier',
  'sla',
  'messages',
  'sms',
  'improvement-workflow',
  'privacy',
  'essentials',
  'mailbox',
  'customers',
  'notifications',
  'front-desk',
  'conversation',
  'portal',
  'complaint-rates',
  'queues',
  'care',
  'segments',
  'loyalty',
  'analysis-reports',
  'key-customers',
  'field-actions',
  'beta-tests',
];

const b = (id: string, after?: string[], dependencies: string[] = []): Builtin => ({ folder: id, file: `ext/${id}/package.json`, id, after, dependencies });
const ids = (list: Builtin[]) => list.map((x) => x.id);

describe('the declared order of the built-in extensions', () => {
  it("sorts today's folders into today's order (a new built-in may be added anywhere, but these keep their relative order)", () => {
    const order = discover.orderBuiltins(discover.readBuiltins()).map((x) => x.folder);
    expect(order.filter((folder) => TODAYS_ORDER.includes(folder))).toEqual(TODAYS_ORDER);
    expect(BUILTIN_EXTENSIONS.map((x) => x.folder)).toEqual(order);
  });

  it('lists the workflow definitions feedback, complaint, service record, improvement first, as the product reads them', () => {
    const workflows = BUILTIN_EXTENSIONS.flatMap((x) => ((x.packageJson.afterSales as { contributes?: { workflows?: { id: string }[] } }).contributes?.workflows ?? []).map((w) => w.id));
    expect(workflows.slice(0, 4)).toEqual(['feedback', 'complaint', 'service-record', 'improvement']);
  });

  it('puts each built-in after the ones it names and after its dependencies; ties by folder name, not by the order read', () => {
    expect(ids(discover.orderBuiltins([b('a.c', ['a.a']), b('a.b', ['a.a']), b('a.a')]))).toEqual(['a.a', 'a.b', 'a.c']);
    expect(ids(discover.orderBuiltins([b('a.b', ['a.a']), b('a.a'), b('a.c', ['a.a'], ['a.d']), b('a.d', ['a.b'])]))).toEqual(['a.a', 'a.b', 'a.d', 'a.c']);
    expect(ids(discover.orderBuiltins([b('a.z'), b('a.m', ['a.z']), b('a.b', ['a.m'])]))).toEqual(['a.z', 'a.m', 'a.b']);
  });

  it('a dependency on an extension that is not a built-in does not order (the host reports it at start)', () => {
    expect(ids(discover.orderBuiltins([b('a.a'), b('a.b', ['a.a'], ['third.party'])]))).toEqual(['a.a', 'a.b']);
  });

  it('refuses an unknown id, naming the file and the field', () => {
    expect(() => discover.orderBuiltins([b('a.a'), b('a.b', ['a.a', 'a.gone'])])).toThrow('ext/a.b/package.json: afterSalesBuiltin.after[1]: "a.gone" is not a built-in extension');
  });

  it('refuses a cycle, through after or through a dependency, naming it', () => {
    expect(() => discover.orderBuiltins([b('a.a'), b('a.b', ['a.c']), b('a.c', ['a.b'])])).toThrow(
      'ext/a.b/package.json: afterSalesBuiltin.after: cycle (each is listed after the next): a.b → a.c → a.b'
    );
    expect(() => discover.orderBuiltins([b('a.a', undefined, ['a.b']), b('a.b', ['a.a'])])).toThrow(
      'ext/a.a/package.json: afterSalesBuiltin.after: cycle (each is listed after the next): a.a → a.b → a.a'
    );
    expect(() => discover.orderBuiltins([b('a.a'), b('a.b', ['a.b'])])).toThrow('ext/a.b/package.json: afterSalesBuiltin.after[0]: a built-in cannot be listed after itself');
  });

  it('refuses a second built-in without a declared place (its folder name would decide it)', () => {
    expect(() => discover.orderBuiltins([b('a.a'), b('a.b', ['a.a']), b('a.new')])).toThrow(
      'ext/a.new/package.json: afterSalesBuiltin.after: is required (only the first built-in has none, and ext/a.a/package.json has none)'
    );
  });

  it('refuses two built-ins with the same id', () => {
    expect(() => discover.orderBuiltins([b('a.a'), { ...b('a.a', ['a.a']), file: 'ext/copy/package.json' }])).toThrow(
      'ext/copy/package.json: afterSales.id: "a.a" is also the id of ext/a.a/package.json'
    );
  });

  it("no route of one built-in overlaps another's, so the order of the merged routes decides nothing", () => {
    type Route = { method: string; path: string; handler: string };
    const routesOf = (folder: string): { folder: string; route: Route }[] => {
      const file = path.join(EXTENSIONS_DIR, folder, 'server.ts');
      if (!fs.existsSync(file)) return [];
      const routes = (require(file) as { default: { routes: Record<string, Route[] | undefined> } }).default.routes;
      return [...(routes.admin ?? []), ...(routes.contentApi ?? [])].map((route) => ({ folder, route }));
    };
    const all = BUILTIN_EXTENSIONS.flatMap((x) => routesOf(x.folder));
    expect(all.length).toBe(BUILTIN_SERVER.routes.admin.length + BUILTIN_SERVER.routes.contentApi.length);
    const pattern = (p: string) => new RegExp(`^${p.replace(/:[^/]+/g, '[^/]+')}$`);
    const overlaps = all.flatMap((r, i) =>
      all
        .slice(i + 1)
        .filter((s) => s.folder !== r.folder && s.route.method === r.route.method && (pattern(r.route.path).test(s.route.path) || pattern(s.route.path).test(r.route.path)))
        .map((s) => `${r.route.method} ${r.route.path} (${r.folder}) / ${s.route.path} (${s.folder})`)
    );
    expect(overlaps).toEqual([]);
  });
});
