import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { APP_DIR, bootStrapi, stopStrapi } from '../helpers/strapi';
import { createAdmin, type AdminSession } from '../helpers/auth';

/** Every manifest of a built-in extension and of the example third-party ones. */
const manifests = (): { file: string; afterSales: any }[] => {
  const dirs = [path.join(APP_DIR, 'src/plugins/after-sales/server/src/extensions'), path.join(APP_DIR, 'extensions')];
  return dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .map((name) => path.join(dir, name, 'package.json'))
      .filter((file) => fs.existsSync(file))
      .map((file) => ({ file, afterSales: JSON.parse(fs.readFileSync(file, 'utf8')).afterSales }))
  );
};

describe('extension settings: the settings form of each extension', () => {
  it('every setting of every shipped extension has a label and a description in Chinese and English (the form shows them)', () => {
    const missing: string[] = [];
    let count = 0;
    for (const { file, afterSales } of manifests()) {
      for (const [key, property] of Object.entries<any>(afterSales?.contributes?.configuration?.properties ?? {})) {
        count += 1;
        for (const part of ['label', 'description']) {
          if (!property[part]?.en || !property[part]?.['zh-Hans']) missing.push(`${path.relative(APP_DIR, file)}: ${key}.${part}`);
        }
        for (const value of property.enum ?? []) {
          if (!property.enumLabels?.[value]?.['zh-Hans']) missing.push(`${path.relative(APP_DIR, file)}: ${key}.enumLabels.${value}`);
        }
      }
    }
    expect(count).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  describe('through the admin API', () => {
    let strapi: Core.Strapi;
    let admin: AdminSession;
    let agent: AdminSession;
    const http = () => request(strapi.server.httpServer);
    const as = (session: AdminSession) => ({ Authorization: `Bearer ${session.token}` });
    const URL = '/after-sales/extensions/after-sales.portal/configuration';

    beforeAll(async () => {
      strapi = await bootStrapi();
      admin = await createAdmin(strapi, 'super-admin');
      agent = await createAdmin(strapi, 'after-sales-agent');
    });
    afterAll(async () => {
      await stopStrapi(strapi);
    });

    const auditRows = (action: string) => strapi.db.connection('after_sales_audit_events').where({ content_type: 'extension::after-sales.portal', action }).orderBy('id', 'desc');

    it('gives the form its schema (labels per language) and the current values', async () => {
      const res = await http().get(URL).set(as(admin));
      expect(res.status).toBe(200);
      expect(res.body.data.schema.properties.primaryColor.label).toEqual({ en: 'Primary colour', 'zh-Hans': '主色' });
      expect(res.body.data.values.primaryColor).toBe('#1d4ed8');
    });

    it('refuses a bad value naming the setting (and the language of a per-language text), with a code the admin translates; nothing of the request is saved', async () => {
      const res = await http()
        .put(URL)
        .set(as(admin))
        .send({ data: { companyName: 'Half written', primaryColor: 'red', footerText: { 'zh-Hans': '页'.repeat(501), en: '' } } });
      expect(res.status).toBe(400);
      const errors = res.body.error.details.errors;
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: ['data', 'primaryColor'], code: 'form' }),
          expect.objectContaining({ path: ['data', 'footerText', 'zh-Hans'], code: 'text-length', values: expect.objectContaining({ max: '500' }) }),
        ])
      );
      const now = await http().get(URL).set(as(admin));
      expect(now.body.data.values.companyName).toBe('');
    });

    it('saves good values, and the change is audited with who made it and which settings (not their values)', async () => {
      const res = await http()
        .put(URL)
        .set(as(admin))
        .send({ data: { companyName: '明亮家电', primaryColor: '#0a7d4f', footerText: { 'zh-Hans': '服务热线 400-000-0000', en: 'Hotline 400-000-0000' } } });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual(expect.objectContaining({ companyName: '明亮家电', primaryColor: '#0a7d4f' }));
      const [row] = await auditRows('extension-settings-changed');
      expect(row.actor_kind).toBe('admin');
      expect(String(row.actor_id)).toBe(String(admin.id));
      expect(JSON.parse(row.changed_fields)).toEqual(['companyName', 'primaryColor', 'footerText']);
      expect(JSON.stringify(row)).not.toContain('明亮家电');
      const page = await http().get('/after-sales/portal?lang=zh-Hans');
      expect(page.text).toContain('明亮家电');
      expect(page.text).toContain('--brand:#0a7d4f');
    });

    it('switching an extension off and on is audited too', async () => {
      const auth = as(admin);
      expect((await http().put('/after-sales/extensions/after-sales.portal').set(auth).send({ enabled: false })).status).toBe(200);
      expect((await http().put('/after-sales/extensions/after-sales.portal').set(auth).send({ enabled: true })).status).toBe(200);
      expect((await auditRows('extension-disabled')).length).toBeGreaterThan(0);
      expect((await auditRows('extension-enabled')).length).toBeGreaterThan(0);
    });

    it('an agent may neither read nor change extension settings', async () => {
      expect((await http().get(URL).set(as(agent))).status).toBe(403);
      expect(
        (
          await http()
            .put(URL)
            .set(as(agent))
            .send({ data: { companyName: 'Nope' } })
        ).status
      ).toBe(403);
    });
  });
});
