/**
 * Field actions and recalls (004 二(四): 针对已售产品,通过主动召回、上门更换、寄修等方式实施短期方案):
 * which units a selection by model, batch and serial range reaches among the units customers own,
 * the service-record kind each field action creates, and the progress of the units followed.
 * Pure, no Strapi.
 */
import { inSerialRanges, parseSerialRanges, type SerialRange } from '../improvement/analysis-report';

import { FIELD_ACTION_KINDS, type FieldActionKind, type FieldActionProgress } from '../../../../shared/field-actions';

export { FIELD_ACTION_KINDS, type FieldActionKind, type FieldActionProgress };

/** The service record each kind of field action opens per unit (an on-site replacement is an on-site visit). */
export const SERVICE_RECORD_KIND: Record<FieldActionKind, string> = {
  'onsite-replacement': 'onsite-repair',
  'mail-in-repair': 'mail-in-repair',
  exchange: 'exchange',
};

/** How a unit of a field action ended; `open` until someone (or the service record's completion) says. */
export const UNIT_OUTCOMES = ['done', 'refused', 'unreachable'] as const;
export type UnitOutcome = (typeof UNIT_OUTCOMES)[number];

export interface FieldActionSelection {
  kind: FieldActionKind;
  models: string[];
  batches: string[];
  serialRanges: SerialRange[];
  note: string | null;
}

export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;
const MAX_LIST = 200;
const MAX_NOTE = 2000;
const FIELDS = ['kind', 'models', 'batches', 'serialRanges', 'note'];
/** Serial numbers compare as people read them: `SN-9` before `SN-10`. */
const serialOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

const codes = (value: unknown, field: string, problems: FieldProblem[]): string[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_LIST) {
    problems.push({ path: [field], message: `must be a list of at most ${MAX_LIST} codes` });
    return [];
  }
  const bad = value.findIndex((v) => typeof v !== 'string' || !CODE.test(v.trim()));
  if (bad >= 0) {
    problems.push({ path: [field, bad], message: 'must be a model or batch code (letters, digits, . _ - /, at most 64)' });
    return [];
  }
  return [...new Set(value.map((v: string) => v.trim()))];
};

/** The serial ranges of a selection (none when absent), checked as an analysis report's are. */
const ranges = (value: unknown, problems: FieldProblem[]): SerialRange[] => (value === undefined || value === null ? [] : (parseSerialRanges(value, problems) ?? []));

/** A field action as staff ask for it: the kind and at least one of models, batches, serial ranges; each problem names its field. */
export const parseFieldActionSelection = (body: unknown): { ok: true; value: FieldActionSelection } | { ok: false; problems: FieldProblem[] } => {
  const input = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = Object.keys(input)
    .filter((key) => !FIELDS.includes(key))
    .map((key) => ({ path: [key], message: 'is not a known field' }));
  const kind = input.kind;
  if (typeof kind !== 'string' || !(FIELD_ACTION_KINDS as readonly string[]).includes(kind)) problems.push({ path: ['kind'], message: `must be one of ${FIELD_ACTION_KINDS.join(', ')}` });
  const models = codes(input.models, 'models', problems);
  const batches = codes(input.batches, 'batches', problems);
  const serialRanges = ranges(input.serialRanges, problems);
  let note: string | null = null;
  if (input.note !== undefined && input.note !== null) {
    if (typeof input.note !== 'string' || input.note.length > MAX_NOTE) problems.push({ path: ['note'], message: `must be text of at most ${MAX_NOTE} characters` });
    else note = input.note.trim() || null;
  }
  const listsValid = !problems.some((p) => ['models', 'batches', 'serialRanges'].includes(String(p.path[0])));
  if (listsValid && !models.length && !batches.length && !serialRanges.length) problems.push({ path: ['models'], message: 'name the affected models, batches or serial ranges' });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { kind: kind as FieldActionKind, models, batches, serialRanges, note } };
};

/** One unit a customer's case names (a feedback item, a complaint, a service record…) or an imported one. */
export interface UnitSighting {
  customerDocumentId: string;
  model: string;
  batch?: string | null;
  serialNumber?: string | null;
}

export interface AffectedUnit {
  key: string;
  customerDocumentId: string;
  model: string;
  batch: string | null;
  serialNumber: string | null;
}

