import { validateManifest, type ManifestValidation } from '../validate-manifest';
import { CONTRIBUTION_POINTS } from '../contribution-points';
import type { ExtensionCandidate, ExtensionManifest, ManifestProblem } from '../types';
import feedbackPackage from '../../../extensions/feedback-workflow/package.json';
import complaintPackage from '../../../extensions/complaint-workflow/package.json';
import serviceRecordPackage from '../../../extensions/service-record-workflow/package.json';
import improvementPackage from '../../../extensions/improvement-workflow/package.json';
import classifierPackage from '../../../extensions/classifier/package.json';
import messagesPackage from '../../../extensions/messages/package.json';
import slaPackage from '../../../extensions/sla/package.json';
import essentialsPackage from '../../../extensions/essentials/package.json';

const ENGINE = '1.0.0';
const FILE = 'extensions/acme/package.json';

const builtIns: [string, { version: string; afterSales: unknown }][] = [
  ['feedback-workflow', feedbackPackage],
  ['complaint-workflow', complaintPackage],
  ['service-record-workflow', serviceRecordPackage],
  ['improvement-workflow', improvementPackage],
  ['classifier', classifierPackage],
  ['messages', messagesPackage],
  ['sla', slaPackage],
  ['essentials', essentialsPackage],
];

/** A deep copy to mutate. */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

const candidate = (manifest: unknown, overrides: Partial<ExtensionCandidate> = {}): ExtensionCandidate => ({
  location: '/srv/extensions/acme',
  manifestFile: FILE,
  manifest,
  builtin: false,
  ...overrides,
});

const validate = (manifest: unknown, engine = ENGINE, overrides: Partial<ExtensionCandidate> = {}) => validateManifest(candidate(manifest, overrides), engine);

const problemOf = (result: ManifestValidation): ManifestProblem => {
  if (result.ok) throw new Error('expected the manifest to be rejected');
  return result.problem;
};

const manifestOf = (result: ManifestValidation): ExtensionManifest => {
  if (!result.ok) throw new Error(`expected a valid manifest, got ${result.problem.field}: ${result.problem.message}`);
  return result.manifest;
};

const minimal = () => ({ id: 'acme.widgets', engines: { afterSales: '^1.0.0' } });
const withContributes = (contributes: Record<string, unknown>) => ({ ...minimal(), contributes });
const feedbackManifest = () => copy(feedbackPackage.afterSales) as unknown as ExtensionManifest & Record<string, unknown>;

describe('validateManifest: valid manifests', () => {
  it.each(builtIns)('accepts the built-in %s manifest', (folder, pkg) => {
    const result = validate(pkg.afterSales, ENGINE, { location: `builtin:${folder}`, builtin: true, packageVersion: pkg.version });
    const manifest = manifestOf(result);
    expect(manifest.id).toBe(`after-sales.${folder}`);
    expect(manifest.version).toBe('1.0.0');
  });

  it('accepts a minimal manifest and defaults its version to 0.0.0', () => {
    expect(manifestOf(validate(minimal()))).toEqual({ ...minimal(), version: '0.0.0' });
  });

  it('takes the version from the manifest first, then from the package', () => {
    expect(manifestOf(validate({ ...minimal(), version: '2.3.4' }, ENGINE, { packageVersion: '9.9.9' })).version).toBe('2.3.4');
    expect(manifestOf(validate(minimal(), ENGINE, { packageVersion: '9.9.9' })).version).toBe('9.9.9');
  });

  it('does not modify the candidate manifest', () => {
    const raw = minimal();
    const result = manifestOf(validate(raw, ENGINE, { packageVersion: '1.2.3' }));
    expect(result).not.toBe(raw);
    expect(raw).toEqual(minimal());
    expect((raw as Record<string, unknown>).version).toBeUndefined();
  });

  it('accepts every declared contribution point', () => {
    expect(Object.keys(CONTRIBUTION_POINTS).sort()).toEqual(
      ['actions', 'calendars', 'channels', 'classifiers', 'configuration', 'itemKinds', 'panels', 'permissions', 'reports', 'settingsPages', 'slaPolicies', 'templates', 'widgets', 'workflows'].sort()
    );
    const manifest = withContributes({
      workflows: [],
      actions: [{ id: 'acme.guard', kind: 'guard', workflow: 'feedback', actions: ['resolve'] }],
      permissions: [{ id: 'acme.read', title: { en: 'Read', 'zh-Hans': '读' }, category: 'acme' }],
      configuration: { title: 'Acme', properties: { retries: { type: 'integer', default: 3, minimum: 0 }, 'mail.from': { type: 'string', default: 'a@b.c' } } },
      slaPolicies: [{ id: 'acme.policy', anything: 1 }],
      calendars: [{ id: 'acme-calendar' }],
      templates: [
        { id: 'acme.hello', sendOn: { workflow: 'feedback', action: 'resolve', to: 'resolved' }, channels: ['email'], 'zh-Hans': { subject: 's', body: 'b' }, en: { subject: 's', body: 'b' } },
      ],
      channels: [{ id: 'fax', title: { en: 'Fax', 'zh-Hans': '传真' } }],
      classifiers: [{ id: 'acme.words', rules: [{ keywords: ['fire'], suggest: { severity: 'urgent' } }] }],
      reports: [{ id: 'acme.report', title: 'Acme figures', description: { en: 'This month', 'zh-Hans': '本月' } }],
      widgets: [{ id: 'acme.widget', title: { en: 'Acme' } }],
      panels: [{ id: 'acme.panel' }],
    });
    manifestOf(validate(manifest));
  });

  it('accepts every activation event form', () => {
    const activationEvents = ['*', 'onStartup', 'onContentType:api::feedback.feedback', 'onAction:mark-duplicate', 'onSchedule:daily.digest'];
    manifestOf(validate({ ...minimal(), activationEvents }));
  });
});

