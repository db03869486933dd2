/**
 * What staff send from the case screen's box: a reply to the customer (free text with line
 * breaks, optionally started from a template and edited) or an internal note, each optionally with
 * a workflow action and its fields taken in the same transaction ("reply and set waiting",
 * "reply and resolve"). Pure: refusals name the field.
 */
export interface ReplyInput {
  text: string;
  templateKey: string | null;
  action: string | null;
  version: number | null;
  note: string | null;
  /** The action's fields (`data`, as for a workflow action); a JSON text in a multipart form. */
  data: Record<string, unknown>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: { path: string[]; message: string }[] };

export const MAX_TEXT = 20_000;

const text = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value);
/** Multipart fields arrive as text: "3" is a version. */
const integer = (value: unknown) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export const parseReplyInput = (body: Record<string, unknown> | null | undefined, options: { attachments: number }): Parsed<ReplyInput> => {
  const input = body ?? {};
  const problems: { path: string[]; message: string }[] = [];
  const message = text(input.text ?? '');
  if (typeof message !== 'string') problems.push({ path: ['text'], message: 'must be text' });
  else if (message.length > MAX_TEXT) problems.push({ path: ['text'], message: `must be at most ${MAX_TEXT} characters` });
  else if (message.includes('\u0000')) problems.push({ path: ['text'], message: 'must not contain NUL characters' });
  else if (!message.trim() && !options.attachments) problems.push({ path: ['text'], message: 'is required (or at least one attachment)' });
  const templateKey = input.templateKey ?? null;
  if (templateKey !== null && templateKey !== '' && (typeof templateKey !== 'string' || !/^[a-z0-9][a-z0-9.-]{0,80}$/.test(templateKey)))
    problems.push({ path: ['templateKey'], message: 'must be a template id' });
  const action = input.action ?? null;
  if (action !== null && action !== '' && (typeof action !== 'string' || !/^[a-z0-9][a-z0-9-]{0,60}$/.test(action))) problems.push({ path: ['action'], message: 'must be a workflow action id' });
  const version = integer(input.version ?? null);
  if (action && (typeof version !== 'number' || !Number.isInteger(version) || version < 0)) problems.push({ path: ['version'], message: 'is required with an action: the version you last read' });
  const note = input.note ?? null;
  if (note !== null && (typeof note !== 'string' || note.length > 2000)) problems.push({ path: ['note'], message: 'must be text of at most 2000 characters' });
  let data: unknown = input.data ?? {};
  if (typeof data === 'string') {
    try {
      data = data.trim() ? JSON.parse(data) : {};
    } catch {
      data = null;
    }
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) problems.push({ path: ['data'], message: "must be an object of the action's fields" });
  else if (Object.keys(data).length && !action) problems.push({ path: ['data'], message: 'is only taken with an action' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      text: (message as string).trimEnd(),
      templateKey: (templateKey as string | null) || null,
      action: (action as string | null) || null,
      version: typeof version === 'number' ? version : null,
      note: (note as string | null) || null,
      data: data as Record<string, unknown>,
    },
  };
};

/** The subject of a reply by email: the reference in brackets, so that the customer's answer can be threaded by it. */
export const replySubject = (reference: string | null, locale: string) => {
  const tag = reference ? `[${reference}] ` : '';
  return locale === 'en' ? `${tag}Reply from after-sales service` : `${tag}售后服务回复`;
};