/** One key per owner and unit: the customer, the model, the batch and the serial number (empty when not known). */
export const unitKey = (unit: { customerDocumentId: string; model: string; batch?: string | null; serialNumber?: string | null }) =>
  JSON.stringify([unit.customerDocumentId, unit.model, unit.batch?.trim() || '', unit.serialNumber?.trim() || '']);

/**
 * The units a selection reaches, one per owner and unit: every given criterion must hold (the
 * models, the batches, the serial ranges); a unit without a serial number is never in a serial
 * range. A customer's case that names no serial number is the same unit as their case of the same
 * model and batch that does, so it adds no unit of its own then. Ordered by model, batch, serial, owner.
 */
export const selectUnits = (sightings: readonly UnitSighting[], selection: Pick<FieldActionSelection, 'models' | 'batches' | 'serialRanges'>): AffectedUnit[] => {
  const units = new Map<string, AffectedUnit>();
  for (const s of sightings) {
    const model = s.model?.trim();
    if (!model || !s.customerDocumentId) continue;
    const batch = s.batch?.trim() || null;
    const serialNumber = s.serialNumber?.trim() || null;
    if (selection.models.length && !selection.models.some((m) => m.toLowerCase() === model.toLowerCase())) continue;
    if (selection.batches.length && !(batch && selection.batches.some((b) => b.toLowerCase() === batch.toLowerCase()))) continue;
    if (selection.serialRanges.length && !(serialNumber && inSerialRanges(serialNumber, selection.serialRanges))) continue;
    const unit = { customerDocumentId: s.customerDocumentId, model, batch, serialNumber };
    units.set(unitKey(unit), { key: unitKey(unit), ...unit });
  }
  const serialised = new Set([...units.values()].filter((u) => u.serialNumber).map((u) => JSON.stringify([u.customerDocumentId, u.model, u.batch ?? ''])));
  return [...units.values()]
    .filter((u) => u.serialNumber || !serialised.has(JSON.stringify([u.customerDocumentId, u.model, u.batch ?? ''])))
    .sort(
      (a, b) =>
        a.model.localeCompare(b.model) ||
        (a.batch ?? '').localeCompare(b.batch ?? '') ||
        serialOrder(a.serialNumber ?? '', b.serialNumber ?? '') ||
        a.customerDocumentId.localeCompare(b.customerDocumentId)
    );
};

/** The progress figure of a field action (or of all of a record's): how many units are done, refused, unreachable, still open. */
export const progressOf = (units: readonly { outcome: string | null }[]): FieldActionProgress => {
  const count = (outcome: UnitOutcome) => units.filter((u) => u.outcome === outcome).length;
  const total = units.length;
  const [done, refused, unreachable] = [count('done'), count('refused'), count('unreachable')];
  const percent = (n: number) => (total ? Math.floor((n * 100) / total) : 0);
  return { total, done, refused, unreachable, open: total - done - refused - unreachable, percentDone: percent(done), percentSettled: percent(done + refused + unreachable) };
};

/** A recorded outcome: `done`, or `refused` / `unreachable` with a note saying why. */
export const parseOutcome = (body: unknown): { ok: true; value: { outcome: UnitOutcome; note: string | null } } | { ok: false; problems: FieldProblem[] } => {
  const input = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = Object.keys(input)
    .filter((key) => !['outcome', 'note'].includes(key))
    .map((key) => ({ path: [key], message: 'is not a known field' }));
  const outcome = input.outcome;
  if (typeof outcome !== 'string' || !(UNIT_OUTCOMES as readonly string[]).includes(outcome)) problems.push({ path: ['outcome'], message: `must be one of ${UNIT_OUTCOMES.join(', ')}` });
  const note = typeof input.note === 'string' ? input.note.trim() : '';
  if (input.note !== undefined && input.note !== null && (typeof input.note !== 'string' || input.note.length > MAX_NOTE))
    problems.push({ path: ['note'], message: `must be text of at most ${MAX_NOTE} characters` });
  else if ((outcome === 'refused' || outcome === 'unreachable') && !note) problems.push({ path: ['note'], message: 'say why (who refused, how the customer was tried)' });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { outcome: outcome as UnitOutcome, note: note || null } };
};
