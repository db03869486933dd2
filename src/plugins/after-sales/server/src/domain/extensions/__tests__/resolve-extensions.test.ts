import { resolveExtensions, type ResolvedExtensions } from '../resolve-extensions';
import { validateManifest } from '../validate-manifest';
import type { ActionContribution, ExtensionManifest } from '../types';
import type { WorkflowDefinition } from '../../workflow/types';
import feedbackPackage from '../../../extensions/feedback-workflow/package.json';
import complaintPackage from '../../../extensions/complaint-workflow/package.json';
import serviceRecordPackage from '../../../extensions/service-record-workflow/package.json';
import classifierPackage from '../../../extensions/classifier/package.json';
import messagesPackage from '../../../extensions/messages/package.json';
import slaPackage from '../../../extensions/sla/package.json';
import improvementPackage from '../../../extensions/improvement-workflow/package.json';
import essentialsPackage from '../../../extensions/essentials/package.json';
import privacyPackage from '../../../extensions/privacy/package.json';
import customersPackage from '../../../extensions/customers/package.json';
import frontDeskPackage from '../../../extensions/front-desk/package.json';

/** A deep copy to mutate. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** The built-in manifests, in the order the host reads them, as validateManifest returns them. */
const builtInPackages: [string, { version: string; afterSales: unknown }][] = [
  ['feedback-workflow', feedbackPackage],
  ['complaint-workflow', complaintPackage],
  ['service-record-workflow', serviceRecordPackage],
  ['classifier', classifierPackage],
  ['sla', slaPackage],
  ['messages', messagesPackage],
  ['improvement-workflow', improvementPackage],
  ['privacy', privacyPackage],
  ['customers', customersPackage],
  ['front-desk', frontDeskPackage],
  ['essentials', essentialsPackage],
];
const builtIns = () =>
  builtInPackages.map(([folder, pkg]) => {
    const file = `src/plugins/after-sales/server/src/extensions/${folder}/package.json`;
    const result = validateManifest({ location: `builtin:${folder}`, manifestFile: file, manifest: copy(pkg.afterSales), packageVersion: pkg.version, builtin: true }, '1.0.0');
    if (!result.ok) throw new Error(`${folder}: ${result.problem.field}: ${result.problem.message}`);
    return { manifest: result.manifest, file };
  });
const builtIn = (id: string) => builtIns().find((e) => e.manifest.id === `after-sales.${id}`)!;

const ext = (id: string, rest: Partial<ExtensionManifest> = {}) => ({
  manifest: { id, engines: { afterSales: '^1.0.0' }, version: '1.0.0', ...rest } as ExtensionManifest,
  file: `ext/${id}/package.json`,
});

const workflow = (id: string, actions: string[] = ['go']): WorkflowDefinition => ({
  id,
  title: id,
  contentType: `api::${id}.${id}`,
  initialState: 'new',
  states: [
    { id: 'new', title: 'New', category: 'new' },
    { id: 'done', title: 'Done', category: 'done' },
  ],
  transitions: actions.map((a) => ({ id: a, title: a, from: ['new'], to: 'done' })),
});

const action = (workflowId: string, actions: string[], id = 'acme.hook'): ActionContribution => ({ id, kind: 'after', workflow: workflowId, actions });

const ids = (result: ResolvedExtensions) => result.order.map((m) => m.id);
const failed = (result: ResolvedExtensions) => Object.fromEntries(result.failures);

/** Every loadable extension comes after all its dependencies and pack members. */
const expectTopological = (result: ResolvedExtensions) => {
  const position = new Map(result.order.map((m, i) => [m.id, i]));
  for (const manifest of result.order) {
    for (const dep of [...(manifest.extensionDependencies ?? []), ...(manifest.extensionPack ?? [])]) {
      expect([manifest.id, dep, position.get(dep)! < position.get(manifest.id)!]).toEqual([manifest.id, dep, true]);
    }
  }
};

