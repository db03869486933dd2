import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for an SMS provider's API endpoint (no network in tests): records each request,
 * checks its signature the way the provider does (Aliyun ACS3-HMAC-SHA256, Tencent Cloud
 * TC3-HMAC-SHA256) with the secret the test gave the app, and answers what the test scripted.
 */
export interface StandInRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  query: Record<string, string>;
  json: any;
  signatureValid: boolean;
  signatureProblem: string | null;
}

const sha256 = (text: string | Buffer) => crypto.createHash('sha256').update(text).digest('hex');
const hmac = (key: crypto.BinaryLike, text: string) => crypto.createHmac('sha256', key).update(text).digest();
const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Aliyun's ACS3-HMAC-SHA256 (V3 signature), computed again from the request. */
export const checkAliyunSignature = (req: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }, keyId: string, secret: string): string | null => {
  const auth = String(req.headers.authorization ?? '');
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return `authorization header not in ACS3 form: ${auth}`;
  if (m[1] !== keyId) return `credential ${m[1]}`;
  const [path, rawQuery = ''] = req.url.split('?');
  const pairs = rawQuery
    .split('&')
    .filter(Boolean)
    .map((p) => p.split('=').map((x) => decodeURIComponent(x.replace(/\+/g, '%20'))) as [string, string])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v ?? '')}`).join('&');
  const signed = m[2].split(';');
  const headers = signed.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  const payloadHash = String(req.headers['x-acs-content-sha256'] ?? '');
  if (payloadHash !== sha256(req.body)) return 'x-acs-content-sha256 is not the hash of the body';
  const canonical = [req.method, path, query, headers, m[2], payloadHash].join('\n');
  const expected = hmac(secret, `ACS3-HMAC-SHA256\n${sha256(canonical)}`).toString('hex');
  return expected === m[3] ? null : 'signature does not match';
};

/** Tencent Cloud's TC3-HMAC-SHA256, computed again from the request. */
export const checkTencentSignature = (req: { headers: http.IncomingHttpHeaders; body: string; method: string }, secretId: string, secretKey: string): string | null => {
  const auth = String(req.headers.authorization ?? '');
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return `authorization header not in TC3 form: ${auth}`;
  const [, id, date, service, signedHeaders, signature] = m;
  if (id !== secretId) return `credential ${id}`;
  const timestamp = String(req.headers['x-tc-timestamp'] ?? '');
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) return 'X-TC-Timestamp is not on the credential date';
  const headers = signedHeaders
    .split(';')
    // The SDK signs the host name without the port.
    .map((h) => `${h}:${(h === 'host' ? String(req.headers.host ?? '').replace(/:\d+$/, '') : String(req.headers[h] ?? '')).trim()}\n`)
    .join('');
  const canonical = [req.method, '/', '', headers, signedHeaders, sha256(req.body)].join('\n');
  const toSign = ['TC3-HMAC-SHA256', timestamp, `${date}/${service}/tc3_request`, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
  return hmac(key, toSign).toString('hex') === signature ? null : 'signature does not match';
};

export const startSmsStandIn = async (
  check: (req: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }) => string | null,
  answer: (req: StandInRequest) => { status?: number; body: unknown }
) => {
  const requests: StandInRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '/';
      const query = Object.fromEntries(new URL(url, 'http://stand-in').searchParams.entries());
      const json: any = (() => {
        try {
          return body ? JSON.parse(body) : null;
        } catch {
          return null;
        }
      })();
      const problem = check({ method: req.method ?? '', url, headers: req.headers, body });
      const recorded: StandInRequest = { method: req.method ?? '', url, headers: req.headers, body, query, json, signatureValid: problem === null, signatureProblem: problem };
      requests.push(recorded);
      const { status = 200, body: out } = answer(recorded);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(out));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
