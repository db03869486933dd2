/** An uploaded file as the upload plugin stores it, in the parts a storage provider deletes by. */
export interface StorageFile {
  id: number;
  hash: string;
  ext?: string | null;
  url: string;
  provider: string;
  path?: string | null;
  provider_metadata?: unknown;
  formats?: Record<string, unknown> | null;
}

const keysOf = (file: Pick<StorageFile, 'hash' | 'ext' | 'url' | 'path' | 'provider_metadata'>) => ({
  hash: file.hash,
  ext: file.ext ?? null,
  url: file.url,
  ...(file.path ? { path: file.path } : {}),
  ...(file.provider_metadata ? { provider_metadata: file.provider_metadata } : {}),
});

/**
 * What a storage provider needs to delete a file and each of its formats (hash, extension, URL,
 * path, provider metadata), and nothing else: a file's name, caption and alternative text may
 * quote the customer it is erased for, so they are never kept in the storage-deletion queue.
 */
export const storageKeysOf = (file: StorageFile): StorageFile => ({
  ...keysOf(file),
  id: file.id,
  provider: file.provider,
  formats: Object.fromEntries(Object.entries(file.formats ?? {}).map(([format, stored]) => [format, keysOf(stored as StorageFile)])),
});
