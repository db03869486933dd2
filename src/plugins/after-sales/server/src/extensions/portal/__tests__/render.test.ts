import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { defineView, renderHtml, renderPage } from '../render';

const branding = { companyName: 'ACME <Service>', logoUrl: 'https://cdn.example.com/logo.png', primaryColor: '#123456', footerText: 'Footer "text"', privacyNotice: '' };
const view = defineView('probe', '<h1>{{title}}</h1><p>{{text}}</p><p>{{t "home.intro"}}</p><p>{{date at}}</p>');

describe('portal render', () => {
  it('escapes every value, hashes the stylesheet and forbids scripts, framing and other origins', () => {
    const { html, csp } = renderHtml({ view, locale: 'en', title: 'T<1>', data: { text: '<script>alert(1)</script>', at: '2026-03-02T02:00:00Z' }, branding, path: '/after-sales/portal?x=1' });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('ACME &lt;Service&gt;');
    expect(html).toContain('Follow your case');
    expect(html).toContain('2 March 2026 at 10:00');
    expect(html).toContain('href="/after-sales/portal?x&#x3D;1&amp;lang&#x3D;zh-Hans"');
    const style = html.match(/<style>([\s\S]*?)<\/style>/)![1];
    expect(style).toContain('--brand:#123456');
    const hash = crypto.createHash('sha256').update(style).digest('base64');
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("img-src 'self' data: https://cdn.example.com");
  });

  it('allows hashed scripts and the given framing origins only', () => {
    const script = 'document.body.dataset.ok = "1";';
    const { html, csp } = renderHtml({ view, locale: 'zh-Hans', title: 't', data: {}, branding, path: '/p', scripts: [script], frameAncestors: ['http://127.0.0.1:8080'] });
    expect(html).toContain(`<script>${script}</script>`);
    expect(csp).toContain(`script-src 'sha256-${crypto.createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).toContain('frame-ancestors http://127.0.0.1:8080');
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('never writes a colour that is not #rrggbb into the stylesheet', () => {
    const { html } = renderHtml({ view, locale: 'en', title: 't', branding: { ...branding, primaryColor: 'red}body{display:none' }, path: '/p' });
    expect(html).not.toContain('display:none');
  });

  it('sends a page gzip-compressed to a browser that takes it, as it is to one that does not', () => {
    const response = (encodings: string[]) => {
      const headers: Record<string, string> = {};
      const ctx = {
        status: 0,
        type: '',
        body: undefined as unknown,
        set: (field: string, value: string) => void (headers[field] = value),
        remove: (field: string) => void delete headers[field],
        acceptsEncodings: (...offered: string[]) => offered.find((e) => encodings.includes(e)) ?? false,
      };
      renderPage(ctx, { view, locale: 'en', title: 't', data: { text: 'x'.repeat(2000) }, branding, path: '/p' });
      return { ctx, headers };
    };
    const gzip = response(['gzip', 'identity']);
    expect(gzip.headers['Content-Encoding']).toBe('gzip');
    expect(gzip.headers.Vary).toBe('Accept-Encoding');
    const html = zlib.gunzipSync(gzip.ctx.body as Buffer).toString('utf8');
    expect(html).toContain('x'.repeat(2000));
    expect((gzip.ctx.body as Buffer).length).toBeLessThan(html.length / 2);
    const plain = response(['identity']);
    expect(plain.headers['Content-Encoding']).toBeUndefined();
    expect(plain.ctx.body).toBe(html);
    expect(gzip.ctx.type).toBe('text/html; charset=utf-8');
  });
});
