import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CONTENT_TYPES, HttpError, TABLES, adminMay, documentsOf, errors, invalidInput, modelOf, queryOf, type AfterSalesApiV1 } from '../../extension-api';
import {
  SERVICE_RECORD_KIND,
  parseFieldActionSelection,
  parseOutcome,
  progressOf,
  selectUnits,
  type AffectedUnit,
  type FieldActionSelection,
  type UnitSighting,
} from '../../domain/field-actions/field-action';
import { parseUnitsCsv } from '../../domain/field-actions/units-csv';

export const IMPROVEMENT_RECORD = CONTENT_TYPES.improvementRecord;
export const SERVICE_RECORD = CONTENT_TYPES.serviceRecord;
const CUSTOMER = CONTENT_TYPES.customer;
const PRODUCT = CONTENT_TYPES.product;
const DEFAULT_STATES = ['approved', 'internally-verified', 'customer-verified'];

export interface Actor {
  id: number;
  name: string;
  user: { id: number; firstname?: string; lastname?: string; email?: string };
}

interface UnitRow {
  id: number;
  field_action_id: number;
  improvement_document_id: string;
  unit_key: string;
  customer_document_id: string;
  model: string;
  batch: string | null;
  serial_number: string | null;
  service_record_document_id: string;
  service_record_reference: string | null;
  notified_channel: string | null;
  notify_problem: string | null;
  outcome: string | null;
  outcome_note: string | null;
  outcome_at: string | null;
  outcome_by_name: string | null;
}

/** A row of `after_sales_field_actions` as raw knex returns it. */
interface FieldActionRow {
  id: number;
  kind: string;
  /** JSON: the models, batches and serial ranges selected. */
  selection: string;
  note: string | null;
  created_by_name: string | null;
  created_at: string;
}

/** What field actions read of their improvement record (the query layer's record, relations as populated). */
interface ImprovementRecordFacts {
  documentId: string;
  reference?: string | null;
  title?: string | null;
  state: string;
  product?: { modelCode?: string | null } | null;
  batch?: string | null;
}

/** A case that names a unit of a customer (of every item kind with a customer and a product), as `sightings` selects it. */
interface UnitCaseRow extends Record<string, unknown> {
  id: number;
  batch?: string | null;
  serialNumber?: string | null;
  /** Always there: the query asks for a product. */
  product: { modelCode: string };
}

/** A customer as the field actions read it to tell them (the fields selected in `customersOf`). */
interface UnitCustomer {
  id: number;
  documentId: string;
  name: string;
  email: string | null;
  phone: string | null;
  phoneNormalized: string | null;
  preferredChannel: string | null;
  locale: string | null;
  privacyState: string | null;
}

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /unique constraint|UNIQUE constraint failed/i.test(String(e?.message ?? ''));
};

/**
 * Field actions and recalls of an improvement record (004 二(四): the short-term fix carried out on
 * units already sold, by recall, on-site replacement or mail-in repair). The units are those
 * customers own as their cases tell it (every item kind with a customer and a product: model, batch,
 * serial number); a field action opens one service record per unit and owner (the service-record
 * workflow's item, with its reference, clocks and audit), tells each customer on their channel and
 * follows each unit to done, refused or unreachable. All of one start in one transaction; a unit
 * reached before by the same improvement record is never opened twice.
 */