describe('resolveExtensions: the built-in extensions', () => {
  it('load without failure, in the order they are read', () => {
    const result = resolveExtensions(builtIns());
    expect(result.failures.size).toBe(0);
    expect(ids(result)).toEqual([
      'after-sales.feedback-workflow',
      'after-sales.complaint-workflow',
      'after-sales.service-record-workflow',
      'after-sales.classifier',
      'after-sales.sla',
      'after-sales.messages',
      'after-sales.improvement-workflow',
      'after-sales.privacy',
      'after-sales.customers',
      'after-sales.front-desk',
      'after-sales.essentials',
    ]);
    expectTopological(result);
  });

  it('are ordered dependencies first whatever the input order', () => {
    const reversed = builtIns().reverse();
    const result = resolveExtensions(reversed);
    expect(result.failures.size).toBe(0);
    expect(result.order).toHaveLength(11);
    expectTopological(result);
    // The pack pulls its members first, in pack order; messages pulls its own dependencies.
    expect(ids(result)).toEqual([
      'after-sales.feedback-workflow',
      'after-sales.complaint-workflow',
      'after-sales.service-record-workflow',
      'after-sales.classifier',
      'after-sales.messages',
      'after-sales.sla',
      'after-sales.improvement-workflow',
      'after-sales.privacy',
      'after-sales.customers',
      'after-sales.front-desk',
      'after-sales.essentials',
    ]);
  });

  it('returns the manifests themselves', () => {
    const input = builtIns();
    const result = resolveExtensions(input);
    expect(result.order[0]).toBe(input[0].manifest);
  });

  it('without the feedback workflow, the extensions that depend on it fail, and the pack too', () => {
    const input = builtIns().filter((e) => e.manifest.id !== 'after-sales.feedback-workflow');
    const result = resolveExtensions(input);
    expect(failed(result)).toEqual({
      'after-sales.sla': { file: builtIn('sla').file, field: 'afterSales.extensionDependencies[0]', message: '"after-sales.feedback-workflow" is not installed' },
      'after-sales.messages': { file: builtIn('messages').file, field: 'afterSales.extensionDependencies[0]', message: '"after-sales.feedback-workflow" is not installed' },
      'after-sales.front-desk': { file: builtIn('front-desk').file, field: 'afterSales.extensionDependencies[0]', message: '"after-sales.feedback-workflow" is not installed' },
      'after-sales.essentials': { file: builtIn('essentials').file, field: 'afterSales.extensionPack[0]', message: '"after-sales.feedback-workflow" is not installed' },
    });
    expect(ids(result)).toEqual([
      'after-sales.complaint-workflow',
      'after-sales.service-record-workflow',
      'after-sales.classifier',
      'after-sales.improvement-workflow',
      'after-sales.privacy',
      'after-sales.customers',
    ]);
  });

  it('a rejected feedback manifest is reported as "failed to load" to its dependents', () => {
    const input = builtIns().filter((e) => e.manifest.id !== 'after-sales.feedback-workflow');
    const result = resolveExtensions(input, new Set(['after-sales.feedback-workflow']));
    expect(result.failures.get('after-sales.sla')).toEqual({
      file: builtIn('sla').file,
      field: 'afterSales.extensionDependencies[0]',
      message: 'depends on "after-sales.feedback-workflow", which failed to load',
    });
    expect(result.failures.get('after-sales.essentials')?.message).toBe('depends on "after-sales.feedback-workflow", which failed to load');
  });

  it('an extension without declaring its dependency on feedback cannot hook feedback actions', () => {
    const messages = builtIn('messages');
    messages.manifest.extensionDependencies = ['after-sales.complaint-workflow'];
    const input = [builtIn('feedback-workflow'), builtIn('complaint-workflow'), messages];
    expect(resolveExtensions(input).failures.get('after-sales.messages')).toMatchObject({
      file: messages.file,
      message: 'unknown workflow "feedback" (list the extension that contributes it in extensionDependencies)',
    });
  });

  it('messages hooking an action the complaint workflow does not have fails, with its index', () => {
    const messages = builtIn('messages');
    messages.manifest.contributes!.actions![1].actions = ['approve-plan', 'archive', 'close'];
    const input = builtIns().map((e) => (e.manifest.id === messages.manifest.id ? messages : e));
    const result = resolveExtensions(input);
    expect(result.failures.get('after-sales.messages')).toEqual({
      file: messages.file,
      field: 'afterSales.contributes.actions[1].actions[1]',
      message: 'workflow "complaint" has no action "archive"',
    });
    // The pack needs messages: it fails too; the rest loads.
    expect(result.failures.get('after-sales.essentials')?.message).toBe('depends on "after-sales.messages", which failed to load');
    expect(result.failures.size).toBe(2);
    expect(result.order).toHaveLength(9);
  });

  it('a second extension contributing the feedback workflow fails', () => {
    const clone = ext('acme.feedback', { contributes: { workflows: [copy(feedbackPackage.afterSales.contributes.workflows[0]) as unknown as WorkflowDefinition] } });
    const result = resolveExtensions([...builtIns(), clone]);
    expect(failed(result)).toEqual({
      'acme.feedback': { file: clone.file, field: 'afterSales.contributes.workflows[0].id', message: 'workflow "feedback" is already contributed by after-sales.feedback-workflow' },
    });
    expect(result.order).toHaveLength(11);
  });
});

