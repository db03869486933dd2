import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_VOCABULARY } from './builtin-vocabulary';
import slaManifest from '../../../extensions/sla/package.json';
import { DEFAULT_CALENDAR } from '../default-calendar';
import { validateCalendar } from '../calendar';
import { completenessAlternatives, dueDatesFor, escalationFor, lacksLifecycle, targetFor, validatePolicy, withLifecycleFrom, type SlaPolicy } from '../policies';

const contributed = slaManifest.afterSales.contributes;
const feedback = () => {
  const result = validatePolicy(
    contributed.slaPolicies.find((p) => p.id === 'feedback.default'),
    undefined,
    BUILTIN_VOCABULARY
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
};
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('contributed defaults', () => {
  it('the calendar contributed by after-sales.sla is the default calendar of the domain', () => {
    const result = validateCalendar(contributed.calendars[0]);
    expect(result.ok && result.calendar).toEqual(validateCalendar(DEFAULT_CALENDAR).ok && DEFAULT_CALENDAR);
  });

  it('every contributed policy is valid', () => {
    for (const policy of contributed.slaPolicies) expect(validatePolicy(policy, undefined, BUILTIN_VOCABULARY)).toMatchObject({ ok: true });
  });

  it('the feedback policy gives the manual targets: first matching rule wins', () => {
    const policy = feedback();
    expect(targetFor(policy, 'acknowledgeBy', { severity: 'urgent' })).toEqual({ amount: 2, unit: 'businessHours' });
    expect(targetFor(policy, 'acknowledgeBy', { severity: 'general' })).toEqual({ amount: 1, unit: 'businessDays' });
    // 004 二(一): 一般问题24小时内,复杂问题48小时内, in working hours; R&D or severity do not decide it.
    expect(targetFor(policy, 'respondBy', { severity: 'general', needsRnd: true })).toEqual({ amount: 24, unit: 'businessHours' });
    expect(targetFor(policy, 'respondBy', { severity: 'urgent', complex: true })).toEqual({ amount: 48, unit: 'businessHours' });
    expect(targetFor(policy, 'recordBy', {})).toEqual({ amount: 1, unit: 'businessDays' });
    expect(targetFor(policy, 'judgeBy', {})).toEqual({ amount: 1, unit: 'businessDays' });
    expect(targetFor(policy, 'rootCauseBy', { needsRnd: true })).toEqual({ amount: 3, unit: 'businessDays' });
    expect(targetFor(policy, 'informBy', {})).toEqual({ amount: 1, unit: 'businessDays' });
    expect(targetFor(policy, 'callbackBy', {})).toEqual({ amount: 3, unit: 'businessDays' });
    expect(targetFor(policy, 'resolveBy', { severity: 'suggestion' })).toEqual({ amount: 20, unit: 'businessDays' });
    expect(targetFor(policy, 'resolveBy', { severity: null })).toEqual({ amount: 5, unit: 'businessDays' });
  });

  it('due dates honour the calendar (Friday 17:00 + 1 working day = Monday 17:00; + 24 working hours = Wednesday 17:00)', () => {
    expect(dueDatesFor(DEFAULT_CALENDAR, feedback(), ['acknowledgeBy', 'recordBy', 'respondBy'], { severity: 'general' }, shanghai('2026-03-13T17:00:00'))).toEqual({
      acknowledgeBy: shanghai('2026-03-16T17:00:00').toISOString(),
      recordBy: shanghai('2026-03-16T17:00:00').toISOString(),
      respondBy: shanghai('2026-03-18T17:00:00').toISOString(),
    });
  });

  it('every built-in clock, target and escalation rule says where it comes from: the manual, or our default', () => {
    // Every built-in extension that contributes a policy (sla, analysis reports, care calls, improvement records…).
    const extensionsDir = path.join(__dirname, '..', '..', '..', 'extensions');
    const builtIn = fs
      .readdirSync(extensionsDir)
      .map((dir) => path.join(extensionsDir, dir, 'package.json'))
      .filter((file) => fs.existsSync(file))
      .map((file) => ({ file, policies: (JSON.parse(fs.readFileSync(file, 'utf8')).afterSales?.contributes?.slaPolicies ?? []) as any[] }))
      .filter((m) => m.policies.length > 0);
    expect(builtIn.map((m) => path.basename(path.dirname(m.file))).sort()).toEqual(expect.arrayContaining(['analysis-reports', 'care', 'improvement-workflow', 'sla']));
    for (const { file, policies } of builtIn) {
      for (const policy of policies) {
        const where = `${path.basename(path.dirname(file))} ${policy.id}`;
        for (const clock of policy.clocks as { field: string; source?: string; rules: { source?: string }[] }[]) {
          expect([where, clock.field, clock.source]).toEqual([where, clock.field, expect.stringMatching(/^(00[14] |our default)/)]);
          for (const rule of clock.rules) expect([where, clock.field, rule.source]).toEqual([where, clock.field, expect.stringMatching(/^(00[14] |our default)/)]);
        }
        for (const rule of policy.escalation as { level: string; source?: string }[])
          expect([where, rule.level, rule.source]).toEqual([where, rule.level, expect.stringMatching(/^(00[14] |our default)/)]);
      }
    }
  });

  it('a label that cites the manual quotes a line the manual has; a step the manual does not name is labelled our default', () => {
    // The after-sales head told of a complaint's breach is this product's rule, not the manual's.
    const complaint = contributed.slaPolicies.find((p) => p.id === 'complaint.default')!;
    for (const rule of complaint.escalation as { steps: string[]; source?: string }[]) {
      if (rule.steps.includes('notify-after-sales-head')) expect(rule.source).toMatch(/^our default/);
    }
    // A phrase quoted from manual 004 (after "004 <section> <heading>:", up to " — " or a bracket;
    // "…" marks a cut) is in the manual's text as shipped in shared/seeds, where that folder is found
    // (beside the repository, or beside a worktree's parent). 001 is kept in traditional characters
    // there, so its quotes are not compared.
    let dir = path.resolve(__dirname, '..', '..', '..', '..', '..', '..', '..', '..');
    let seeds: string | null = null;
    for (let up = 0; up < 4 && !seeds; up += 1, dir = path.dirname(dir)) if (fs.existsSync(path.join(dir, 'shared', 'seeds'))) seeds = path.join(dir, 'shared', 'seeds');
    if (!seeds) return;
    const manual = fs
      .readdirSync(seeds)
      .map((f) => fs.readFileSync(path.join(seeds!, f), 'utf8'))
      .join('\n');
    let compared = 0;
    for (const policy of contributed.slaPolicies) {
      for (const clock of policy.clocks as { field: string; source?: string }[]) {
        const quoted = /^004 [^:]*:([^—(]+)/.exec(clock.source ?? '')?.[1]?.trim();
        if (!quoted) continue;
        for (const part of quoted
          .split('…')
          .map((p) => p.trim())
          .filter(Boolean))
          expect([clock.field, part, manual.includes(part)]).toEqual([clock.field, part, true]);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });

  it('the escalation chain of the resolve clock: at risk → breached (head) → overdue (reassign); nothing touches the severity', () => {
    expect(escalationFor(feedback(), 'resolveBy').map((r) => `${r.level}@${r.fraction}:${r.steps.join('+')}`)).toEqual([
      'at-risk@0.8:notify-assignee',
      'breached@1:notify-head',
      'overdue@1.5:reassign',
    ]);
    expect(escalationFor(feedback(), 'acknowledgeBy').map((r) => r.level)).toEqual(['at-risk', 'breached']);
  });
});

describe('validatePolicy names the field at fault', () => {
  const base = (): Record<string, any> => JSON.parse(JSON.stringify(feedback())) as SlaPolicy;
  const errorsOf = (input: unknown) => {
    const result = validatePolicy(input, undefined, BUILTIN_VOCABULARY);
    return result.ok ? [] : result.errors.map((e) => e.path);
  };

  it('targets, units and conditions', () => {
    const policy = base();
    policy.clocks[0].rules[0].target.unit = 'fortnights';
    policy.clocks[2].rules[0].when = { colour: ['red'] };
    policy.clocks[5].rules[3].target.amount = -1;
    expect(errorsOf(policy)).toEqual(['clocks[0].rules[0].target.unit', 'clocks[2].rules[0].when.colour', 'clocks[5].rules[3].target.amount']);
  });

  it('clock fields belong to the workflow, once each; the last rule is the default', () => {
    const policy = base();
    policy.clocks[0].field = 'archiveBy';
    policy.clocks[2].field = 'resolveBy';
    policy.clocks[4].rules = [{ when: { severity: ['urgent'] }, target: { amount: 1, unit: 'businessDays' } }];
    expect(errorsOf(policy)).toEqual(['clocks[0].field', 'clocks[4].rules[0].when', 'clocks[5].field']);
  });

  it('escalation: fraction, steps and clocks', () => {
    const policy = base();
    policy.escalation = [
      { level: 'at-risk', fraction: 0, steps: ['notify-assignee'] },
      { level: 'late', fraction: 1.2, steps: ['page-the-ceo'] },
      { level: 'late', fraction: 1.2, clocks: ['archiveBy'], steps: ['notify-head'] },
    ];
    expect(errorsOf(policy)).toEqual(['escalation[0].fraction', 'escalation[1].steps[0]', 'escalation[2].clocks[0]']);
    expect(validatePolicy({ ...base(), escalation: [{ level: 'late', fraction: 1.2, steps: ['page-the-ceo'] }] }, ['page-the-ceo'], BUILTIN_VOCABULARY).ok).toBe(true);
  });

  it('a completeness check names fields of the item, of a related record, or alternatives (the record clock needs the customer’s phone or email)', () => {
    const recordBy = feedback().clocks.find((c) => c.field === 'recordBy')!;
    expect(recordBy.stop[0].complete).toEqual(expect.arrayContaining(['customer', 'customer.phone|customer.email', 'product', 'batch', 'symptom', 'scenario', 'frequency', 'expectedSolution']));
    expect(completenessAlternatives('customer.phone|customer.email')).toEqual([
      { field: 'customer', of: 'phone' },
      { field: 'customer', of: 'email' },
    ]);
    expect(completenessAlternatives('batch')).toEqual([{ field: 'batch' }]);
    const policy = base();
    const at = policy.clocks.findIndex((c: { field: string }) => c.field === 'recordBy');
    for (const ok of ['customer.phone', 'customer.phone|customer.email', 'batch|serialNumber']) {
      policy.clocks[at].stop = [{ complete: ['symptom', ok] }];
      expect([ok, errorsOf(policy)]).toEqual([ok, []]);
    }
    for (const bad of ['customer..phone', 'customer.phone|', '|batch', 'customer.address.city', 'a b']) {
      policy.clocks[at].stop = [{ complete: ['symptom', bad] }];
      expect([bad, errorsOf(policy)]).toEqual([bad, [`clocks[${at}].stop[0].complete`]]);
    }
  });

  it('identity and workflow', () => {
    expect(errorsOf({ ...base(), id: 'bad id', workflow: 'orders', colour: 'red' })).toEqual(expect.arrayContaining(['colour', 'id', 'workflow']));
    expect(errorsOf('nope')).toEqual(['']);
  });

  it('any workflow whose item kind declares clocks takes a policy, on those clocks only; one without clocks takes none', () => {
    const improvement = {
      id: 'improvement.test',
      name: 'Improvement',
      workflow: 'improvement',
      clocks: [{ field: 'planBy', start: [{ event: 'intake' }], stop: [{ enter: 'plan-proposed' }], rules: [{ target: { amount: 5, unit: 'businessDays' } }] }],
    };
    expect(validatePolicy(improvement, undefined, BUILTIN_VOCABULARY)).toMatchObject({ ok: true, policy: { workflow: 'improvement' } });
    expect(errorsOf({ ...improvement, clocks: [{ ...improvement.clocks[0], field: 'resolveBy' }] })).toEqual(['clocks[0].field']);
    const withoutClocks = { ...BUILTIN_VOCABULARY, improvement: { ...BUILTIN_VOCABULARY.improvement, clocks: undefined } };
    const refused = validatePolicy(improvement, undefined, withoutClocks);
    expect(refused.ok ? [] : refused.errors.map((e) => e.path)).toEqual(['workflow']);
  });
});

describe('policies stored before clocks had lifecycles', () => {
  it('take the built-in lifecycle of the same field; a clock with one keeps it; unknown fields stay invalid', () => {
    const builtin = feedback();
    const old = {
      id: 'feedback.edited',
      name: 'Edited',
      workflow: 'feedback',
      clocks: [
        { field: 'acknowledgeBy', rules: [{ target: { amount: 4, unit: 'businessHours' } }] },
        { field: 'resolveBy', start: [{ action: 'start' }], stop: [{ enter: 'resolved' }], rules: [{ target: { amount: 2, unit: 'businessDays' } }] },
      ],
      escalation: [],
    };
    expect(lacksLifecycle(old)).toBe(true);
    const upgraded = validatePolicy(withLifecycleFrom(old, builtin), undefined, BUILTIN_VOCABULARY);
    if (!upgraded.ok) throw new Error(JSON.stringify(upgraded.errors));
    expect(lacksLifecycle(upgraded.policy)).toBe(false);
    const { source: _source, ...lifecycle } = builtin.clocks[0];
    expect(upgraded.policy.clocks[0]).toEqual({ ...lifecycle, rules: [{ target: { amount: 4, unit: 'businessHours' } }] });
    expect(upgraded.policy.clocks[1].start).toEqual([{ action: 'start' }]);
    const stray = { ...old, clocks: [{ field: 'archiveBy', rules: [{ target: { amount: 1, unit: 'days' } }] }] };
    const result = validatePolicy(withLifecycleFrom(stray, builtin), undefined, BUILTIN_VOCABULARY);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['clocks[0].field', 'clocks[0].start', 'clocks[0].stop']);
  });
});
