import { activeComplaintRates } from './extension';
import { errors, HttpError, invalidInput, answer, type RouteContext } from '../../extension-api';
import { staffActorName } from '../../domain/staff/display-name';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_CSV_CHARS = 500_000;

/** Import and list the orders and deliveries per unit and month. */
const complaintRatesController = () => {
  const service = () => {
    const running = activeComplaintRates();
    if (!running) throw new HttpError(503, 'Complaint rates are switched off (the after-sales.complaint-rates extension is disabled)');
    return running;
  };
  return {
    async volumes(ctx: RouteContext) {
      await answer(ctx, async () => {
        const { from, to } = ctx.query as Record<string, unknown>;
        const problems = [
          ...(typeof from === 'string' && MONTH.test(from) ? [] : [{ path: ['from'], message: 'must be YYYY-MM' }]),
          ...(typeof to === 'string' && MONTH.test(to) ? [] : [{ path: ['to'], message: 'must be YYYY-MM' }]),
        ];
        if (problems.length) throw invalidInput(problems);
        return { body: { data: await service().volumes.list(from as string, to as string) } };
      });
    },
    async importVolumes(ctx: RouteContext) {
      await answer(ctx, async () => {
        const body = (ctx.request.body as Record<string, unknown> | undefined) ?? {};
        const csv = body.csv;
        if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean') throw invalidInput([{ path: ['dryRun'], message: 'must be true or false' }]);
        if (typeof csv !== 'string') throw invalidInput([{ path: ['csv'], message: 'is required: the CSV text month,department,orders,deliveries' }]);
        if (csv.length > MAX_CSV_CHARS) throw invalidInput([{ path: ['csv'], message: `must be at most ${MAX_CSV_CHARS} characters` }]);
        const user = ctx.state.user as { id?: number; firstname?: string; lastname?: string; email?: string } | undefined;
        if (typeof user?.id !== 'number') throw new errors.UnauthorizedError('Sign in to the admin first');
        const result = await service().importCsv(csv, { id: user.id, name: staffActorName(user) }, { dryRun: body.dryRun === true });
        if (!result.ok) throw invalidInput(result.problems.map((p) => ({ path: ['csv', p.path], message: p.message })));
        // A dry run (the admin form's preview) answers the lines as they would be saved.
        return { body: { data: body.dryRun === true ? { imported: 0, preview: result.preview } : { imported: result.imported } } };
      });
    },
  };
};
export default complaintRatesController;
