/** The WeCom (企业微信) group robot: https://developer.work.weixin.qq.com/document/path/91770 */

/** A text message may hold at most 2048 bytes of UTF-8. */
export const MAX_CONTENT_BYTES = 2048;

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character, marking the cut with "…". */
export const truncateUtf8 = (text: string, maxBytes: number): string => {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength('…', 'utf8');
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (used + size > budget) break;
    out += char;
    used += size;
  }
  return `${out}…`;
};

export interface RobotTextMessage {
  msgtype: 'text';
  text: { content: string; mentioned_list?: string[] };
}

/** The robot's JSON body for one outbox message: subject, then text, then the reference. */
export const robotMessage = (message: { subject: string | null; text: string | null; reference: string | null }, options: { mentionAll: boolean }): RobotTextMessage => {
  const parts = [message.subject, message.text, message.reference ? `[${message.reference}]` : null].filter((p): p is string => !!p && !!p.trim());
  const content = truncateUtf8(parts.join('\n\n'), MAX_CONTENT_BYTES);
  return { msgtype: 'text', text: { content, ...(options.mentionAll ? { mentioned_list: ['@all'] } : {}) } };
};

/** The robot answers 200 with `{ errcode, errmsg }`; anything but errcode 0 is a failure to retry. */
export const checkRobotAnswer = (status: number, body: unknown): string | null => {
  if (status < 200 || status >= 300) return `the WeCom robot answered HTTP ${status}`;
  const answer = (body ?? {}) as { errcode?: unknown; errmsg?: unknown };
  if (answer.errcode !== 0) return `the WeCom robot refused the message: errcode ${String(answer.errcode)} ${String(answer.errmsg ?? '')}`.trim();
  return null;
};

/** The recipient of a "wecom" message is the robot's webhook URL. */
export const isRobotUrl = (recipient: string): boolean => {
  try {
    const url = new URL(recipient);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};
