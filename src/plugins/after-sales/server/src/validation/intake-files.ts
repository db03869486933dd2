import fs from 'node:fs/promises';
import crypto from 'node:crypto';
import { invalidInput, type FieldError } from '../utils/http-errors';
import { extensionOf, sniffType } from '../domain/intake/sniff-image';
import { typeAllowed } from '../domain/mailbox/attachments';

/** A file as koa-body (formidable) leaves it after a multipart request. */
export interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  mimetype?: string | null;
  size: number;
}

export interface IntakeFile {
  name: string;
  mime: string;
  buffer: Buffer;
  sha256: string;
}

export interface IntakeFileLimits {
  maxFiles: number;
  maxFileBytes: number;
  /** Comma-separated MIME types. */
  types: string;
}

/** The temporary files of a multipart request (to delete once it is answered). */
export const uploadedPaths = (files: unknown): string[] =>
  Object.values((files ?? {}) as Record<string, UploadedFile | UploadedFile[]>)
    .flatMap((f) => (Array.isArray(f) ? f : [f]))
    .map((f) => f?.filepath)
    .filter((p): p is string => typeof p === 'string');

/** The longest file name a refusal repeats (a longer one is cut, with an ellipsis). */
const MAX_NAME_IN_PROBLEM = 120;

/**
 * A refusal of one sent file: its path (`files.N`) and its name as sent, in `file` and quoted at the
 * start of the message (JSON quoting, so a control character in a name cannot break the line). A file
 * sent without a name is named by its path alone.
 */
const fileProblem = (index: number, originalName: string | null | undefined, message: string): FieldError & { file?: string } => {
  const name = (originalName ?? '').trim();
  if (!name) return { path: ['files', index], message };
  const shown = name.length > MAX_NAME_IN_PROBLEM ? `${name.slice(0, MAX_NAME_IN_PROBLEM)}…` : name;
  return { path: ['files', index], file: shown, message: `${JSON.stringify(shown)} ${message}` };
};

/**
 * A multipart intake: the item as JSON in the `data` field (the same shape as the JSON body's
 * `data`) and images in `files`. Each file's type is read from its first bytes (the name and the
 * declared type are not believed) and must be one of the allowed types; sizes and the count are
 * limited. Refusals name the field (`files`, `files.2`, `data`) and a refused file by its name too.
 */
export const parseMultipartIntake = async (fields: unknown, files: unknown, limits: IntakeFileLimits): Promise<{ body: { data: unknown }; files: IntakeFile[] }> => {
  const problems: FieldError[] = [];
  const form = (fields ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(form)) if (key !== 'data') problems.push({ path: [key], message: 'is not a field of a multipart intake (send the item as JSON in "data")' });
  let data: unknown = undefined;
  if (typeof form.data !== 'string') problems.push({ path: ['data'], message: 'is required: the item as JSON text' });
  else {
    try {
      data = JSON.parse(form.data);
    } catch {
      problems.push({ path: ['data'], message: 'must be JSON text' });
    }
  }
  const byField = (files ?? {}) as Record<string, UploadedFile | UploadedFile[]>;
  for (const key of Object.keys(byField)) if (key !== 'files') problems.push({ path: [key], message: 'is not a file field of the intake (send images as "files")' });
  const checked = await checkIntakeFiles(([] as UploadedFile[]).concat(byField.files ?? []), limits);
  problems.push(...checked.problems);
  if (problems.length) throw invalidInput(problems);
  return { body: { data }, files: checked.files };
};

/**
 * The images sent with an intake, checked: how many, how large, and the type read from each file's
 * first bytes (the name and the declared type are not believed); problems name `files` / `files.N`
 * and, for one file, the file by the name it was sent with (`file`, and quoted at the start of the
 * message): N is the multipart parser's order, the order the files finished arriving, which is not
 * always the order they were attached, so the index alone does not tell a client which one it was.
 * Shared by the multipart intake and every form that sends photos to the intake (the portal's).
 */
export const checkIntakeFiles = async (list: UploadedFile[], limits: IntakeFileLimits): Promise<{ files: IntakeFile[]; problems: FieldError[] }> => {
  const problems: FieldError[] = [];
  const allowed = limits.types
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (list.length > limits.maxFiles) problems.push({ path: ['files'], message: limits.maxFiles === 0 ? 'files are not accepted' : `at most ${limits.maxFiles} files` });
  const accepted: IntakeFile[] = [];
  if (list.length <= limits.maxFiles) {
    for (const [index, file] of list.entries()) {
      const refuse = (message: string) => problems.push(fileProblem(index, file.originalFilename, message));
      if (file.size > limits.maxFileBytes) {
        refuse(`must be at most ${limits.maxFileBytes} bytes`);
        continue;
      }
      if (file.size === 0) {
        refuse('is empty');
        continue;
      }
      const buffer = await fs.readFile(file.filepath);
      const type = sniffType(buffer.subarray(0, 32));
      if (!type || !typeAllowed(type, allowed)) {
        refuse(`must be an image of an accepted type (${allowed.join(', ')}); its content is ${type ?? 'not a recognised image'}`);
        continue;
      }
      const base =
        (file.originalFilename ?? '')
          .replace(/\.[^.]*$/, '')
          .replace(/[^\p{L}\p{N}_-]+/gu, '_')
          .slice(0, 80) || `photo-${index + 1}`;
      accepted.push({ name: `${base}${extensionOf(type)}`, mime: type, buffer, sha256: crypto.createHash('sha256').update(buffer).digest('hex') });
    }
  }
  return { files: accepted, problems };
};