describe('validateManifest: unreadable manifests', () => {
  it('reports a read error (bad JSON) on the field "(file)"', () => {
    const problem = problemOf(validate(undefined, ENGINE, { readError: 'Unexpected token } in JSON at position 42' }));
    expect(problem).toEqual({ file: FILE, field: '(file)', message: 'Unexpected token } in JSON at position 42' });
  });

  it('a read error wins over a manifest', () => {
    expect(problemOf(validate(minimal(), ENGINE, { readError: 'EACCES' })).field).toBe('(file)');
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'after-sales'],
    ['a number', 1],
    ['false', false],
  ])('reports a missing "afterSales" object (%s)', (_label, manifest) => {
    expect(problemOf(validate(manifest))).toEqual({ file: FILE, field: 'afterSales', message: 'the package.json has no "afterSales" manifest object' });
  });

  it('rejects an array as manifest', () => {
    expect(validate([]).ok).toBe(false);
  });
});

describe('validateManifest: schema errors', () => {
  it.each([
    ['id', { engines: { afterSales: '^1.0.0' } }, 'afterSales.id'],
    ['engines', { id: 'acme.widgets' }, 'afterSales.engines'],
    ['engines.afterSales', { id: 'acme.widgets', engines: {} }, 'afterSales.engines.afterSales'],
  ])('reports the missing %s as required', (_label, manifest, field) => {
    expect(problemOf(validate(manifest))).toEqual({ file: FILE, field, message: 'is required' });
  });

  it('reports an unknown top-level property', () => {
    expect(problemOf(validate({ ...minimal(), contributions: {} }))).toEqual({ file: FILE, field: 'afterSales.contributions', message: 'unknown property "contributions"' });
  });

  it('reports an unknown contribution point by name', () => {
    const problem = problemOf(validate(withContributes({ workflows: [], dashboards: [{ id: 'x' }] })));
    expect(problem.field).toBe('afterSales.contributes.dashboards');
    expect(problem.message).toContain('unknown contribution point');
    expect(problem.message).toBe('unknown contribution point "dashboards"');
  });

  it('reports an unknown property inside a contribution as a property, not a point', () => {
    const manifest = feedbackManifest();
    (manifest.contributes!.workflows![0].transitions[2] as unknown as Record<string, unknown>).colour = 'red';
    expect(problemOf(validate(manifest))).toEqual({ file: FILE, field: 'afterSales.contributes.workflows[0].transitions[2].colour', message: 'unknown property "colour"' });
  });

  it.each([
    ['a channel without a title', { channels: [{ id: 'fax' }] }, 'afterSales.contributes.channels[0].title', 'is required'],
    ['a channel id with a dot', { channels: [{ id: 'acme.fax', title: 'Fax' }] }, 'afterSales.contributes.channels[0].id', undefined],
    ['an unknown channel property', { channels: [{ id: 'fax', title: 'Fax', colour: 'red' }] }, 'afterSales.contributes.channels[0].colour', 'unknown property "colour"'],
    ['a report section without a title', { reports: [{ id: 'acme.report' }] }, 'afterSales.contributes.reports[0].title', 'is required'],
    ['a widget title without English', { widgets: [{ id: 'acme.widget', title: { 'zh-Hans': '部件' } }] }, 'afterSales.contributes.widgets[0].title', undefined],
  ])('checks channels, report sections and widgets: %s', (_label, contributes, field, message) => {
    const problem = problemOf(validate(withContributes(contributes)));
    expect(problem.field).toBe(field);
    if (message) expect(problem.message).toBe(message);
  });

  it('reports a missing workflow property with its path', () => {
    const manifest = feedbackManifest();
    delete (manifest.contributes!.workflows![0] as unknown as Record<string, unknown>).contentType;
    expect(problemOf(validate(manifest))).toEqual({ file: FILE, field: 'afterSales.contributes.workflows[0].contentType', message: 'is required' });
  });

  it('reports a bad value with its path and the schema message', () => {
    const manifest = feedbackManifest();
    manifest.contributes!.workflows![0].states[3].category = 'sleeping' as never;
    const problem = problemOf(validate(manifest));
    expect(problem.field).toBe('afterSales.contributes.workflows[0].states[3].category');
    expect(problem.message).toMatch(/allowed values/);
  });

  it.each([
    ['no dot', 'widgets'],
    ['upper case', 'Acme.Widgets'],
    ['leading dash', '-acme.widgets'],
    ['trailing dot only', 'acme.'],
  ])('reports an invalid extension id (%s)', (_label, id) => {
    const problem = problemOf(validate({ ...minimal(), id }));
    expect(problem.field).toBe('afterSales.id');
    expect(problem.message).toMatch(/must match pattern/);
  });

  it.each(['onLoad', 'onAction:Bad', 'onContentType:feedback', 'onSchedule:', ''])('reports the activation event %p', (event) => {
    expect(problemOf(validate({ ...minimal(), activationEvents: ['onStartup', event] })).field).toBe('afterSales.activationEvents[1]');
  });

  it('reports an invalid workflow content type', () => {
    const manifest = feedbackManifest();
    manifest.contributes!.workflows![0].contentType = 'feedback';
    expect(problemOf(validate(manifest)).field).toBe('afterSales.contributes.workflows[0].contentType');
  });

  it('reports an action contribution of an unknown kind', () => {
    const problem = problemOf(validate(withContributes({ actions: [{ id: 'acme.x', kind: 'before', workflow: 'feedback', actions: ['resolve'] }] })));
    expect(problem.field).toBe('afterSales.contributes.actions[0].kind');
  });

  it('reports an action contribution without actions', () => {
    expect(problemOf(validate(withContributes({ actions: [{ id: 'acme.x', kind: 'guard', workflow: 'feedback', actions: [] }] }))).field).toBe('afterSales.contributes.actions[0].actions');
  });

  it('reports a bad set value', () => {
    const manifest = feedbackManifest();
    manifest.contributes!.workflows![0].transitions[0].set = { acknowledgedAt: { $now: false } } as never;
    expect(problemOf(validate(manifest)).field).toMatch(/^afterSales\.contributes\.workflows\[0\]\.transitions\[0\]\.set/);
  });

  it('reports an approval naming a setting the manifest does not declare as a list', () => {
    const manifest = copy(complaintPackage.afterSales) as unknown as ExtensionManifest;
    const index = manifest.contributes!.workflows![0].transitions.findIndex((t) => t.id === 'approve-plan');
    manifest.contributes!.workflows![0].transitions[index].approval!.departmentsSetting = 'approvers';
    expect(problemOf(validate(manifest))).toMatchObject({
      field: `afterSales.contributes.workflows[0].transitions[${index}].approval.departmentsSetting`,
      message: 'names no list setting of this manifest ("approvers" under contributes.configuration)',
    });
    delete manifest.contributes!.configuration;
    manifest.contributes!.workflows![0].transitions[index].approval!.departmentsSetting = 'seriousPlanApprovers';
    expect(problemOf(validate(manifest)).field).toBe(`afterSales.contributes.workflows[0].transitions[${index}].approval.departmentsSetting`);
  });

  it('reports a classifier suggesting an unknown severity', () => {
    const classifiers = copy(classifierPackage.afterSales.contributes.classifiers);
    (classifiers[0].rules[2].suggest as Record<string, unknown>).severity = 'apocalyptic';
    expect(problemOf(validate(withContributes({ classifiers }))).field).toBe('afterSales.contributes.classifiers[0].rules[2].suggest.severity');
  });

  it('reports a template without its Chinese text', () => {
    expect(problemOf(validate(withContributes({ templates: [{ id: 'acme.t', en: { subject: 's', body: 'b' } }] })))).toEqual({
      file: FILE,
      field: 'afterSales.contributes.templates[0].zh-Hans',
      message: 'is required',
    });
  });

  it('reports a configuration property without a default', () => {
    expect(problemOf(validate(withContributes({ configuration: { properties: { retries: { type: 'integer' } } } })))).toEqual({
      file: FILE,
      field: 'afterSales.contributes.configuration.properties.retries.default',
      message: 'is required',
    });
  });

  it('reports only the first problem', () => {
    const problem = problemOf(validate({ engines: {}, bogus: true }));
    expect(typeof problem.field).toBe('string');
    expect(typeof problem.message).toBe('string');
  });
});

