import type { Core, UID } from '@strapi/strapi';

/** A relation's link table, as Strapi's metadata names it: the table and its two foreign-key columns. */
export interface LinkTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  /** The column keeping the order of the related rows, where the relation has one. */
  inverseOrderColumnName?: string;
  /** Set for a link table with extra conditions (morph and polymorphic links). */
  on?: unknown;
}

/** What raw knex needs of one attribute: its column (scalar fields) or its link table (relations). */
export interface ContentColumn {
  type?: string;
  columnName?: string;
  joinTable?: LinkTable;
}

/** A content type's table as the database holds it: for raw knex queries beside the query layer. */
export interface ContentTable {
  tableName: string;
  attributes: Record<string, ContentColumn>;
}

/**
 * The table of a content type (by uid, `api::feedback.feedback`), typed: its name and each attribute's column or link
 * table, read from Strapi's database metadata (which throws when the uid is no content type of this app).
 */
export const contentTable = (strapi: Core.Strapi, uid: string): ContentTable => strapi.db.metadata.get(uid as UID.Schema) as unknown as ContentTable;

/** The column of a field of a content type (its own name when the metadata gives none). */
export const columnOf = (table: ContentTable, field: string): string => table.attributes[field]?.columnName ?? field;

/**
 * The query layer of a content type named by a plain string (an item kind's `contentType`, a constant): Strapi types
 * `db.query` by its registry's uids, which a plugin's own or an extension-contributed content type is not part of.
 */
export const queryOf = (strapi: Core.Strapi, uid: string) => strapi.db.query(uid as UID.Schema);

/** The document service of a content type named by a plain string (see `queryOf`). */
export const documentsOf = (strapi: Core.Strapi, uid: string) => strapi.documents(uid as UID.ContentType);

/** The schema of a content type named by a plain string, or undefined when the app has none by that uid. */
export const modelOf = (strapi: Core.Strapi, uid: string) =>
  strapi.getModel(uid as UID.Schema) as
    | {
        attributes: Record<string, { type?: string; relation?: string; target?: string }>;
        info?: { singularName?: string; pluralName?: string; displayName?: string };
        pluginOptions?: { i18n?: { localized?: boolean } };
      }
    | undefined;
