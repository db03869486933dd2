/** Limits on files taken from outside (mail attachments, intake uploads): pure checks. */
export interface FileLimits {
  maxFiles: number;
  maxFileBytes: number;
  /** Allowed MIME types (`image/png`) or families (`image/*`). */
  types: string[];
}

export const typeAllowed = (mime: string, types: string[]): boolean => {
  const m = mime.toLowerCase();
  return types.some((t) => {
    const rule = t.trim().toLowerCase();
    return rule.endsWith('/*') ? m.startsWith(rule.slice(0, -1)) : m === rule;
  });
};

/** Which of a message's attachments are kept and why the others are not (reason per file name). */
export const pickAttachments = <T extends { filename: string; mime: string; size: number }>(files: T[], limits: FileLimits): { kept: T[]; skipped: { filename: string; reason: string }[] } => {
  const kept: T[] = [];
  const skipped: { filename: string; reason: string }[] = [];
  for (const file of files) {
    if (!typeAllowed(file.mime, limits.types)) skipped.push({ filename: file.filename, reason: `type ${file.mime} is not accepted` });
    else if (file.size > limits.maxFileBytes) skipped.push({ filename: file.filename, reason: `larger than ${limits.maxFileBytes} bytes` });
    else if (kept.length >= limits.maxFiles) skipped.push({ filename: file.filename, reason: `more than ${limits.maxFiles} files` });
    else kept.push(file);
  }
  return { kept, skipped };
};