describe('resolveExtensions: missing dependencies', () => {
  it('reports a missing dependency with its index', () => {
    const result = resolveExtensions([ext('a.a'), ext('a.b', { extensionDependencies: ['a.a', 'a.missing'] })]);
    expect(failed(result)).toEqual({ 'a.b': { file: 'ext/a.b/package.json', field: 'afterSales.extensionDependencies[1]', message: '"a.missing" is not installed' } });
    expect(ids(result)).toEqual(['a.a']);
  });

  it('reports only the first missing dependency', () => {
    const result = resolveExtensions([ext('a.b', { extensionDependencies: ['a.x', 'a.y'], extensionPack: ['a.z'] })]);
    expect(result.failures.get('a.b')?.field).toBe('afterSales.extensionDependencies[0]');
  });

  it('reports a missing pack member', () => {
    const result = resolveExtensions([ext('a.a'), ext('a.pack', { extensionPack: ['a.a', 'a.gone'] })]);
    expect(failed(result)).toEqual({ 'a.pack': { file: 'ext/a.pack/package.json', field: 'afterSales.extensionPack[1]', message: '"a.gone" is not installed' } });
  });

  it('distinguishes a rejected dependency from a missing one', () => {
    const result = resolveExtensions([ext('a.b', { extensionDependencies: ['a.bad'] }), ext('a.c', { extensionDependencies: ['a.none'] })], new Set(['a.bad']));
    expect(result.failures.get('a.b')?.message).toBe('depends on "a.bad", which failed to load');
    expect(result.failures.get('a.c')?.message).toBe('"a.none" is not installed');
  });

  it('returns empty results for no input', () => {
    const result = resolveExtensions([]);
    expect(result.order).toEqual([]);
    expect(result.failures.size).toBe(0);
  });
});

