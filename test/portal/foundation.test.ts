import { PassThrough } from 'node:stream';
import request from 'supertest';
import winston from 'winston';
import type { Core } from '@strapi/strapi';
import { bootStrapi, stopStrapi } from '../helpers/strapi';

let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);

beforeAll(async () => {
  strapi = await bootStrapi({ env: { AFTER_SALES_RATE_LIMIT_TRACK_PER_IP: '8', AFTER_SALES_COMPANY_NAME: 'ACME 售后' } });
});
afterAll(async () => {
  await stopStrapi(strapi);
});

describe('customer portal: the frame every page shares', () => {
  it('serves the start page without login, in Chinese by default, with a strict CSP, under 50 KB', async () => {
    const res = await http().get('/after-sales/portal');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('客户服务');
    expect(res.text).toContain('ACME 售后');
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(Buffer.byteLength(res.text)).toBeLessThan(50 * 1024);
  });

  it('speaks English when the link or the browser asks for it', async () => {
    const byLink = await http().get('/after-sales/portal?lang=en').set('Accept-Language', 'zh-CN');
    expect(byLink.text).toContain('<html lang="en">');
    expect(byLink.text).toContain('Customer service');
    const byBrowser = await http().get('/after-sales/portal').set('Accept-Language', 'en-US,en;q=0.9');
    expect(byBrowser.text).toContain('Customer service');
  });

  it('leads from the start page to the feedback form and the help center, keeping the chosen language', async () => {
    const res = await http().get('/after-sales/portal?lang=en');
    expect(res.text).toContain('href="/after-sales/portal/feedback?lang&#x3D;en"');
    expect(res.text).toContain('href="/after-sales/portal/help?lang&#x3D;en"');
    expect(res.text).toContain('Tell us about a problem');
  });

  it('shows the branding the admin saved', async () => {
    const host = strapi.plugin('after-sales').service('extension-host');
    const saved = await host.saveSettings('after-sales.portal', {
      companyName: 'Lumen <Care>',
      primaryColor: '#0a7d4f',
      footerText: { 'zh-Hans': '服务热线 400-000-0000', en: 'Hotline 400-000-0000' },
      privacyNotice: { 'zh-Hans': '我们只用您的信息处理您的请求。', en: 'We use your data only for your request.' },
    });
    expect(saved.ok).toBe(true);
    const res = await http().get('/after-sales/portal?lang=en');
    expect(res.text).toContain('Lumen &lt;Care&gt;');
    expect(res.text).toContain('--brand:#0a7d4f');
    expect(res.text).toContain('Hotline 400-000-0000');
    expect(res.text).toContain('We use your data only for your request.');
    const refused = await host.saveSettings('after-sales.portal', { primaryColor: 'red;}' });
    expect(refused.ok).toBe(false);
  });

  it('limits requests per client address like the public API, with a page and Retry-After', async () => {
    let last = await http().get('/after-sales/portal?lang=en');
    for (let i = 0; i < 10 && last.status !== 429; i++) last = await http().get('/after-sales/portal?lang=en');
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.text).toContain('Too many requests');
  });

  it('writes no link key into the log', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk) => lines.push(String(chunk)));
    const transport = new winston.transports.Stream({ stream });
    (strapi.log as unknown as winston.Logger).add(transport);
    try {
      strapi.log.error('GET /after-sales/portal/track/FB-20260302-0001/SeCrEtKeY123?lang=en (2 ms) 404');
      strapi.log.error('POST /after-sales/portal/survey/SeCrEtKeY456 (2 ms) 303');
    } finally {
      (strapi.log as unknown as winston.Logger).remove(transport);
    }
    const text = lines.join('');
    expect(text).toContain('/after-sales/portal/track/FB-20260302-0001/[key]');
    expect(text).not.toContain('SeCrEtKeY');
  });
});