export const createFieldActions = (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const knex = () => strapi.db.connection;
  const inTransaction = <T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> => strapi.db.transaction(({ trx }) => work(trx)) as Promise<T>;

  /**
   * The improvement record, when the caller may read it (the Content Manager's rule) or follows its
   * field actions (`field-actions.follow` / `.start`: the agents who phone the customers read the
   * field actions without reading the record's analysis).
   */
  const recordOrFail = async (ctx: unknown, documentId: string, options: { followers?: boolean; populate?: Record<string, unknown> } = {}) => {
    if (typeof documentId !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(documentId)) throw new errors.NotFoundError(`No improvement record ${documentId}`);
    const record = (await api.records.find(IMPROVEMENT_RECORD, documentId, options.populate)) as ImprovementRecordFacts | null;
    if (!record) throw new errors.NotFoundError(`No improvement record ${documentId}`);
    const user = (ctx as { state?: { user?: { id: number } } }).state?.user;
    const follows = options.followers && ((await adminMay(strapi, user, 'field-actions.follow')) || (await adminMay(strapi, user, 'field-actions.start')));
    if (!follows) await api.records.assertMayRead(ctx, IMPROVEMENT_RECORD, documentId);
    return record;
  };

  /** Every unit a customer's case names (active customers only: an erased or restricted customer is never contacted). */
  const sightings = async (selection: FieldActionSelection): Promise<UnitSighting[]> => {
    const out: UnitSighting[] = [];
    for (const kind of api.itemKinds.list().filter((k) => k.customerField)) {
      const attributes = modelOf(strapi, kind.contentType)?.attributes ?? {};
      if (attributes.product?.target !== PRODUCT) continue;
      const where: Record<string, unknown> = { [kind.customerField!]: { id: { $notNull: true } } };
      if (selection.models.length) where.product = { modelCode: { $in: selection.models } };
      else where.product = { id: { $notNull: true } };
      if (selection.batches.length) {
        if (!attributes.batch) continue;
        where.batch = { $in: selection.batches };
      }
      if (selection.serialRanges.length) {
        if (!attributes.serialNumber) continue;
        where.serialNumber = { $notNull: true };
      }
      const rows = (await queryOf(strapi, kind.contentType).findMany({
        where,
        select: ['id', ...(attributes.batch ? ['batch'] : []), ...(attributes.serialNumber ? ['serialNumber'] : [])],
        populate: { [kind.customerField!]: { select: ['documentId', 'privacyState'] }, product: { select: ['modelCode'] } },
      })) as UnitCaseRow[];
      for (const row of rows) {
        const customer = row[kind.customerField!] as { documentId?: string; privacyState?: string | null } | null | undefined;
        if (!customer?.documentId || (customer.privacyState && customer.privacyState !== 'active')) continue;
        out.push({ customerDocumentId: customer.documentId, model: row.product?.modelCode, batch: row.batch ?? null, serialNumber: row.serialNumber ?? null });
      }
    }
    // And the units imported for customers no case names them for.
    const imported = knex()(`${TABLES.importedUnits} as u`)
      .join('customers as c', 'c.document_id', 'u.customer_document_id')
      .where((q) => q.whereNull('c.privacy_state').orWhere('c.privacy_state', 'active'))
      .select('u.customer_document_id', 'u.model', 'u.batch', 'u.serial_number');
    if (selection.models.length) imported.whereIn('u.model', selection.models);
    if (selection.batches.length) imported.whereIn('u.batch', selection.batches);
    if (selection.serialRanges.length) imported.whereNot('u.serial_number', '');
    for (const row of (await imported) as Record<string, string>[]) {
      out.push({ customerDocumentId: row.customer_document_id, model: row.model, batch: row.batch || null, serialNumber: row.serial_number || null });
    }
    return out;
  };

  const parsedOrRefuse = (body: unknown) => {
    const parsed = parseFieldActionSelection(body);
    if (!parsed.ok) throw invalidInput(parsed.problems);
    return parsed.value;
  };

  /** The units a selection reaches, and which of them this improvement record already followed. */
  const affected = async (documentId: string, selection: FieldActionSelection) => {
    const units = selectUnits(await sightings(selection), selection);
    const known = new Set<string>((await knex()(TABLES.fieldActionUnits).where({ improvement_document_id: documentId }).select('unit_key')).map((r: { unit_key: string }) => r.unit_key));
    return { units, fresh: units.filter((u) => !known.has(u.key)), known };
  };

  const allowedStates = async () => {
    const configured = await api.configuration.get<unknown>('states');
    return Array.isArray(configured) && configured.every((s) => typeof s === 'string') ? (configured as string[]) : DEFAULT_STATES;
  };

  const customersOf = async (units: AffectedUnit[]) => {
    const ids = [...new Set(units.map((u) => u.customerDocumentId))];
    const rows = ids.length
      ? ((await queryOf(strapi, CUSTOMER).findMany({
          where: { documentId: { $in: ids } },
          select: ['id', 'documentId', 'name', 'email', 'phone', 'phoneNormalized', 'preferredChannel', 'locale', 'privacyState'],
        })) as UnitCustomer[])
      : [];
    return new Map(rows.map((c) => [c.documentId, c]));
  };

  const unitView = (row: UnitRow, names: Map<string, string>, states: Map<string, string>) => ({
    id: Number(row.id),
    fieldAction: Number(row.field_action_id),
    customer: { documentId: row.customer_document_id, name: names.get(row.customer_document_id) ?? null },
    model: row.model,
    batch: row.batch ?? null,
    serialNumber: row.serial_number ?? null,
    serviceRecord: { documentId: row.service_record_document_id, reference: row.service_record_reference ?? null, state: states.get(row.service_record_document_id) ?? null },
    notifiedChannel: row.notified_channel ?? null,
    notifyProblem: row.notify_problem ?? null,
    outcome: row.outcome ?? null,
    outcomeNote: row.outcome_note ?? null,
    outcomeAt: row.outcome_at ?? null,
    outcomeBy: row.outcome_by_name ?? null,
  });

  return {
    /** What a selection would reach, without writing anything: the units (owner, model, batch, serial) and which are new. */
    async preview(ctx: unknown, documentId: string, body: unknown) {
      const selection = parsedOrRefuse(body);
      await recordOrFail(ctx, documentId);
      const { units, known } = await affected(documentId, selection);
      const customers = await customersOf(units);
      return {
        total: units.length,
        new: units.filter((u) => !known.has(u.key)).length,
        customers: new Set(units.map((u) => u.customerDocumentId)).size,
        units: units.slice(0, 500).map((u) => ({
          customer: { documentId: u.customerDocumentId, name: customers.get(u.customerDocumentId)?.name ?? null },
          model: u.model,
          batch: u.batch,
          serialNumber: u.serialNumber,
          already: known.has(u.key),
        })),
      };
    },

    /**
     * Starts a field action: one service record per unit not yet followed by this improvement record,
     * each customer told on their channel, the units recorded; one transaction. 201 with what was
     * created; 200 with `created: 0` when every unit was reached before (nothing written).
     */
    async start(ctx: unknown, documentId: string, body: unknown, actor: Actor) {
      const selection = parsedOrRefuse(body);
      const record = await recordOrFail(ctx, documentId);
      const states = await allowedStates();
      if (!states.includes(record.state)) {
        throw new HttpError(409, `A field action carries out the approved plan: the record is "${record.state}" (allowed: ${states.join(', ')})`, { code: 'field-action-state', state: record.state });
      }
      const { units, fresh } = await affected(documentId, selection);
      if (!units.length) {
        const field = selection.serialRanges.length ? 'serialRanges' : selection.batches.length ? 'batches' : 'models';
        throw invalidInput([{ path: [field], message: 'no unit customers own matches this selection' }]);
      }
      const maxUnits = Number(await api.configuration.get('maxUnits')) || 5000;
      if (fresh.length > maxUnits) throw invalidInput([{ path: ['models'], message: `reaches ${fresh.length} units, more than ${maxUnits} at once: narrow it by batch or serial range` }]);
      if (!fresh.length) return { created: 0, existing: units.length, fieldAction: null, notified: 0, unreachable: 0, serviceRecords: [] as string[] };

      const products = new Map(
        (
          (await queryOf(strapi, PRODUCT).findMany({ where: { modelCode: { $in: [...new Set(fresh.map((u) => u.model))] } }, select: ['documentId', 'modelCode'] })) as {
            documentId: string;
            modelCode: string;
          }[]
        ).map((p) => [p.modelCode, p.documentId])
      );
      const departmentCode = String((await api.configuration.get('department')) ?? 'after-sales');
      const templateKey = `field-action.${selection.kind}`;
      const now = api.clock.now().toISOString();
      const auditActor = { kind: 'admin', id: actor.id, name: actor.name };
      try {
        return await inTransaction(async (trx) => {
          const department = await trx('departments').where({ code: departmentCode }).first('document_id');
          const [inserted] = await trx(TABLES.fieldActions)
            .insert({
              improvement_document_id: documentId,
              kind: selection.kind,
              selection: JSON.stringify({ models: selection.models, batches: selection.batches, serialRanges: selection.serialRanges }),
              note: selection.note,
              created_by_id: actor.id,
              created_by_name: actor.name,
              created_at: now,
            })
            .returning('id');
          const fieldActionId = Number(typeof inserted === 'object' ? inserted.id : inserted);
          const created: string[] = [];
          let notified = 0;
          let unreachable = 0;
          for (const unit of fresh) {
            const serviceRecord = (await documentsOf(strapi, SERVICE_RECORD).create({
              data: {
                kind: SERVICE_RECORD_KIND[selection.kind],
                customer: unit.customerDocumentId,
                product: products.get(unit.model) ?? null,
                batch: unit.batch,
                serialNumber: unit.serialNumber,
                department: department?.document_id ?? null,
                owner: actor.id,
                // The exchange was approved with the plan (the heads' approvals of the improvement record).
                ...(selection.kind === 'exchange' ? { eligibility: 'eligible', eligibilityNote: `${record.reference}: ${record.title}`.slice(0, 2000) } : {}),
              },
            })) as { documentId: string; reference?: string; state?: string };
            // The reference is given on create (the core's reference middleware), as for every work item.
            created.push(serviceRecord.reference as string);
            await api.audit.append(
              {
                action: 'field-action-opened',
                contentType: SERVICE_RECORD,
                documentId: serviceRecord.documentId,
                reference: serviceRecord.reference,
                actor: auditActor,
                fromState: null,
                toState: serviceRecord.state,
                details: `${record.reference} · ${selection.kind} · ${[unit.model, unit.batch, unit.serialNumber].filter(Boolean).join(' / ')}`,
              },
              trx
            );
            await api.thread.append({
              contentType: SERVICE_RECORD,
              documentId: serviceRecord.documentId,
              reference: serviceRecord.reference,
              kind: 'note',
              visibility: 'internal',
              author: auditActor,
              bodyText: `现场行动 / Field action #${fieldActionId} (${record.reference} ${record.title}): ${selection.kind}${selection.note ? `\n${selection.note}` : ''}`,
            });
            // On the customer's channel and in their language (the messages extension chooses, as for every customer message).
            const notice = await api.customerMessages.send({
              templateKey,
              customer: unit.customerDocumentId,
              about: { contentType: SERVICE_RECORD, documentId: serviceRecord.documentId, reference: serviceRecord.reference },
              variables: {
                item: { reference: serviceRecord.reference },
                unit: { model: unit.model, batch: unit.batch ?? '—', serialNumber: unit.serialNumber ?? '—' },
              },
              dedupeKey: `field-action:${serviceRecord.documentId}`,
              trigger: 'field-action.start',
            });
            if (notice.status === 'queued') {
              notified += 1;
            } else {
              unreachable += 1;
              // Nobody is told by a message: whoever works the service record phones the customer.
              await api.thread.append({
                contentType: SERVICE_RECORD,
                documentId: serviceRecord.documentId,
                reference: serviceRecord.reference,
                kind: 'note',
                visibility: 'internal',
                channel: 'phone',
                author: { kind: 'system', id: null, name: 'field-actions' },
                bodyText: `请电话通知客户：没有渠道能发送“${templateKey}”。/ Phone the customer: no channel can carry "${templateKey}" (${notice.reason}).`,
              });
            }
            await trx(TABLES.fieldActionUnits).insert({
              field_action_id: fieldActionId,
              improvement_document_id: documentId,
              unit_key: unit.key,
              customer_document_id: unit.customerDocumentId,
              model: unit.model,
              batch: unit.batch,
              serial_number: unit.serialNumber,
              service_record_document_id: serviceRecord.documentId,
              service_record_reference: serviceRecord.reference ?? null,
              notified_channel: notice.status === 'queued' ? notice.channel : null,
              notify_problem: notice.status === 'queued' ? null : notice.reason,
              created_at: now,
            });
          }
          await api.audit.append(
            {
              action: 'field-action-started',
              contentType: IMPROVEMENT_RECORD,
              documentId,
              reference: record.reference,
              actor: auditActor,
              fromState: record.state,
              toState: record.state,
              details: `#${fieldActionId} ${selection.kind}: ${fresh.length} units (${created.join(' ')}), notified ${notified}, unreachable ${unreachable}`,
            },
            trx
          );
          return { created: fresh.length, existing: units.length - fresh.length, fieldAction: fieldActionId, notified, unreachable, serviceRecords: created };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new HttpError(409, 'Another field action of this record reached these units at the same moment: reload and try again', { code: 'field-action-conflict' });
        throw error;
      }
    },

    /** The field actions of an improvement record with their units and progress, newest first; the overall progress. */
    async show(ctx: unknown, documentId: string) {
      const record = await recordOrFail(ctx, documentId, { followers: true, populate: { product: { select: ['modelCode'] } } });
      const actions = (await knex()(TABLES.fieldActions).where({ improvement_document_id: documentId }).orderBy('id', 'desc')) as FieldActionRow[];
      const rows = (await knex()(TABLES.fieldActionUnits).where({ improvement_document_id: documentId }).orderBy('id')) as UnitRow[];
      const customerIds = [...new Set(rows.map((r) => r.customer_document_id))];
      const names = new Map<string, string>(
        customerIds.length
          ? (await knex()('customers').whereIn('document_id', customerIds).select('document_id', 'name')).map((c: { document_id: string; name: string }) => [c.document_id, c.name])
          : []
      );
      const recordIds = rows.map((r) => r.service_record_document_id);
      const states = new Map<string, string>(
        recordIds.length
          ? (await knex()('service_records').whereIn('document_id', recordIds).select('document_id', 'state')).map((s: { document_id: string; state: string }) => [s.document_id, s.state])
          : []
      );
      const units = rows.map((r) => unitView(r, names, states));
      return {
        record: {
          documentId,
          reference: record.reference ?? null,
          state: record.state,
          mayStart: (await allowedStates()).includes(record.state),
          // What the form starts from: the issue's model and batch.
          productModel: record.product?.modelCode ?? null,
          batch: record.batch ?? null,
        },
        progress: progressOf(units),
        fieldActions: actions.map((a) => {
          const own = units.filter((u) => u.fieldAction === Number(a.id));
          return {
            id: Number(a.id),
            kind: a.kind,
            selection: JSON.parse(a.selection),
            note: a.note ?? null,
            createdBy: a.created_by_name ?? null,
            createdAt: a.created_at,
            progress: progressOf(own),
            units: own,
          };
        }),
      };
    },

    /**
     * Records how one unit ended: `done`, or `refused` / `unreachable` with a note (its service record,
     * still scheduled, is cancelled through the workflow with that note). Once per unit (409 after).
     */
    async recordOutcome(ctx: unknown, documentId: string, unitId: string, body: unknown, actor: Actor) {
      const parsed = parseOutcome(body);
      if (!parsed.ok) throw invalidInput(parsed.problems);
      const record = await recordOrFail(ctx, documentId, { followers: true });
      if (!/^\d{1,12}$/.test(unitId)) throw new errors.NotFoundError(`No unit ${unitId}`);
      const unit = (await knex()(TABLES.fieldActionUnits)
        .where({ id: Number(unitId), improvement_document_id: documentId })
        .first()) as UnitRow | undefined;
      if (!unit) throw new errors.NotFoundError(`No unit ${unitId} in this improvement record's field actions`);
      if (unit.outcome) throw new HttpError(409, `The unit is already recorded as ${unit.outcome}`, { code: 'field-action-unit-settled', outcome: unit.outcome });
      const { outcome, note } = parsed.value;
      const now = api.clock.now().toISOString();
      return inTransaction(async (trx) => {
        const serviceRecord = (await queryOf(strapi, SERVICE_RECORD).findOne({ where: { documentId: unit.service_record_document_id }, select: ['documentId', 'reference', 'state', 'version'] })) as {
          documentId: string;
          reference: string | null;
          state: string;
          version: number | null;
        } | null;
        if (outcome !== 'done' && serviceRecord?.state === 'scheduled') {
          await api.workflow.perform(
            SERVICE_RECORD,
            unit.service_record_document_id,
            'cancel',
            { version: Number(serviceRecord.version ?? 1), note: `${outcome === 'refused' ? '客户拒绝 / Refused' : '无法联系 / Unreachable'}: ${note}` },
            await api.workflow.adminActor(actor.user)
          );
        }
        const updated = await trx(TABLES.fieldActionUnits).where({ id: unit.id }).whereNull('outcome').update({ outcome, outcome_note: note, outcome_at: now, outcome_by_name: actor.name });
        if (!updated) throw new HttpError(409, 'The unit was recorded by someone else just now', { code: 'field-action-unit-settled' });
        await api.audit.append(
          {
            action: 'field-action-unit',
            contentType: IMPROVEMENT_RECORD,
            documentId,
            reference: record.reference,
            actor: { kind: 'admin', id: actor.id, name: actor.name },
            fromState: record.state,
            toState: record.state,
            details: `${unit.service_record_reference ?? unit.service_record_document_id}: ${outcome}${note ? ` (${note})` : ''}`,
          },
          trx
        );
        const all = (await trx(TABLES.fieldActionUnits).where({ improvement_document_id: documentId }).select('outcome')) as { outcome: string | null }[];
        return { id: Number(unit.id), outcome, note, progress: progressOf(all) };
      });
    },

    /**
     * Imports units customers own that no case names (`customer,model,batch,serialNumber`; the
     * customer by documentId, phone or email; the model a product's): all lines or none, each
     * problem naming its line (`csv.<line>.<column>`); a unit imported before is counted, not doubled.
     */
    async importUnits(body: Record<string, unknown>, actor: Actor) {
      const matchByContact = async (value: string) => {
        const email = value.includes('@') ? api.contactData.normalizeEmail(value) : null;
        if (email) return api.contactData.matchCustomer({ email });
        const phone = api.contactData.normalizePhone(value);
        return phone.ok ? api.contactData.matchCustomer({ phoneNormalized: phone.value }) : null;
      };
      const extra = Object.keys(body).filter((key) => key !== 'csv');
      if (extra.length) throw invalidInput(extra.map((key) => ({ path: [key], message: 'is not a known field' })));
      const parsed = parseUnitsCsv(body.csv);
      if (!parsed.ok) throw invalidInput(parsed.problems);
      const problems: { path: (string | number)[]; message: string }[] = [];
      const models = new Set(
        ((await queryOf(strapi, PRODUCT).findMany({ where: { modelCode: { $in: [...new Set(parsed.units.map((u) => u.model))] } }, select: ['modelCode'] })) as { modelCode: string }[]).map(
          (p) => p.modelCode
        )
      );
      const byDocumentId = new Map<string, string>(
        (
          await knex()('customers')
            .whereIn(
              'document_id',
              parsed.units.map((u) => u.customer).filter((c) => /^[a-z0-9]{24}$/.test(c))
            )
            .select('document_id', 'privacy_state')
        ).map((c: { document_id: string; privacy_state: string | null }) => [c.document_id, c.privacy_state ?? 'active'])
      );
      const rows: Record<string, string>[] = [];
      for (const unit of parsed.units) {
        const known = byDocumentId.get(unit.customer);
        const matched = known ? null : await matchByContact(unit.customer);
        const customer: string | null = known ? unit.customer : (matched?.documentId ?? null);
        const state: string = known ?? matched?.privacyState ?? 'active';
        if (!customer) problems.push({ path: ['csv', unit.line, 'customer'], message: `no customer "${unit.customer}" (a documentId, phone or email of a customer)` });
        else if (state !== 'active') problems.push({ path: ['csv', unit.line, 'customer'], message: `the customer's data is ${state}` });
        if (!models.has(unit.model)) problems.push({ path: ['csv', unit.line, 'model'], message: `no product model "${unit.model}"` });
        if (customer) rows.push({ customer_document_id: customer, model: unit.model, batch: unit.batch ?? '', serial_number: unit.serialNumber ?? '' });
      }
      if (problems.length) throw invalidInput(problems);
      const now = api.clock.now().toISOString();
      const unique = [...new Map(rows.map((r) => [JSON.stringify([r.customer_document_id, r.model, r.batch, r.serial_number]), r])).values()];
      return inTransaction(async (trx) => {
        const count = async () => Number((await trx(TABLES.importedUnits).count({ n: '*' }))[0].n);
        const before = await count();
        for (const row of unique) {
          await trx(TABLES.importedUnits)
            .insert({ ...row, imported_by_name: actor.name, imported_at: now })
            .onConflict(['customer_document_id', 'model', 'batch', 'serial_number'])
            .ignore();
        }
        const total = await count();
        const imported = total - before;
        await api.audit.append(
          { action: 'field-action-units-imported', actor: { kind: 'admin', id: actor.id, name: actor.name }, details: `${parsed.units.length} lines, ${unique.length} units` },
          trx
        );
        return { lines: parsed.units.length, units: unique.length, imported, total };
      });
    },

    /** A service record of a field action was completed: its unit is done (in the completion's transaction). */
    async serviceRecordCompleted(serviceRecordDocumentId: string, reference: string | null) {
      await inTransaction(async (trx) => {
        const units = (await trx(TABLES.fieldActionUnits).where({ service_record_document_id: serviceRecordDocumentId }).whereNull('outcome').select('id', 'improvement_document_id')) as {
          id: number;
          improvement_document_id: string;
        }[];
        if (!units.length) return;
        await trx(TABLES.fieldActionUnits)
          .whereIn(
            'id',
            units.map((u) => u.id)
          )
          .update({ outcome: 'done', outcome_at: api.clock.now().toISOString(), outcome_by_name: reference ? `${reference} completed` : 'service record completed' });
      });
    },
  };
};
export type FieldActions = ReturnType<typeof createFieldActions>;