describe('resolveExtensions: cycles', () => {
  it('fails every member of a cycle with a message naming it', () => {
    const result = resolveExtensions([ext('a.a', { extensionDependencies: ['a.b'] }), ext('a.b', { extensionDependencies: ['a.c'] }), ext('a.c', { extensionDependencies: ['a.a'] }), ext('a.free')]);
    expect(ids(result)).toEqual(['a.free']);
    for (const id of ['a.a', 'a.b', 'a.c']) {
      const failure = result.failures.get(id)!;
      expect(failure.message).toContain('dependency cycle');
      expect(failure.field).toBe('afterSales.extensionDependencies');
      expect(failure.file).toBe(`ext/${id}/package.json`);
    }
    expect(result.failures.get('a.a')?.message).toBe('dependency cycle: a.a → a.b → a.c → a.a');
  });

  it('fails an extension that depends on itself', () => {
    const result = resolveExtensions([ext('a.self', { extensionDependencies: ['a.self'] })]);
    expect(failed(result)).toEqual({ 'a.self': { file: 'ext/a.self/package.json', field: 'afterSales.extensionDependencies', message: 'dependency cycle: a.self → a.self' } });
    expect(result.order).toEqual([]);
  });

  it('fails the dependents of a cycle without calling them members', () => {
    const result = resolveExtensions([ext('a.user', { extensionDependencies: ['a.a'] }), ext('a.a', { extensionDependencies: ['a.b'] }), ext('a.b', { extensionDependencies: ['a.a'] })]);
    expect(result.failures.get('a.a')?.message).toContain('dependency cycle');
    expect(result.failures.get('a.b')?.message).toContain('dependency cycle');
    expect(result.failures.get('a.user')?.message).toBe('depends on "a.a", which failed to load');
    expect(result.order).toEqual([]);
  });

  it('detects a cycle through a pack', () => {
    const result = resolveExtensions([ext('a.pack', { extensionPack: ['a.member'] }), ext('a.member', { extensionDependencies: ['a.pack'] })]);
    expect(result.failures.get('a.pack')?.message).toBe('dependency cycle: a.pack → a.member → a.pack');
    expect(result.failures.get('a.member')?.message).toContain('dependency cycle');
  });

  it('fails every member of two cycles sharing a member', () => {
    const result = resolveExtensions([ext('a.a', { extensionDependencies: ['a.b'] }), ext('a.b', { extensionDependencies: ['a.a', 'a.c'] }), ext('a.c', { extensionDependencies: ['a.b'] })]);
    expect([...result.failures.keys()].sort()).toEqual(['a.a', 'a.b', 'a.c']);
    for (const failure of result.failures.values()) expect(failure.message).toContain('dependency cycle');
  });

  it('a diamond is not a cycle', () => {
    const result = resolveExtensions([
      ext('a.top', { extensionDependencies: ['a.left', 'a.right'] }),
      ext('a.left', { extensionDependencies: ['a.base'] }),
      ext('a.right', { extensionDependencies: ['a.base'] }),
      ext('a.base'),
    ]);
    expect(result.failures.size).toBe(0);
    expect(ids(result)).toEqual(['a.base', 'a.left', 'a.right', 'a.top']);
  });
});

describe('resolveExtensions: failure propagation', () => {
  it('propagates along a chain, whatever the input order, naming the direct failed dependency', () => {
    const result = resolveExtensions([
      ext('a.c', { extensionDependencies: ['a.b'] }),
      ext('a.b', { extensionDependencies: ['a.a'] }),
      ext('a.a', { extensionDependencies: ['a.missing'] }),
      ext('a.other'),
    ]);
    expect(failed(result)).toEqual({
      'a.a': { file: 'ext/a.a/package.json', field: 'afterSales.extensionDependencies[0]', message: '"a.missing" is not installed' },
      'a.b': { file: 'ext/a.b/package.json', field: 'afterSales.extensionDependencies', message: 'depends on "a.a", which failed to load' },
      'a.c': { file: 'ext/a.c/package.json', field: 'afterSales.extensionDependencies', message: 'depends on "a.b", which failed to load' },
    });
    expect(ids(result)).toEqual(['a.other']);
  });

  it('propagates to packs that include a failed member', () => {
    const result = resolveExtensions([ext('a.pack', { extensionPack: ['a.ok', 'a.broken'] }), ext('a.ok'), ext('a.broken', { extensionDependencies: ['a.nothing'] })]);
    expect(result.failures.get('a.pack')?.message).toBe('depends on "a.broken", which failed to load');
    expect(ids(result)).toEqual(['a.ok']);
  });

  it('propagates an action-contribution failure to dependents', () => {
    const result = resolveExtensions([
      ext('a.flow', { contributes: { workflows: [workflow('flow')] } }),
      ext('a.hooks', { extensionDependencies: ['a.flow'], contributes: { actions: [action('flow', ['fly'])] } }),
      ext('a.user', { extensionDependencies: ['a.hooks'] }),
    ]);
    expect(result.failures.get('a.hooks')?.field).toBe('afterSales.contributes.actions[0].actions[0]');
    expect(result.failures.get('a.user')?.message).toBe('depends on "a.hooks", which failed to load');
    expect(ids(result)).toEqual(['a.flow']);
  });
});