describe('validateManifest: engine range', () => {
  it('reports an engine range the running engine does not satisfy', () => {
    expect(problemOf(validate({ ...minimal(), engines: { afterSales: '^2.0.0' } }))).toEqual({
      file: FILE,
      field: 'afterSales.engines.afterSales',
      message: 'requires after-sales engine ^2.0.0, this is 1.0.0',
    });
  });

  it.each(builtIns)('rejects the built-in %s manifest on a 2.0.0 engine', (_folder, pkg) => {
    expect(problemOf(validateManifest(candidate(pkg.afterSales), '2.0.0'))).toMatchObject({
      field: 'afterSales.engines.afterSales',
      message: 'requires after-sales engine ^1.0.0, this is 2.0.0',
    });
  });

  it.each([
    ['^1.0.0', '1.4.2', true],
    ['^1.2.0', '1.1.9', false],
    ['>=1.0.0 <3', '2.9.0', true],
    ['~1.0.0', '1.1.0', false],
    ['1.x', '1.99.0', true],
    ['*', '0.0.1', true],
  ])('range %s on engine %s: accepted %s', (range, engine, accepted) => {
    expect(validateManifest(candidate({ ...minimal(), engines: { afterSales: range } }), engine).ok).toBe(accepted);
  });

  it.each(['banana', '^^1', '1.0.0 - ', '>=a'])('reports %p as not a semver range', (range) => {
    expect(problemOf(validate({ ...minimal(), engines: { afterSales: range } }))).toEqual({
      file: FILE,
      field: 'afterSales.engines.afterSales',
      message: `"${range}" is not a semver range`,
    });
  });

  it('reports a non-string range through the schema', () => {
    expect(problemOf(validate({ ...minimal(), engines: { afterSales: 1 } })).field).toBe('afterSales.engines.afterSales');
  });

  it('checks the engine before the workflows', () => {
    const manifest = feedbackManifest();
    manifest.engines.afterSales = '^3.0.0';
    manifest.contributes!.workflows![0].transitions[1].to = 'nowhere';
    expect(problemOf(validate(manifest)).field).toBe('afterSales.engines.afterSales');
  });
});

