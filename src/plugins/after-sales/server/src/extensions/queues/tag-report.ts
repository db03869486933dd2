import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { monthRange } from '../../domain/reports/month-range';
import { addMonths } from '../../domain/improvement/fix-effect';
import { kindColumnKey, tagReportRows, type ReportedKind, type ReportedTag, type TagKindCount } from '../../domain/queues/tag-report';
import { TABLES, contentTable, dbTime, type AfterSalesApiV1, type ReportSectionData, type ReportSectionQuery } from '../../extension-api';

export const TAG_SECTION = 'after-sales.queues.items-by-tag';

interface CountRow {
  tag_id: number | string;
  name: string;
  colour: string;
  content_type: string;
  received: number | string | null;
  closed: number | string | null;
  previous: number | string | null;
}

/**
 * Items by tag for the report's month: one statement, every item kind's items received in the
 * month or the month before (a `UNION ALL`, each kind limited to the report's departments), joined
 * to their tags and counted per tag and kind. An item counts as closed when its state at the
 * month's end (the last state the audit trail records before the end; none: the state it was
 * received in) is a finished one.
 */
export const itemsByTagSection =
  (strapi: Core.Strapi, api: AfterSalesApiV1) =>
  async (query: ReportSectionQuery): Promise<ReportSectionData> => {
    const knex: Knex = strapi.db.connection;
    const timeZone = strapi.config.get<string>('plugin::after-sales.timeZone', 'Asia/Shanghai');
    const previousFrom = monthRange(addMonths(query.month, -1), timeZone).start;
    const departments = query.departments ?? [];
    const kinds = api.itemKinds
      .list()
      .filter((kind) => kind.collection && strapi.db.metadata.has(kind.contentType))
      .filter((kind) => !departments.length || kind.departmentField);
    const parts = kinds.map((kind) => {
      const { tableName, attributes } = contentTable(strapi, kind.contentType);
      const finished = (api.workflow.definition(kind.contentType)?.states ?? []).filter((s) => s.category === 'done').map((s) => s.id);
      const stateAtEnd = knex(`${TABLES.auditEvents} as ae`)
        .select('ae.to_state')
        .where('ae.content_type', kind.contentType)
        .whereRaw('ae.document_id = i.document_id')
        .whereNotNull('ae.to_state')
        .andWhere('ae.created_at', '<', query.to.toISOString())
        .orderBy('ae.id', 'desc')
        .limit(1);
      const inMonth = knex.raw('CASE WHEN i.created_at >= ? THEN 1 ELSE 0 END', [dbTime(strapi, query.from)]);
      const closed = finished.length
        ? knex.raw(`CASE WHEN i.created_at >= ? AND (${stateAtEnd.toSQL().sql}) IN (${finished.map(() => '?').join(', ')}) THEN 1 ELSE 0 END`, [
            dbTime(strapi, query.from),
            ...stateAtEnd.toSQL().bindings,
            ...finished,
          ])
        : knex.raw('0');
      const part = knex(`${tableName} as i`)
        .select(
          knex.raw('CAST(? AS VARCHAR(120)) AS content_type', [kind.contentType]),
          'i.document_id',
          knex.raw(`${inMonth.toSQL().sql} AS in_month`, inMonth.toSQL().bindings),
          knex.raw(`${closed.toSQL().sql} AS closed`, closed.toSQL().bindings)
        )
        .where('i.created_at', '>=', dbTime(strapi, previousFrom))
        .andWhere('i.created_at', '<', dbTime(strapi, query.to))
        // Tagged items only, so the state at month end is looked up for them alone (not for every item of two months).
        .whereIn('i.document_id', knex(TABLES.itemTags).select('document_id').where('content_type', kind.contentType));
      const join = departments.length ? attributes[kind.departmentField!]?.joinTable : undefined;
      if (departments.length) {
        if (!join) return part.whereRaw('1 = 0');
        part.join(`${join.name} as dl`, `dl.${join.joinColumn.name}`, 'i.id').join('departments as d', 'd.id', `dl.${join.inverseJoinColumn.name}`).whereIn('d.code', departments);
      }
      return part;
    });
    const counts: CountRow[] = parts.length
      ? await knex(`${TABLES.itemTags} as it`)
          .join((parts.length > 1 ? parts[0].unionAll(parts.slice(1)) : parts[0]).as('x'), function () {
            this.on('x.content_type', '=', 'it.content_type').andOn('x.document_id', '=', 'it.document_id');
          })
          .join(`${TABLES.tags} as tg`, 'tg.id', 'it.tag_id')
          .select({ tag_id: 'tg.id', name: 'tg.name', colour: 'tg.colour', content_type: 'it.content_type' })
          .select(knex.raw('SUM(x.in_month) AS received'), knex.raw('SUM(x.closed) AS closed'), knex.raw('SUM(1 - x.in_month) AS previous'))
          .groupBy('tg.id', 'tg.name', 'tg.colour', 'it.content_type')
      : [];
    const tags = new Map<number, ReportedTag>(counts.map((r) => [Number(r.tag_id), { id: Number(r.tag_id), name: r.name, colour: r.colour }]));
    const reported: ReportedKind[] = kinds.map((kind) => ({ contentType: kind.contentType, id: kind.id, title: kind.title ?? kind.id }));
    const rows = tagReportRows(
      [...tags.values()],
      reported,
      counts.map((r): TagKindCount => ({ tagId: Number(r.tag_id), contentType: r.content_type, received: Number(r.received ?? 0), closed: Number(r.closed ?? 0), previous: Number(r.previous ?? 0) }))
    );
    return {
      columns: [
        { key: 'tag', title: { en: 'Tag', 'zh-Hans': '标签' } },
        { key: 'colour', title: { en: 'Colour', 'zh-Hans': '颜色' } },
        ...reported.slice(0, 12).map((kind) => ({ key: kindColumnKey(kind), title: kind.title })),
        { key: 'received', title: { en: 'Received', 'zh-Hans': '本月登记' } },
        { key: 'open', title: { en: 'Open at month end', 'zh-Hans': '月末未结' } },
        { key: 'closed', title: { en: 'Closed', 'zh-Hans': '已结案' } },
        { key: 'previous', title: { en: 'Received the month before', 'zh-Hans': '上月登记' } },
        { key: 'change', title: { en: 'Change (%)', 'zh-Hans': '环比（%）' } },
      ],
      rows: rows.slice(0, 500),
      note: {
        en: 'Items received (created) in the month with the tag, by kind; open and closed as they stood at the month’s end. Tags with no item received in the month are left out.',
        'zh-Hans': '本月登记且带该标签的事项（按类型）；未结与已结案按月末状态统计。本月没有登记事项的标签不列出。',
      },
    };
  };
