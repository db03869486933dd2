import { complaintArchive, MAX_ARCHIVE_ROWS } from './archive';
import { complaintWorkflowContext } from './state';
import { answer, invalidInput, type RouteContext } from '../../extension-api';
import { archiveTable, isArchiveGrouping, MAX_ARCHIVE_MONTHS, monthsInRange, ARCHIVE_GROUPINGS } from '../../domain/reports/complaint-archive';
import { csvDocument } from '../../domain/reports/csv';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const KNOWN = new Set(['from', 'to', 'by', 'format', 'locale']);

/** GET /complaint-archive: the complaints of a period as lists by month, customer or product category, as JSON or a CSV. */
export default () => ({
  async archive(ctx: RouteContext) {
    await answer(ctx, async () => {
      const query = (ctx.query ?? {}) as Record<string, unknown>;
      const from = query.from;
      const to = query.to ?? from;
      const by = query.by ?? 'month';
      const format = query.format ?? 'json';
      const locale = query.locale ?? 'zh-Hans';
      const problems = [
        ...Object.keys(query)
          .filter((key) => !KNOWN.has(key))
          .map((key) => ({ path: [key], message: 'is not a known parameter' })),
        ...(typeof from === 'string' && MONTH.test(from) ? [] : [{ path: ['from'], message: 'must be YYYY-MM' }]),
        ...(typeof to === 'string' && MONTH.test(to) ? [] : [{ path: ['to'], message: 'must be YYYY-MM' }]),
        ...(isArchiveGrouping(by) ? [] : [{ path: ['by'], message: `must be one of: ${ARCHIVE_GROUPINGS.join(', ')}` }]),
        ...(format === 'json' || format === 'csv' ? [] : [{ path: ['format'], message: 'must be one of: json, csv' }]),
        ...(locale === 'en' || locale === 'zh-Hans' ? [] : [{ path: ['locale'], message: 'must be zh-Hans or en' }]),
      ];
      if (!problems.length) {
        const months = monthsInRange(from as string, to as string);
        if (months === null) problems.push({ path: ['to'], message: 'must not be before from' });
        else if (months > MAX_ARCHIVE_MONTHS) problems.push({ path: ['to'], message: `must be at most ${MAX_ARCHIVE_MONTHS} months after from` });
      }
      if (problems.length) throw invalidInput(problems);

      const { strapi, api } = complaintWorkflowContext();
      const language = locale as 'en' | 'zh-Hans';
      const grouping = by as 'month' | 'customer' | 'category';
      const result = await complaintArchive(strapi, api, { from: from as string, to: to as string, by: grouping, locale: language }, api.contactData.accessFor(ctx));
      if (!result.ok) throw invalidInput([{ path: ['to'], message: `the period has ${result.total} complaints; at most ${MAX_ARCHIVE_ROWS} per list: choose a shorter period` }]);
      if (format === 'csv') {
        ctx.attachment(`complaint-archive-${from}-${to}-${grouping}.csv`);
        ctx.type = 'text/csv; charset=utf-8';
        return { body: csvDocument(archiveTable(result.groups, grouping, language)) };
      }
      return { body: { data: { from, to, by: grouping, total: result.total, groups: result.groups } } };
    });
  },
});
