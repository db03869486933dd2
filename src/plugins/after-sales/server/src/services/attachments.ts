import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { ThreadAttachment } from '../extension-api';

const FILE = 'plugin::upload.file';

/**
 * Files received from outside (mail attachments, intake uploads) kept by Strapi's upload plugin
 * (its provider: local disk, or S3 in a cluster). Stored before the database transaction that
 * links them (the upload writes to the provider, which no transaction covers); `remove` takes back
 * files whose transaction did not commit.
 */
const attachments = ({ strapi }: { strapi: Core.Strapi }) => ({
  async store(files: { name: string; mime: string; buffer: Buffer }[]): Promise<ThreadAttachment[]> {
    if (!files.length) return [];
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'after-sales-files-'));
    try {
      const prepared = await Promise.all(
        files.map(async (file, index) => {
          const name =
            path
              .basename(file.name || `file-${index + 1}`)
              .replace(/[\\/]/g, '_')
              .replace(/[^\P{Cc}]/gu, '_')
              .slice(0, 200) || `file-${index + 1}`;
          const filepath = path.join(dir, `${index}-${crypto.randomBytes(4).toString('hex')}`);
          await fs.writeFile(filepath, file.buffer);
          return { filepath, originalFilename: name, mimetype: file.mime, size: file.buffer.length };
        })
      );
      // One at a time: the upload plugin may answer a batch in the order its uploads finished, and the
      // thread lists the photos in the order the customer gave them.
      const stored: ThreadAttachment[] = [];
      for (const file of prepared) {
        const [f] = (await strapi
          .plugin('upload')
          .service('upload')
          .upload({ data: {}, files: [file] })) as { id: number; name: string; mime: string }[];
        stored.push({ fileId: Number(f.id), name: f.name, mime: f.mime, size: file.size });
      }
      return stored;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  },

  /** Deletes stored files (their transaction rolled back, or the message was a duplicate). */
  async remove(fileIds: number[]) {
    for (const id of fileIds) {
      const file = await strapi.db.query(FILE).findOne({ where: { id } });
      if (file) await strapi.plugin('upload').service('upload').remove(file);
    }
  },
});

export default attachments;
