import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { storageKeysOf } from '../../domain/privacy/storage-keys';
import { TABLES, contentTable, type LinkTable } from '../../extension-api';

/**
 * Part of an erasure (used by the privacy service; not a Strapi service of its own): the uploaded
 * files attached to the erased customer's items — complaint evidence, the signature on a service
 * record, any media field an item has or gains. Their rows and links are deleted inside the
 * erasure's transaction; their bytes, which no database transaction covers, are deleted through the
 * upload plugin's provider once that transaction has committed (as the upload service's `remove`
 * does: the file and each of its formats, when the file was stored by the configured provider).
 * So that a crash between the commit and the storage deletion leaves no personal data behind, the
 * transaction also queues each file's storage keys (`after_sales_file_erasures`, never its name);
 * a queued file is removed from the queue once its bytes are gone, and what is left is retried at
 * startup and by the retention job.
 */

const FILE = 'plugin::upload.file';

/** The upload plugin's morph link table: which entity (type and id columns) a file is linked to. */
type MorphLinkTable = LinkTable & { morphColumn: { typeColumn: { name: string }; idColumn: { name: string } } };

export interface StoredFile {
  id: number;
  hash: string;
  ext?: string | null;
  url: string;
  provider: string;
  formats?: Record<string, unknown> | null;
}

/** The files linked to any of these entities, found through the upload plugin's morph link table. */
export const filesAttachedTo = async (strapi: Core.Strapi, trx: Knex, entities: { uid: string; id: number }[]): Promise<StoredFile[]> => {
  if (!entities.length) return [];
  const joinTable = contentTable(strapi, FILE).attributes.related.joinTable as MorphLinkTable;
  const fileColumn = joinTable.joinColumn.name;
  const typeColumn = joinTable.morphColumn.typeColumn.name;
  const idColumn = joinTable.morphColumn.idColumn.name;
  const byType = new Map<string, number[]>();
  for (const e of entities) byType.set(e.uid, [...(byType.get(e.uid) ?? []), e.id]);
  const links: Record<string, number>[] = await trx(joinTable.name)
    .distinct(fileColumn)
    .where((q) => byType.forEach((ids, uid) => q.orWhere((w) => w.where(typeColumn, uid).whereIn(idColumn, ids))));
  const ids = links.map((l) => l[fileColumn]);
  if (!ids.length) return [];
  return strapi.db.query(FILE).findMany({ where: { id: { $in: ids } } }) as Promise<StoredFile[]>;
};

/** Deletes the files' rows and every link to them (in the caller's transaction). */
export const deleteFileRows = async (strapi: Core.Strapi, files: StoredFile[]) => {
  for (const file of files) await strapi.db.query(FILE).delete({ where: { id: file.id } });
};

/** Queues the files' storage deletion in the erasure's transaction. */
export const queueStorageRemoval = async (trx: Knex, files: StoredFile[], at: Date) => {
  if (!files.length) return;
  await trx(TABLES.fileErasures).insert(files.map((file) => ({ file_id: file.id, storage: JSON.stringify(storageKeysOf(file)), attempts: 0, last_error: null, created_at: at.toISOString() })));
};

/** Deletes one file's bytes and formats; throws the first failure. */
const deleteBytes = async (strapi: Core.Strapi, file: StoredFile) => {
  const configured = strapi.config.get<{ provider?: string }>('plugin::upload')?.provider;
  if (configured && file.provider !== configured) return;
  const provider = strapi.plugin('upload').provider as { delete(file: unknown): Promise<void> };
  for (const stored of [file, ...Object.values(file.formats ?? {})]) await provider.delete(stored);
};

/**
 * Deletes the queued files' bytes (and their formats) from storage, after commit, and takes each
 * off the queue once gone. A failure is logged and stays queued (attempts, last error) for the
 * next retry: never a row pointing at missing bytes, never bytes left without a record of them.
 */
export const removeFromStorage = async (strapi: Core.Strapi, files: StoredFile[]) => {
  const knex = strapi.db.connection;
  for (const file of files) {
    try {
      await deleteBytes(strapi, file);
      await knex(TABLES.fileErasures).where({ file_id: file.id }).del();
    } catch (error) {
      const message = (error as Error).message?.slice(0, 500) ?? String(error);
      strapi.log.warn(`[after-sales.privacy] could not remove the erased file ${file.hash}: ${message} (kept queued)`);
      await knex(TABLES.fileErasures)
        .where({ file_id: file.id })
        .update({ attempts: knex.raw('attempts + 1'), last_error: message })
        .catch(() => undefined);
    }
  }
};

/**
 * Removes the files still queued (an instance stopped between an erasure's commit and its storage
 * deletion, or the storage refused): those queued longer than `olderThanMs`, so that an erasure
 * still deleting its own files is left alone. Deleting a file twice is harmless.
 */
export const retryStorageRemoval = async (strapi: Core.Strapi, olderThanMs = 60_000): Promise<number> => {
  const cutoff = new Date(Date.now() - olderThanMs).toISOString();
  const rows = await strapi.db.connection(TABLES.fileErasures).where('created_at', '<', cutoff).orderBy('id').limit(500).select('storage');
  const files = rows.map((r: { storage: string }) => JSON.parse(r.storage) as StoredFile);
  await removeFromStorage(strapi, files);
  return files.length;
};
