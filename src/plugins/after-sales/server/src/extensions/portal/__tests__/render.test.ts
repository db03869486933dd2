import crypto from 'node:crypto';
import { defineView, renderHtml } from '../render';

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
});
