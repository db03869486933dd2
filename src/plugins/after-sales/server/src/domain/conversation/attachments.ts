/**
 * Files staff attach to a reply or a note: images and PDF only, each at most the configured size,
 * at most the configured number. The type is read from the file's first bytes, not from what the
 * browser claims, so a renamed executable is refused.
 */
export interface AttachmentLimits {
  maxBytes: number;
  maxCount: number;
}

export interface IncomingFile {
  name: string;
  size: number;
  /** The first bytes of the file (16 are enough). */
  head: Uint8Array;
}

export const ALLOWED_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AllowedType = (typeof ALLOWED_TYPES)[number];

const startsWith = (head: Uint8Array, bytes: number[], offset = 0) => bytes.every((byte, i) => head[offset + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The type the bytes say, or null when they are none of the allowed ones. */
export const sniffType = (head: Uint8Array): AllowedType | null => {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(head, ascii('%PDF-'))) return 'application/pdf';
  return null;
};

export type AttachmentCheck = { ok: true; files: { name: string; size: number; mime: AllowedType }[] } | { ok: false; problems: { path: string[]; message: string; code: string }[] };

export const checkAttachments = (files: IncomingFile[], limits: AttachmentLimits): AttachmentCheck => {
  const problems: { path: string[]; message: string; code: string }[] = [];
  if (files.length > limits.maxCount) problems.push({ path: ['files'], message: `at most ${limits.maxCount} files`, code: 'attachment-count' });
  const checked = files.map((file, index) => {
    const mime = sniffType(file.head);
    if (!mime) problems.push({ path: ['files', String(index)], message: `${file.name}: only images (JPEG, PNG, GIF, WebP) and PDF files may be attached`, code: 'attachment-type' });
    if (file.size > limits.maxBytes) problems.push({ path: ['files', String(index)], message: `${file.name}: larger than ${limits.maxBytes} bytes`, code: 'attachment-size' });
    if (file.size === 0) problems.push({ path: ['files', String(index)], message: `${file.name}: the file is empty`, code: 'attachment-empty' });
    return { name: file.name.slice(0, 200) || 'file', size: file.size, mime: mime as AllowedType };
  });
  return problems.length ? { ok: false, problems } : { ok: true, files: checked };
};