describe('validateManifest: workflow definitions', () => {
  it('reports a transition naming an unknown state with the exact path', () => {
    const manifest = feedbackManifest();
    manifest.contributes!.workflows![0].transitions[1].to = 'nowhere';
    expect(problemOf(validate(manifest))).toEqual({
      file: FILE,
      field: 'afterSales.contributes.workflows[0].transitions[1].to',
      message: 'unknown state "nowhere"',
    });
  });

  it('reports an unknown from-state with the exact path', () => {
    const manifest = copy(complaintPackage.afterSales) as unknown as ExtensionManifest;
    manifest.contributes!.workflows![0].transitions[4].from = ['plan-proposed', 'plan-drafted'];
    expect(problemOf(validate(manifest))).toEqual({
      file: FILE,
      field: 'afterSales.contributes.workflows[0].transitions[4].from[1]',
      message: 'unknown state "plan-drafted"',
    });
  });

  it('reports an unknown initial state', () => {
    const manifest = copy(serviceRecordPackage.afterSales) as unknown as ExtensionManifest;
    manifest.contributes!.workflows![0].initialState = 'booked';
    expect(problemOf(validate(manifest))).toEqual({ file: FILE, field: 'afterSales.contributes.workflows[0].initialState', message: 'unknown state "booked"' });
  });

  it('reports an unknown branch target', () => {
    const manifest = feedbackManifest();
    const index = manifest.contributes!.workflows![0].transitions.findIndex((t) => t.id === 'record-satisfaction');
    manifest.contributes!.workflows![0].transitions[index].branches![1].to = 'happy';
    expect(problemOf(validate(manifest)).field).toBe(`afterSales.contributes.workflows[0].transitions[${index}].branches[1].to`);
  });

  it('reports an ambiguous shared action id', () => {
    const manifest = copy(complaintPackage.afterSales) as unknown as ExtensionManifest;
    manifest.contributes!.workflows![0].transitions[10].from.push('customer-confirmed');
    expect(problemOf(validate(manifest))).toEqual({
      file: FILE,
      field: 'afterSales.contributes.workflows[0].transitions[10].from[2]',
      message: 'action "close" is already defined from "customer-confirmed" by transitions[9]',
    });
  });

  it('reports a problem in the second workflow with its index', () => {
    const feedback = copy(feedbackPackage.afterSales.contributes.workflows[0]);
    const complaint = copy(complaintPackage.afterSales.contributes.workflows[0]);
    complaint.transitions[0].to = 'filed';
    expect(problemOf(validate(withContributes({ workflows: [feedback, complaint] }))).field).toBe('afterSales.contributes.workflows[1].transitions[0].to');
  });

  it('reports only the first problem of a workflow', () => {
    const manifest = feedbackManifest();
    manifest.contributes!.workflows![0].initialState = 'start';
    manifest.contributes!.workflows![0].transitions[0].to = 'nowhere';
    expect(problemOf(validate(manifest)).field).toBe('afterSales.contributes.workflows[0].initialState');
  });

  it('reports a condition without a field', () => {
    const manifest = copy(serviceRecordPackage.afterSales) as unknown as ExtensionManifest;
    manifest.contributes!.workflows![0].transitions[0].availableWhen = { all: [{ field: 'kind', eq: 'return' }, {}] } as never;
    expect(problemOf(validate(manifest))).toEqual({ file: FILE, field: 'afterSales.contributes.workflows[0].transitions[0].availableWhen', message: 'a condition names no field' });
  });

  // A manifest is third-party input; validateManifest must report problems, not throw (the extension
  // host calls it without try/catch while loading, so a throw aborts the plugin's register()).
  it('reports, rather than throws on, a malformed condition ("all" that is not a list)', () => {
    const manifest = copy(serviceRecordPackage.afterSales) as unknown as ExtensionManifest;
    manifest.contributes!.workflows![0].transitions[0].availableWhen = { all: 'kind' } as never;
    let result: ManifestValidation | undefined;
    expect(() => {
      result = validate(manifest);
    }).not.toThrow();
    expect(problemOf(result!).field).toBe('afterSales.contributes.workflows[0].transitions[0].availableWhen');
  });

  it('reports, rather than throws on, a malformed condition ("not": null)', () => {
    const manifest = copy(serviceRecordPackage.afterSales) as unknown as ExtensionManifest;
    manifest.contributes!.workflows![0].transitions[3].requires![0].condition = { not: null } as never;
    let result: ManifestValidation | undefined;
    expect(() => {
      result = validate(manifest);
    }).not.toThrow();
    expect(result?.ok).toBe(false);
  });
});