describe('resolveExtensions: duplicates', () => {
  it('fails the second extension with an id already taken, naming the first file', () => {
    const first = ext('a.dup');
    const second = { ...ext('a.dup'), file: 'other/a.dup/package.json' };
    const result = resolveExtensions([first, second, ext('a.other')]);
    expect(result.failures.get('a.dup')).toEqual({
      file: 'other/a.dup/package.json',
      field: 'afterSales.id',
      message: 'another extension already has the id "a.dup" (ext/a.dup/package.json)',
    });
    expect(ids(result)).toContain('a.other');
    expect(result.order.filter((m) => m.id === 'a.dup').length).toBeLessThanOrEqual(1);
  });

  // The failure is reported against the second file only ("another extension already has the id"),
  // which reads as: the first one is fine. But failures are keyed by id, so the first extension is
  // dropped from `order` too, and everything that depends on it fails.
  it('keeps loading the first extension with a duplicated id', () => {
    const first = ext('a.dup', { contributes: { workflows: [workflow('dupflow')] } });
    const second = { ...ext('a.dup'), file: 'other/a.dup/package.json' };
    const result = resolveExtensions([first, second, ext('a.user', { extensionDependencies: ['a.dup'] })]);
    expect(result.order.map((m) => m.id)).toEqual(['a.dup', 'a.user']);
    expect(result.order[0]).toBe(first.manifest);
  });

  it('fails the second contributor of a workflow id, keeps the first', () => {
    const result = resolveExtensions([ext('a.one', { contributes: { workflows: [workflow('shared')] } }), ext('a.two', { contributes: { workflows: [workflow('mine'), workflow('shared')] } })]);
    expect(failed(result)).toEqual({
      'a.two': { file: 'ext/a.two/package.json', field: 'afterSales.contributes.workflows[1].id', message: 'workflow "shared" is already contributed by a.one' },
    });
    expect(ids(result)).toEqual(['a.one']);
  });

  it('fails one extension contributing the same workflow id twice', () => {
    const result = resolveExtensions([ext('a.one', { contributes: { workflows: [workflow('same'), workflow('same')] } })]);
    expect(result.failures.get('a.one')).toEqual({ file: 'ext/a.one/package.json', field: 'afterSales.contributes.workflows[1].id', message: 'workflow "same" is already contributed by a.one' });
  });
});

