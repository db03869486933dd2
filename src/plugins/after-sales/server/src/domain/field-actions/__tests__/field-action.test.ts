import { parseFieldActionSelection, parseOutcome, progressOf, selectUnits, unitKey } from '../field-action';
import { parseUnitsCsv } from '../units-csv';

const paths = (result: { ok: boolean; problems?: { path: (string | number)[] }[] }) => (result.ok ? [] : result.problems!.map((p) => p.path.join('.')));

describe('parseFieldActionSelection', () => {
  it('takes a kind and at least one criterion', () => {
    expect(parseFieldActionSelection({ kind: 'exchange', batches: [' B2405 ', 'B2405'] })).toEqual({
      ok: true,
      value: { kind: 'exchange', models: [], batches: ['B2405'], serialRanges: [], note: null },
    });
    expect(paths(parseFieldActionSelection({ kind: 'exchange' }))).toEqual(['models']);
  });

  it('names every bad field', () => {
    const result = parseFieldActionSelection({ kind: 'recall-everything', models: ['PR 50'], serialRanges: [{ from: 'SN-10', to: 'SN-9' }], note: 5, colour: 'red' });
    expect(paths(result)).toEqual(['colour', 'kind', 'models.0', 'serialRanges.0.to', 'note']);
  });

  it('reads a one-serial range from "from" alone', () => {
    const result = parseFieldActionSelection({ kind: 'mail-in-repair', serialRanges: [{ from: 'SN-7' }] });
    expect(result.ok && result.value.serialRanges).toEqual([{ from: 'SN-7', to: 'SN-7' }]);
  });
});

describe('selectUnits', () => {
  const sightings = [
    { customerDocumentId: 'c1', model: 'PR-50', batch: 'B2405', serialNumber: 'SN-9' },
    { customerDocumentId: 'c1', model: 'PR-50', batch: 'B2405', serialNumber: null },
    { customerDocumentId: 'c2', model: 'PR-50', batch: 'B2405', serialNumber: 'SN-10' },
    { customerDocumentId: 'c2', model: 'PR-50', batch: 'B2405', serialNumber: 'SN-10' },
    { customerDocumentId: 'c3', model: 'PR-50', batch: 'B2406', serialNumber: 'SN-11' },
    { customerDocumentId: 'c4', model: 'PR-50', batch: 'B2405', serialNumber: null },
    { customerDocumentId: 'c5', model: 'PR-60', batch: 'B2405', serialNumber: 'SN-12' },
  ];

  it('a batch of a model: one unit per owner and unit; a case without a serial is the same unit as one with', () => {
    const units = selectUnits(sightings, { models: ['PR-50'], batches: ['b2405'], serialRanges: [] });
    expect(units.map((u) => [u.customerDocumentId, u.serialNumber])).toEqual([
      ['c4', null],
      ['c1', 'SN-9'],
      ['c2', 'SN-10'],
    ]);
    expect(units[1].key).toBe(unitKey({ customerDocumentId: 'c1', model: 'PR-50', batch: 'B2405', serialNumber: 'SN-9' }));
  });

  it('a serial range compares as people read serials and leaves out units without one', () => {
    const units = selectUnits(sightings, { models: [], batches: [], serialRanges: [{ from: 'SN-9', to: 'SN-11' }] });
    expect(units.map((u) => u.serialNumber)).toEqual(['SN-9', 'SN-10', 'SN-11']);
  });

  it('a batch across models', () => {
    expect(selectUnits(sightings, { models: [], batches: ['B2405'], serialRanges: [] }).map((u) => u.customerDocumentId)).toEqual(['c4', 'c1', 'c2', 'c5']);
  });
});

describe('progressOf and parseOutcome', () => {
  it('counts done, refused, unreachable and open', () => {
    expect(progressOf([{ outcome: 'done' }, { outcome: 'refused' }, { outcome: null }, { outcome: 'unreachable' }, { outcome: 'done' }, { outcome: null }, { outcome: null }])).toEqual({
      total: 7,
      done: 2,
      refused: 1,
      unreachable: 1,
      open: 3,
      percentDone: 28,
      percentSettled: 57,
    });
    expect(progressOf([])).toMatchObject({ total: 0, percentDone: 0 });
  });

  it('a refusal or an unreachable customer needs a note', () => {
    expect(paths(parseOutcome({ outcome: 'refused' }))).toEqual(['note']);
    expect(paths(parseOutcome({ outcome: 'gone' }))).toEqual(['outcome']);
    expect(parseOutcome({ outcome: 'done' })).toEqual({ ok: true, value: { outcome: 'done', note: null } });
  });
});

describe('parseUnitsCsv', () => {
  it('reads customer,model,batch,serialNumber with any separator and names each bad cell by line', () => {
    expect(parseUnitsCsv('\uFEFFCustomer;Model;Batch;Serial\n+86 138 0013 8000;PR-70;B2405;SN-1\n\nwang@example.cn,PR-70,,\n')).toEqual({
      ok: true,
      units: [
        { line: 2, customer: '+86 138 0013 8000', model: 'PR-70', batch: 'B2405', serialNumber: 'SN-1' },
        { line: 4, customer: 'wang@example.cn', model: 'PR-70', batch: null, serialNumber: null },
      ],
    });
    const bad = parseUnitsCsv('customer,model,batch,serialNumber\n,PR 70,B2405,SN 1');
    expect(bad.ok ? [] : bad.problems.map((p) => p.path.join('.'))).toEqual(['csv.2.customer', 'csv.2.model', 'csv.2.serialNumber']);
    expect(parseUnitsCsv('model\nPR-70')).toMatchObject({ ok: false, problems: [{ path: ['csv', 1] }] });
  });
});
