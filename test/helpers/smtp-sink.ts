import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** When its data ended (ms since the epoch). */
  at: number;
  subject: string;
  text: string;
}

const decodeQuotedPrintable = (text: string) =>
  Buffer.from(
    text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
    'latin1'
  ).toString('utf8');

/** Pulls the plain-text part and the decoded subject out of a raw MIME message (enough for tests). */
const parse = (raw: string) => {
  const subjectLine = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  const subject = subjectLine
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc, data) => (enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' '))));
  const part = /Content-Type: text\/plain[^\r\n]*\r?\n(?:Content-Transfer-Encoding: ([^\r\n]+)\r?\n)?\r?\n([\s\S]*?)\r?\n--/i.exec(raw);
  let text = part?.[2] ?? '';
  const encoding = part?.[1]?.trim().toLowerCase();
  if (encoding === 'base64') text = Buffer.from(text.replace(/\s/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') text = decodeQuotedPrintable(text);
  return { subject: subject.replace(/\s+/g, ' ').trim(), text };
};

/** A real SMTP server on loopback that keeps what it receives; it can be told to refuse mail. */
export const startSmtpSink = async () => {
  const received: ReceivedMail[] = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusing) return callback(new Error('mailbox unavailable (test refusal)'));
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: String(session.envelope.mailFrom && (session.envelope.mailFrom as { address: string }).address),
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          at: Date.now(),
          ...parse(raw),
        });
        callback();
      });
    },
  });
  // A client that goes away mid-session (a killed server under test) must not crash the test.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    refuse(value: boolean) {
      refusing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
