import type { DocumentMiddleware, ExtensionContext } from '../../extension-api';
import { CONTENT_TYPES, queryOf } from '../../extension-api';
import { segmentsService } from './segments';
import { setSegmentsContext } from './state';

/** How often the job looks whether tonight's run is due (it runs once a night; see domain/segments/nightly). */
const CHECK_INTERVAL_MS = 15 * 60_000;

/**
 * Customer segments: a customer's segment is re-evaluated when the facts change (a case of theirs
 * received or moved by a workflow action, their record or one of their cases saved in the Content
 * Manager) and every night by the job `segments.nightly` (one instance per interval by its lease in
 * the job claims; `AFTER_SALES_JOB_SEGMENTS_NIGHTLY=off` on an instance).
 */
export const activate = (context: ExtensionContext) => {
  const api = context.getApi(1);
  const { strapi } = context;
  setSegmentsContext({ api, strapi });
  const segments = segmentsService(strapi, api);
  const kinds = api.itemKinds.list().filter((k) => k.customerField);

  /** A customer saved in the Content Manager or by the API (the contract flag, say), or one of their cases. */
  const reevaluateAfterWrite: DocumentMiddleware = async (ctx, next) => {
    if (!['create', 'update'].includes(ctx.action) || api.workflow.isEngineWrite()) return next();
    if (ctx.uid === CONTENT_TYPES.customer) await segments.directChoice(ctx.action, ctx.params as { documentId?: string; data?: Record<string, unknown> });
    const result = await next();
    const documentId = (result as { documentId?: unknown } | null)?.documentId;
    if (typeof documentId !== 'string') return result;
    if (ctx.uid === CONTENT_TYPES.customer) {
      const data = ((ctx.params as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
      if (ctx.action === 'create' || 'serviceContract' in data || 'segmentManual' in data) {
        const customer: { id: number } | null = await queryOf(strapi, CONTENT_TYPES.customer).findOne({ where: { documentId }, select: ['id'] });
        if (customer) await segments.evaluate([customer.id]);
      }
    } else await segments.evaluateCustomersOf(ctx.uid, [documentId]);
    return result;
  };

  context.subscriptions.push(
    { dispose: () => setSegmentsContext(null) },
    api.jobs.schedule({ id: 'segments.nightly', intervalMs: CHECK_INTERVAL_MS, run: () => segments.nightly() }),
    // A new case: after the intake's commit (it reads every case of the customer: a repeat caller's
    // history must not hold the intake's locks), awaited by the intake, so the segment is right when
    // it answers. The clocks took the segment the customer had at the call.
    api.intake.onReceived(({ customer, afterCommit }) => {
      const id = customer?.id;
      if (typeof id === 'number') afterCommit(() => segments.evaluate([id]));
    }),
    // A complaint opened or closed, a unit recorded on a case: the customer's facts changed. In the
    // action's transaction, so the segment is right when the action answers.
    api.actions.registerAfter('after-sales.segments.reevaluate', async ({ workflow, record }) => {
      await segments.evaluateCustomersOf(workflow.contentType, [record.documentId as string]);
    }),
    api.documents.use([CONTENT_TYPES.customer, ...kinds.map((k) => k.contentType)], reevaluateAfterWrite)
  );
};
