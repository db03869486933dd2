import type { ContentTable } from './content-table';

/** A relation's link table as Strapi's metadata names it (`feedbacks_assignee_lnk`: feedback_id → user_id), or null when the field has none. */
export const linkOf = (meta: ContentTable | null | undefined, field: string | undefined): { table: string; item: string; target: string } | null => {
  const join = field ? meta?.attributes?.[field]?.joinTable : undefined;
  return join ? { table: join.name, item: join.joinColumn.name, target: join.inverseJoinColumn.name } : null;
};
