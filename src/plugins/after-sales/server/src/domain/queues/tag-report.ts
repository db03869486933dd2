/**
 * The monthly report's "Items by tag" section (issue 23 item 3): the counts read from the
 * database, grouped by tag and item kind, made into one row per tag. Pure: no Strapi.
 */
import type { LocalizedText } from '../workflow/types';

/** One grouped count: a tag's items of one kind. */
export interface TagKindCount {
  tagId: number;
  contentType: string;
  /** Items of this kind with the tag, received (created) in the month. */
  received: number;
  /** Of those, the ones in a finished state at the month's end. */
  closed: number;
  /** Items of this kind with the tag received in the month before. */
  previous: number;
}

export interface ReportedTag {
  id: number;
  name: string;
  colour: string;
}

export interface ReportedKind {
  contentType: string;
  /** The column's key (the kind's id). */
  id: string;
  title: LocalizedText;
}

export type TagReportRow = { tag: string; colour: string; received: number; open: number; closed: number; previous: number; change: number | null } & Record<string, string | number | null>;

/** The kinds' columns are keyed `kind:<id>`, so a kind named like another column cannot hide it. */
export const kindColumnKey = (kind: ReportedKind) => `kind:${kind.id}`;

/**
 * One row per tag with an item received in the month (tags with none are left out), by tag name:
 * received per kind and in all, of those still open at the month's end and closed, the month
 * before's received count and the change in per cent (null when the month before had none).
 */
export const tagReportRows = (tags: readonly ReportedTag[], kinds: readonly ReportedKind[], counts: readonly TagKindCount[]): TagReportRow[] => {
  const byTag = new Map<number, TagKindCount[]>();
  for (const count of counts) byTag.set(count.tagId, [...(byTag.get(count.tagId) ?? []), count]);
  return [...tags]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id))
    .flatMap((tag) => {
      const own = byTag.get(tag.id) ?? [];
      const received = own.reduce((n, c) => n + c.received, 0);
      if (received === 0) return [];
      const closed = own.reduce((n, c) => n + c.closed, 0);
      const previous = own.reduce((n, c) => n + c.previous, 0);
      const perKind = Object.fromEntries(kinds.map((kind) => [kindColumnKey(kind), own.filter((c) => c.contentType === kind.contentType).reduce((n, c) => n + c.received, 0)]));
      return [
        {
          tag: tag.name,
          colour: tag.colour,
          ...perKind,
          received,
          open: received - closed,
          closed,
          previous,
          change: previous === 0 ? null : Math.round(((received - previous) / previous) * 1000) / 10,
        },
      ];
    });
};