describe('validateManifest: configuration defaults', () => {
  const config = (properties: Record<string, unknown>) => withContributes({ configuration: { title: 'Acme', properties } });

  it('accepts defaults matching their schema', () => {
    manifestOf(
      validate(
        config({
          retries: { type: 'integer', default: 3, minimum: 0, description: 'How often' },
          ratio: { type: 'number', default: 0.5 },
          enabled: { type: 'boolean', default: false },
          channels: { type: 'array', default: ['email'], items: { type: 'string' } },
          limits: { type: 'object', default: { a: 1 } },
          'mail.sender': { type: 'string', default: '', maxLength: 10 },
        })
      )
    );
  });

  it.each([
    ['integer', { type: 'integer', default: 1.5 }, 'must be integer'],
    ['integer as string', { type: 'integer', default: '3' }, 'must be integer'],
    ['boolean', { type: 'boolean', default: 'yes' }, 'must be boolean'],
    ['array', { type: 'array', default: 'email' }, 'must be array'],
    ['minimum', { type: 'integer', default: 0, minimum: 1 }, 'must be >= 1'],
    ['enum', { type: 'string', default: 'fax', enum: ['email', 'sms'] }, 'must be equal to one of the allowed values'],
    ['items', { type: 'array', default: [1], items: { type: 'string' } }, 'must be string'],
    ['null default', { type: 'string', default: null }, 'must be string'],
  ])('reports a default not matching its schema (%s)', (_label, property, reason) => {
    expect(problemOf(validate(config({ ok: { type: 'string', default: 'x' }, value: property })))).toEqual({
      file: FILE,
      field: 'afterSales.contributes.configuration.properties.value.default',
      message: `does not match its own schema (${reason})`,
    });
  });

  it('reports an unknown configuration type through the schema', () => {
    expect(problemOf(validate(config({ when: { type: 'date', default: 'today' } }))).field).toMatch(/^afterSales\.contributes\.configuration\.properties\.when/);
  });

  it('reports a property name that is not an identifier path', () => {
    expect(validate(config({ 'bad name': { type: 'string', default: 'x' } })).ok).toBe(false);
  });

  it('reports a configuration without properties', () => {
    expect(problemOf(validate(withContributes({ configuration: { title: 'x' } })))).toEqual({ file: FILE, field: 'afterSales.contributes.configuration.properties', message: 'is required' });
  });

  // Same as conditions: a property schema Ajv cannot compile (here a broken regular expression)
  // must become a problem for this manifest, not an exception that stops every extension loading.
  it('reports, rather than throws on, a configuration schema that cannot compile', () => {
    let result: ManifestValidation | undefined;
    expect(() => {
      result = validate(config({ code: { type: 'string', default: 'a', pattern: '[' } }));
    }).not.toThrow();
    expect(problemOf(result!).field).toMatch(/^afterSales\.contributes\.configuration\.properties\.code/);
  });
});

