import type { Core } from '@strapi/strapi';
import { monthRange } from '../domain/reports/month-range';
import { CONTENT_TYPES } from '../constants';
import { getService } from '../utils/get-service';
import { documentsOf } from '../utils/content-table';
import { errors, HttpError, invalidInput, type FieldError } from '../utils/http-errors';
import { isUniqueAttributeError, isUniqueViolation } from '../utils/unique-violation';
import { improvementIssueKey, type HighFrequencyIssue } from './reports';

export const IMPROVEMENT_WORKFLOW = 'improvement';

export interface IssueIdentity {
  month: string;
  productModel: string;
  batch: string | null;
  groupedBy: 'type' | 'knowledge-article';
  key: string;
}

const text = (value: unknown, max: number) => typeof value === 'string' && value.trim() !== '' && value.length <= max;

/** The issue named by a request body, or 400 naming each bad field. */
export const parseIssueIdentity = (body: unknown): IssueIdentity => {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(input)
    .filter((k) => !['month', 'productModel', 'batch', 'groupedBy', 'key'].includes(k))
    .map((k) => ({ path: [k], message: 'is not a known field' }));
  if (typeof input.month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) errors.push({ path: ['month'], message: 'must be YYYY-MM' });
  if (!text(input.productModel, 64)) errors.push({ path: ['productModel'], message: 'must be a product model code' });
  if (input.batch !== undefined && input.batch !== null && !text(input.batch, 64)) errors.push({ path: ['batch'], message: 'must be a batch code or null' });
  if (input.groupedBy !== 'type' && input.groupedBy !== 'knowledge-article') errors.push({ path: ['groupedBy'], message: 'must be type or knowledge-article' });
  if (!text(input.key, 120)) errors.push({ path: ['key'], message: 'must be the feedback type or the knowledge article documentId' });
  if (errors.length) throw invalidInput(errors);
  return {
    month: input.month as string,
    productModel: input.productModel as string,
    batch: (input.batch as string | null | undefined) ?? null,
    groupedBy: input.groupedBy as IssueIdentity['groupedBy'],
    key: input.key as string,
  };
};

/**
 * Improvement records (改进记录) started from a high-frequency issue of a monthly report: the
 * issue is detected again (whole company, not a report's scope), its items are linked, and the
 * record enters the improvement workflow contributed by `after-sales.improvement-workflow`.
 */
const improvements = ({ strapi }: { strapi: Core.Strapi }) => ({
  async createFromIssue(identity: IssueIdentity, actor: { id: number | string | null; name: string; kind: string }) {
    if (!getService(strapi, 'workflow').definitionFor(IMPROVEMENT_WORKFLOW)) {
      throw new errors.NotFoundError('The improvement workflow is not active (extension after-sales.improvement-workflow)');
    }
    const timeZone = strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
    const issues = await getService(strapi, 'reports').highFrequencyIssuesIn({ month: identity.month }, monthRange(identity.month, timeZone));
    const issue = issues.find(
      (i: HighFrequencyIssue) => i.productModel === identity.productModel && (i.batch ?? null) === identity.batch && i.groupedBy === identity.groupedBy && i.key === identity.key
    );
    if (!issue) {
      throw invalidInput([{ path: ['key'], message: `is not a high-frequency issue of ${identity.productModel}${identity.batch ? ` / ${identity.batch}` : ''} in ${identity.month}` }]);
    }
    if (issue.improvementRecord) {
      throw new HttpError(409, `An improvement record (${issue.improvementRecord.reference}) already follows this issue`, {
        documentId: issue.improvementRecord.documentId,
        reference: issue.improvementRecord.reference,
      });
    }
    const issueKey = improvementIssueKey(identity.month, issue);

    const created = strapi.db.transaction(async ({ trx }) => {
      const knex = strapi.db.connection;
      const feedbacks = await knex('feedbacks').transacting(trx).whereIn('reference', issue.references).select('document_id');
      const product = await knex('products').transacting(trx).where({ model_code: issue.productModel }).first('document_id');
      let issueLabel = issue.key;
      if (issue.groupedBy === 'knowledge-article') {
        const article = await knex('knowledge_articles').transacting(trx).where({ document_id: issue.key }).orderBy('id').first('title');
        if (article?.title) issueLabel = article.title;
      }
      const title = `${issue.productModel}${issue.batch ? ` / ${issue.batch}` : ''}: ${issueLabel} × ${issue.count} (${identity.month})`.slice(0, 200);
      const written = await documentsOf(strapi, CONTENT_TYPES.improvementRecord).create({
        data: {
          title,
          issueKey,
          month: identity.month,
          product: product?.document_id ?? null,
          batch: issue.batch,
          groupedBy: issue.groupedBy,
          issue: issue.key,
          occurrences: issue.count,
          feedbacks: feedbacks.map((f: { document_id: string }) => f.document_id),
        },
      });
      // The record's own fields, as the schema has them (the document service types a plain uid's document loosely).
      const record = written as typeof written & { reference: string; state: string; version?: number | null };
      await getService(strapi, 'audit').append(
        {
          contentType: CONTENT_TYPES.improvementRecord,
          documentId: record.documentId,
          reference: record.reference ?? null,
          action: 'create-from-issue',
          toState: record.state,
          actor,
          note: `${issue.count} items of ${identity.month}: ${issue.references.join(' ')}`,
          changedFields: ['feedbacks'],
          version: record.version ?? 1,
        },
        trx
      );
      return { documentId: record.documentId, reference: record.reference, state: record.state, title, feedbacks: feedbacks.length, issueKey };
    });
    try {
      return await created;
    } catch (error) {
      // Another request started a record for the same issue in the meantime: Strapi's unique check or the unique index on issue_key refused this one.
      if (!isUniqueViolation(error) && !isUniqueAttributeError(error, 'issueKey')) throw error;
      const winner = await strapi.db.connection('improvement_records').where({ issue_key: issueKey }).first('document_id', 'reference');
      throw new HttpError(409, `An improvement record (${winner?.reference ?? issueKey}) already follows this issue`, {
        documentId: winner?.document_id ?? null,
        reference: winner?.reference ?? null,
      });
    }
  },
});

export default improvements;