describe('resolveExtensions: action contributions', () => {
  const flow = () => ext('a.flow', { contributes: { workflows: [workflow('flow', ['go', 'stop'])] } });

  it('may hook its own workflow', () => {
    const result = resolveExtensions([ext('a.self', { contributes: { workflows: [workflow('own', ['go'])], actions: [action('own', ['go'])] } })]);
    expect(result.failures.size).toBe(0);
  });

  it('may hook a workflow of a dependency, or of a dependency of a dependency', () => {
    const result = resolveExtensions([
      flow(),
      ext('a.middle', { extensionDependencies: ['a.flow'] }),
      ext('a.hooks', { extensionDependencies: ['a.middle'], contributes: { actions: [action('flow', ['stop', 'go'])] } }),
    ]);
    expect(result.failures.size).toBe(0);
    expect(ids(result)).toEqual(['a.flow', 'a.middle', 'a.hooks']);
  });

  it('may hook a workflow of a pack member', () => {
    const result = resolveExtensions([ext('a.pack', { extensionPack: ['a.flow'], contributes: { actions: [action('flow', ['go'])] } }), flow()]);
    expect(result.failures.size).toBe(0);
    expect(ids(result)).toEqual(['a.flow', 'a.pack']);
  });

  it('may not hook a workflow of an installed extension it does not depend on', () => {
    const result = resolveExtensions([flow(), ext('a.hooks', { contributes: { actions: [action('flow', ['go'])] } })]);
    expect(failed(result)).toEqual({
      'a.hooks': {
        file: 'ext/a.hooks/package.json',
        field: 'afterSales.contributes.actions[0].workflow',
        message: 'unknown workflow "flow" (list the extension that contributes it in extensionDependencies)',
      },
    });
  });

  it('may not hook a workflow nobody contributes', () => {
    const result = resolveExtensions([flow(), ext('a.hooks', { extensionDependencies: ['a.flow'], contributes: { actions: [action('flow', ['go']), action('ghost', ['go'])] } })]);
    expect(result.failures.get('a.hooks')?.field).toBe('afterSales.contributes.actions[1].workflow');
    expect(result.failures.get('a.hooks')?.message).toContain('unknown workflow "ghost"');
  });

  it('"*" hooks every action of every workflow (the SLA clocks), and lists nothing else', () => {
    const result = resolveExtensions([flow(), ext('a.clocks', { contributes: { actions: [action('*', ['*'])] } })]);
    expect(result.failures.size).toBe(0);
    const mixed = resolveExtensions([flow(), ext('a.clocks', { contributes: { actions: [action('*', ['*', 'go'])] } })]);
    expect(mixed.failures.get('a.clocks')).toMatchObject({ field: 'afterSales.contributes.actions[0].actions', message: 'a hook on every action lists only "*"' });
    const everyActionOfOne = resolveExtensions([flow(), ext('a.hooks', { extensionDependencies: ['a.flow'], contributes: { actions: [action('flow', ['*'])] } })]);
    expect(everyActionOfOne.failures.size).toBe(0);
  });

  it('reports an unknown action with its indexes', () => {
    const result = resolveExtensions([flow(), ext('a.hooks', { extensionDependencies: ['a.flow'], contributes: { actions: [action('flow', ['go']), action('flow', ['stop', 'pause'])] } })]);
    expect(result.failures.get('a.hooks')).toEqual({ file: 'ext/a.hooks/package.json', field: 'afterSales.contributes.actions[1].actions[1]', message: 'workflow "flow" has no action "pause"' });
  });

  it('reports only the first bad action contribution', () => {
    const result = resolveExtensions([flow(), ext('a.hooks', { extensionDependencies: ['a.flow'], contributes: { actions: [action('flow', ['nope']), action('ghost', ['go'])] } })]);
    expect(result.failures.get('a.hooks')?.field).toBe('afterSales.contributes.actions[0].actions[0]');
  });

  it('does not check the action contributions of an extension that already failed', () => {
    const result = resolveExtensions([ext('a.hooks', { extensionDependencies: ['a.none'], contributes: { actions: [action('ghost', ['go'])] } })]);
    expect(result.failures.get('a.hooks')?.field).toBe('afterSales.extensionDependencies[0]');
  });
});

describe('resolveExtensions: order', () => {
  it('keeps the input order when there are no dependencies', () => {
    const input = ['a.c', 'a.a', 'a.d', 'a.b'].map((id) => ext(id));
    expect(ids(resolveExtensions(input))).toEqual(['a.c', 'a.a', 'a.d', 'a.b']);
  });

  it('moves a dependency before its dependent, and keeps the rest in input order', () => {
    const result = resolveExtensions([ext('a.x'), ext('a.user', { extensionDependencies: ['a.lib'] }), ext('a.y'), ext('a.lib'), ext('a.z')]);
    expect(ids(result)).toEqual(['a.x', 'a.lib', 'a.user', 'a.y', 'a.z']);
    expectTopological(result);
  });

  it('places a pack after its members (pack members count as edges)', () => {
    const result = resolveExtensions([ext('a.pack', { extensionPack: ['a.m2', 'a.m1'] }), ext('a.m1'), ext('a.m2')]);
    expect(ids(result)).toEqual(['a.m2', 'a.m1', 'a.pack']);
    expectTopological(result);
  });

  it('places each extension once, even when many depend on it', () => {
    const result = resolveExtensions([
      ext('a.one', { extensionDependencies: ['a.base'] }),
      ext('a.two', { extensionDependencies: ['a.base', 'a.one'] }),
      ext('a.base'),
      ext('a.three', { extensionPack: ['a.base', 'a.two'] }),
    ]);
    expect(ids(result)).toEqual(['a.base', 'a.one', 'a.two', 'a.three']);
  });

  it('leaves failed extensions out of the order', () => {
    const result = resolveExtensions([ext('a.ok'), ext('a.bad', { extensionDependencies: ['a.none'] }), ext('a.fine')]);
    expect(ids(result)).toEqual(['a.ok', 'a.fine']);
  });
});