describe('validateManifest: item kinds', () => {
  const withKind = (change: (kind: Record<string, any>, contributes: Record<string, any>) => void) => {
    const manifest = copy(feedbackPackage.afterSales) as Record<string, any>;
    change(manifest.contributes.itemKinds[0], manifest.contributes);
    return validate(manifest);
  };

  it('every built-in workflow declares its item kind beside it', () => {
    for (const pkg of [feedbackPackage, complaintPackage, serviceRecordPackage, improvementPackage]) {
      const { workflows, itemKinds } = pkg.afterSales.contributes;
      expect(itemKinds.map((k) => [k.id, k.contentType])).toEqual(workflows.map((w) => [w.id, w.contentType]));
    }
  });

  it('an item kind names a workflow of the same manifest, with its content type', () => {
    expect(problemOf(withKind((kind) => (kind.id = 'orders'))).field).toBe('afterSales.contributes.itemKinds[0].id');
    expect(problemOf(withKind((kind) => (kind.contentType = 'api::complaint.complaint'))).field).toBe('afterSales.contributes.itemKinds[0].contentType');
  });

  it('names the field at fault: prefix, clock listed twice, unknown property', () => {
    expect(problemOf(withKind((kind) => (kind.referencePrefix = 'fb'))).field).toBe('afterSales.contributes.itemKinds[0].referencePrefix');
    expect(problemOf(withKind((kind) => kind.clocks.push({ field: 'resolveBy' }))).field).toBe('afterSales.contributes.itemKinds[0].clocks[9].field');
    expect(problemOf(withKind((kind) => (kind.ownerFeild = 'owner'))).field).toBe('afterSales.contributes.itemKinds[0].ownerFeild');
  });
});
