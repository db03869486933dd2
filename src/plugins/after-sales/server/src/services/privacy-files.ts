import type { Core } from '@strapi/strapi';

/**
 * Part of an erasure (used by the privacy service; not a Strapi service of its own): the uploaded
 * files attached to the erased customer's items — complaint evidence, the signature on a service
 * record, any media field an item has or gains. Their rows and links are deleted inside the
 * erasure's transaction; their bytes, which no database transaction covers, are deleted through the
 * upload plugin's provider once that transaction has committed (as the upload service's `remove`
 * does: the file and each of its formats, when the file was stored by the configured provider).
 */

const FILE = 'plugin::upload.file';

export interface StoredFile {
  id: number;
  hash: string;
  ext?: string | null;
  url: string;
  provider: string;
  formats?: Record<string, unknown> | null;
}

/** The files linked to any of these entities, found through the upload plugin's morph link table. */
export const filesAttachedTo = async (strapi: Core.Strapi, trx: any, entities: { uid: string; id: number }[]): Promise<StoredFile[]> => {
  if (!entities.length) return [];
  const joinTable = (strapi.db.metadata.get(FILE as any).attributes as any).related.joinTable;
  const fileColumn = joinTable.joinColumn.name as string;
  const typeColumn = joinTable.morphColumn.typeColumn.name as string;
  const idColumn = joinTable.morphColumn.idColumn.name as string;
  const byType = new Map<string, number[]>();
  for (const e of entities) byType.set(e.uid, [...(byType.get(e.uid) ?? []), e.id]);
  const links = await trx(joinTable.name)
    .distinct(fileColumn)
    .where((q: any) => byType.forEach((ids, uid) => q.orWhere((w: any) => w.where(typeColumn, uid).whereIn(idColumn, ids))));
  const ids = links.map((l: Record<string, number>) => l[fileColumn]);
  if (!ids.length) return [];
  return strapi.db.query(FILE).findMany({ where: { id: { $in: ids } } }) as Promise<StoredFile[]>;
};

/** Deletes the files' rows and every link to them (in the caller's transaction). */
export const deleteFileRows = async (strapi: Core.Strapi, files: StoredFile[]) => {
  for (const file of files) await strapi.db.query(FILE).delete({ where: { id: file.id } });
};

/**
 * Deletes the files' bytes (and their formats) from storage. After commit: a failure is logged
 * and leaves unreferenced bytes behind, never a row pointing at missing bytes.
 */
export const removeFromStorage = async (strapi: Core.Strapi, files: StoredFile[]) => {
  const upload = strapi.plugin('upload');
  const configured = strapi.config.get<{ provider?: string }>('plugin::upload')?.provider;
  const provider = upload.provider as { delete(file: unknown): Promise<void> };
  for (const file of files) {
    if (configured && file.provider !== configured) continue;
    for (const stored of [file, ...Object.values(file.formats ?? {})]) {
      try {
        await provider.delete(stored);
      } catch (error) {
        strapi.log.warn(`[after-sales.privacy] could not remove the erased file ${(stored as StoredFile).hash}: ${(error as Error).message}`);
      }
    }
  }
};
