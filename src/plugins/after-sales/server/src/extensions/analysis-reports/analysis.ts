import type { Core } from '@strapi/strapi';
import { documentsOf, errors, HttpError, invalidInput, populatedOf, queryOf, textOf, type AfterSalesApiV1, type FieldError } from '../../extension-api';
import { causeCategoriesOf, parseAnalysisReportFields, type AnalysisReportFields, type CauseCategory } from '../../domain/improvement/analysis-report';
import { issueGroupingOf, issueKeyOf, type IssueFacts } from '../../domain/improvement/issue-grouping';
import { ANALYSIS_REPORT, IMPROVEMENT_RECORD, LEAD_DEPARTMENT, SOURCES } from './constants';

export interface Actor {
  id: number;
  name: string;
}

/** A linked feedback item or complaint, as a report populates it. */
interface LinkedItem {
  documentId: string;
  reference?: string | null;
  type?: string | null;
}

/** An analysis report as the query layer or the document service returns it, with what is populated. */
interface AnalysisReportRecord {
  documentId: string;
  reference?: string | null;
  title?: string;
  state?: string;
  causeCategory?: string | null;
  analyseBy?: string | null;
  improvementRecord?: { documentId: string; reference?: string | null } | null;
  description?: string | null;
  evidence?: string | null;
  reproductionSteps?: string | null;
  affectedModels?: string[] | null;
  affectedBatches?: string[] | null;
  serialRanges?: unknown[] | null;
  testCases?: unknown[] | null;
  attachments?: { id: number; name: string; url: string }[] | null;
  product?: { documentId: string; modelCode?: string | null } | null;
  batch?: string | null;
  feedbacks?: LinkedItem[] | null;
  complaints?: LinkedItem[] | null;
}

/** An improvement record as the document service returns it (what the answer and the audit use). */
interface ImprovementRecordResult {
  documentId: string;
  reference?: string | null;
  state?: string;
  issueKey?: string | null;
  feedbacks?: LinkedItem[] | null;
}

const actorOf = (actor: Actor) => ({ kind: 'admin', id: actor.id, name: actor.name });
const summaryOf = (report: AnalysisReportRecord) => ({
  documentId: report.documentId,
  reference: (report.reference as string) ?? null,
  title: report.title as string,
  state: report.state as string,
  causeCategory: (report.causeCategory as string) ?? null,
  analyseBy: report.analyseBy ?? null,
  improvementRecord: report.improvementRecord ? { documentId: report.improvementRecord.documentId, reference: report.improvementRecord.reference ?? null } : null,
});

/**
 * Problem analysis reports: opened from a feedback item or a complaint (any number per item),
 * written and checked field by field, then followed into an improvement record: the record of the
 * same issue (the configured grouping) when one is open, else a new one.
 */
export const createAnalysis = (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const categories = async (): Promise<CauseCategory[]> => causeCategoriesOf(await api.configuration.get('causeCategories'));
  const fieldsOrRefuse = async (input: Record<string, unknown>, extra: string[] = []): Promise<AnalysisReportFields> => {
    const parsed = parseAnalysisReportFields(input, await categories(), extra);
    if (!parsed.ok) throw invalidInput(parsed.problems);
    return parsed.value;
  };
  const sourceOf = (body: Record<string, unknown>) => {
    const source = (body.source && typeof body.source === 'object' ? body.source : {}) as Record<string, unknown>;
    const problems: FieldError[] = [];
    if (typeof source.uid !== 'string' || !SOURCES[source.uid]) problems.push({ path: ['source', 'uid'], message: `must be one of ${Object.keys(SOURCES).join(', ')}` });
    if (typeof source.documentId !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(source.documentId)) problems.push({ path: ['source', 'documentId'], message: 'must be the documentId of the item' });
    return { uid: source.uid as string, documentId: source.documentId as string, problems };
  };

  return {
    categories,

    /** Checks a document-service write of a report (Content Manager, workflow actions, these routes): 400 naming the field. */
    async checkWrite(data: Record<string, unknown> | undefined) {
      if (!data) return;
      const own = Object.fromEntries(Object.entries(data).filter(([key]) => ['causeCategory', 'affectedModels', 'affectedBatches', 'serialRanges', 'testCases'].includes(key)));
      const parsed = parseAnalysisReportFields(own, await categories());
      if (!parsed.ok) throw invalidInput(parsed.problems);
      Object.assign(data, parsed.value);
    },

    /** Opens a report from an item the caller may read, linking it; 201 with the report. */
    async open(ctx: unknown, body: Record<string, unknown>, actor: Actor) {
      const source = sourceOf(body);
      const { source: _source, ...rest } = body;
      const parsed = parseAnalysisReportFields(rest, await categories());
      const problems = [...source.problems, ...(parsed.ok ? [] : parsed.problems)];
      if (problems.length || !parsed.ok) throw invalidInput(problems);
      const item = await api.records.find(source.uid, source.documentId, { product: true });
      if (!item) throw new errors.NotFoundError(`No item ${source.documentId}`);
      await api.records.assertMayRead(ctx, source.uid, source.documentId);
      const { relation } = SOURCES[source.uid];
      const product = populatedOf(item.product);
      const modelCode = textOf(product?.modelCode);
      const batch = textOf(item.batch);
      // The title names the item and its product, never the customer's words: an erasure rewrites those on the item only.
      const title = (parsed.value.title ?? ['问题分析', item.reference, modelCode, batch].filter(Boolean).join(' · ')).slice(0, 200);
      return strapi.db.transaction(async ({ trx }) => {
        const lead = await strapi.db.connection('departments').transacting(trx).where({ code: LEAD_DEPARTMENT }).first('document_id');
        const created = await documentsOf(strapi, ANALYSIS_REPORT).create({
          data: {
            ...parsed.value,
            title,
            [relation]: [source.documentId],
            product: textOf(product?.documentId),
            batch,
            department: lead?.document_id ?? null,
            affectedModels: parsed.value.affectedModels ?? (modelCode ? [modelCode] : []),
            affectedBatches: parsed.value.affectedBatches ?? (batch ? [batch] : []),
          },
        });
        const report: AnalysisReportRecord = created;
        await api.audit.append(
          {
            action: 'open-analysis-report',
            contentType: ANALYSIS_REPORT,
            documentId: report.documentId,
            reference: report.reference,
            actor: actorOf(actor),
            toState: report.state,
            details: String(item.reference ?? source.documentId),
          },
          trx
        );
        await api.audit.append(
          { action: 'analysis-report-opened', contentType: source.uid, documentId: source.documentId, reference: textOf(item.reference), actor: actorOf(actor), details: String(report.reference) },
          trx
        );
        return summaryOf(report);
      });
    },

    /** Writes fields of a report the caller may read (all or nothing). */
    async update(ctx: unknown, documentId: string, body: Record<string, unknown>) {
      const fields = await fieldsOrRefuse(body);
      const report = await api.records.find(ANALYSIS_REPORT, documentId);
      if (!report) throw new errors.NotFoundError(`No analysis report ${documentId}`);
      await api.records.assertMayRead(ctx, ANALYSIS_REPORT, documentId);
      if (report.state !== 'analysing') throw new HttpError(409, 'The report was submitted: reopen it to change it', { state: report.state });
      await documentsOf(strapi, ANALYSIS_REPORT).update({ documentId, data: fields });
      return this.show(ctx, documentId);
    },

    async show(ctx: unknown, documentId: string) {
      const report = (await api.records.find(ANALYSIS_REPORT, documentId, {
        feedbacks: true,
        complaints: true,
        product: true,
        improvementRecord: true,
        attachments: true,
      })) as AnalysisReportRecord | null;
      if (!report) throw new errors.NotFoundError(`No analysis report ${documentId}`);
      await api.records.assertMayRead(ctx, ANALYSIS_REPORT, documentId);
      return {
        ...summaryOf(report),
        description: report.description ?? null,
        evidence: report.evidence ?? null,
        reproductionSteps: report.reproductionSteps ?? null,
        affectedModels: report.affectedModels ?? [],
        affectedBatches: report.affectedBatches ?? [],
        serialRanges: report.serialRanges ?? [],
        testCases: report.testCases ?? [],
        attachments: (report.attachments ?? []).map((f) => ({ id: f.id, name: f.name, url: f.url })),
        product: report.product ? { documentId: report.product.documentId, modelCode: report.product.modelCode ?? null } : null,
        batch: report.batch ?? null,
        items: [
          ...(report.feedbacks ?? []).map((f) => ({ uid: 'api::feedback.feedback', documentId: f.documentId, reference: f.reference })),
          ...(report.complaints ?? []).map((c) => ({ uid: 'api::complaint.complaint', documentId: c.documentId, reference: c.reference })),
        ],
        categories: await categories(),
      };
    },

    /** The reports opened from one item (for its case screen). */
    async ofItem(ctx: unknown, uid: string, documentId: string) {
      if (!SOURCES[uid]) throw invalidInput([{ path: ['uid'], message: `must be one of ${Object.keys(SOURCES).join(', ')}` }]);
      await api.records.assertMayRead(ctx, uid, documentId);
      const reports = (await queryOf(strapi, ANALYSIS_REPORT).findMany({
        where: { [SOURCES[uid].relation]: { documentId } },
        populate: { improvementRecord: { select: ['documentId', 'reference'] } },
        orderBy: { id: 'asc' },
      })) as AnalysisReportRecord[];
      return { reports: reports.map(summaryOf), categories: await categories() };
    },

    /**
     * Follows a submitted report into an improvement record: the open record of the same issue
     * (the configured grouping) gets the report and its items; without one, a new record starts.
     */
    async toImprovement(ctx: unknown, documentId: string, actor: Actor) {
      const report = (await api.records.find(ANALYSIS_REPORT, documentId, { feedbacks: true, complaints: true, product: true, improvementRecord: true })) as AnalysisReportRecord | null;
      if (!report) throw new errors.NotFoundError(`No analysis report ${documentId}`);
      await api.records.assertMayRead(ctx, ANALYSIS_REPORT, documentId);
      if (report.state !== 'reported') throw invalidInput([{ path: ['state'], message: 'the report must be submitted (with its cause category) first' }]);
      if (report.improvementRecord) {
        throw new HttpError(409, `The report already belongs to ${report.improvementRecord.reference}`, {
          documentId: report.improvementRecord.documentId,
          reference: report.improvementRecord.reference,
        });
      }
      const grouping = issueGroupingOf(await api.configuration.get('issueGrouping'));
      const facts: IssueFacts = {
        productModel: report.product?.modelCode ?? null,
        batch: report.batch ?? null,
        causeCategory: report.causeCategory ?? null,
        type: report.feedbacks?.[0]?.type ?? null,
      };
      const key = issueKeyOf(facts, grouping);
      if (key === null) {
        const missing = grouping.filter((d) => !facts[d]);
        throw invalidInput(missing.map((d) => ({ path: [d === 'productModel' ? 'product' : d], message: 'is needed to tell which issue the report belongs to (the "same issue" setting)' })));
      }
      const category = (await categories()).find((c) => c.id === report.causeCategory);
      const feedbacks = (report.feedbacks ?? []).map((f) => f.documentId);
      return strapi.db.transaction(async ({ trx }) => {
        const knex = strapi.db.connection;
        const open = (await knex('improvement_records')
          .transacting(trx)
          .where({ issue_key: `analysis|${key}` })
          .whereNot({ state: 'closed' })
          .first('document_id')) as { document_id: string } | undefined;
        let record: ImprovementRecordResult;
        let joined = false;
        if (open) {
          const existing = (await queryOf(strapi, IMPROVEMENT_RECORD).findOne({
            where: { documentId: open.document_id },
            populate: { feedbacks: { select: ['documentId'] } },
          })) as ImprovementRecordResult;
          const all = [...new Set([...(existing.feedbacks ?? []).map((f) => f.documentId), ...feedbacks])];
          record = (await documentsOf(strapi, IMPROVEMENT_RECORD).update({ documentId: open.document_id, data: { feedbacks: all, occurrences: all.length } })) as ImprovementRecordResult;
          joined = true;
        } else {
          // A closed record of the same issue keeps its key: the issue came back, a new record follows it.
          const closed = await knex('improvement_records')
            .transacting(trx)
            .where({ issue_key: `analysis|${key}` })
            .first('id');
          const now = api.clock.now().toISOString();
          record = await documentsOf(strapi, IMPROVEMENT_RECORD).create({
            data: {
              title: `${[facts.productModel, facts.batch].filter(Boolean).join(' / ')}: ${category?.title['zh-Hans'] ?? report.causeCategory} (${report.reference})`.slice(0, 200),
              issueKey: closed ? `analysis|${key}|${report.reference}` : `analysis|${key}`,
              month: now.slice(0, 7),
              product: report.product?.documentId ?? null,
              batch: report.batch ?? null,
              groupedBy: 'analysis',
              causeCategory: report.causeCategory,
              issue: key.slice(0, 120),
              occurrences: feedbacks.length,
              feedbacks,
              rootCause: report.description ?? null,
            },
          });
        }
        await documentsOf(strapi, ANALYSIS_REPORT).update({ documentId, data: { improvementRecord: record.documentId } });
        await api.audit.append(
          {
            action: joined ? 'analysis-report-linked' : 'create-from-analysis',
            contentType: IMPROVEMENT_RECORD,
            documentId: record.documentId,
            reference: record.reference,
            actor: actorOf(actor),
            details: `${report.reference} · ${key}`,
          },
          trx
        );
        return { joined, documentId: record.documentId as string, reference: record.reference as string, state: record.state as string, issueKey: record.issueKey as string };
      });
    },

    /** Links items to an improvement record by hand (the same issue, whatever the grouping says); 400 naming each unknown item. */
    async link(ctx: unknown, improvementId: string, body: Record<string, unknown>, actor: Actor) {
      const problems: FieldError[] = Object.keys(body)
        .filter((k) => !['feedbacks', 'analysisReports'].includes(k))
        .map((k) => ({ path: [k], message: 'is not a known field' }));
      const list = (key: 'feedbacks' | 'analysisReports') => {
        const value = body[key];
        if (value === undefined) return [];
        if (!Array.isArray(value) || value.length > 200 || value.some((v) => typeof v !== 'string')) {
          problems.push({ path: [key], message: 'must be a list of documentIds or references' });
          return [];
        }
        return value as string[];
      };
      const feedbackRefs = list('feedbacks');
      const reportRefs = list('analysisReports');
      if (!problems.length && !feedbackRefs.length && !reportRefs.length) problems.push({ path: ['feedbacks'], message: 'name at least one feedback item or analysis report' });
      if (problems.length) throw invalidInput(problems);
      const record = (await api.records.find(IMPROVEMENT_RECORD, improvementId, { feedbacks: { select: ['documentId'] } })) as ImprovementRecordResult | null;
      if (!record) throw new errors.NotFoundError(`No improvement record ${improvementId}`);
      await api.records.assertMayRead(ctx, IMPROVEMENT_RECORD, improvementId);
      const knex = strapi.db.connection;
      const find = async (table: string, refs: string[], key: string) => {
        const rows: { document_id: string; reference: string | null }[] = refs.length
          ? await knex(table).whereIn('document_id', refs).orWhereIn('reference', refs).select('document_id', 'reference')
          : [];
        refs.forEach((ref, i) => {
          if (!rows.some((r) => r.document_id === ref || r.reference === ref)) problems.push({ path: [key, i], message: `no ${key === 'feedbacks' ? 'feedback item' : 'analysis report'} "${ref}"` });
        });
        return [...new Set(rows.map((r) => r.document_id))];
      };
      const feedbackIds = await find('feedbacks', feedbackRefs, 'feedbacks');
      const reportIds = await find('analysis_reports', reportRefs, 'analysisReports');
      if (problems.length) throw invalidInput(problems);
      return strapi.db.transaction(async ({ trx }) => {
        const all = [...new Set([...(record.feedbacks ?? []).map((f) => f.documentId), ...feedbackIds])];
        await documentsOf(strapi, IMPROVEMENT_RECORD).update({ documentId: improvementId, data: { feedbacks: all, occurrences: all.length } });
        for (const id of reportIds) await documentsOf(strapi, ANALYSIS_REPORT).update({ documentId: id, data: { improvementRecord: improvementId } });
        await api.audit.append(
          {
            action: 'link-items',
            contentType: IMPROVEMENT_RECORD,
            documentId: improvementId,
            reference: record.reference,
            actor: actorOf(actor),
            details: [...feedbackIds, ...reportIds].join(' '),
          },
          trx
        );
        return { feedbacks: all.length, analysisReports: reportIds.length };
      });
    },
  };
};
export type Analysis = ReturnType<typeof createAnalysis>;
