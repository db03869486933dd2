import type { Core } from '@strapi/strapi';
import { createRandom } from './random';
import { DEMO_DEPARTMENTS, DEMO_OFFICES } from './departments';
import { DEMO_PRODUCTS, demoCustomers } from './customers-products';
import { DEMO_ARTICLES } from './knowledge-articles';
import { DEMO_ROLES, ensureAdminRole } from './admin-roles';
import { seedComplaints, seedFeedback, seedServiceRecords, type DemoRefs } from './items';

export const DEMO_ADMIN_EMAIL = 'admin@demo.local';
const ITEMS_MARKER = { type: 'plugin', name: 'after-sales', key: 'demo-items-seeded' } as const;

export const demoPassword = () => process.env.SEED_DEMO_PASSWORD || 'Demo1234!';

/**
 * SEED_DEMO=false never seeds; SEED_DEMO=true always does (idempotently); unset, the demo data is
 * loaded outside production when the database has no department yet (a first start).
 */
export const shouldSeedDemoData = async (strapi: Core.Strapi): Promise<boolean> => {
  const flag = process.env.SEED_DEMO;
  if (flag === 'false') return false;
  if (flag === 'true') return true;
  if (process.env.NODE_ENV === 'production') return false;
  return (await strapi.db.query('api::department.department').count()) === 0;
};

const findOrCreate = async (strapi: Core.Strapi, uid: any, where: Record<string, unknown>, data: Record<string, unknown>) => {
  const existing = await strapi.documents(uid).findFirst({ filters: where } as any);
  return existing ?? strapi.documents(uid).create({ data } as any);
};

const ensureAdminUser = async (strapi: Core.Strapi, user: { email: string; firstname: string; lastname: string }, roleId: number) => {
  const users = strapi.service('admin::user') as any;
  const existing = await strapi.db.query('admin::user').findOne({ where: { email: user.email } });
  if (existing) return existing.id as number;
  const created = await users.create({ ...user, password: demoPassword(), isActive: true, roles: [roleId] });
  return created.id as number;
};

const seedPeople = async (strapi: Core.Strapi) => {
  const superAdminRole = await (strapi.service('admin::role') as any).getSuperAdmin();
  const users: Record<string, number> = {};
  users[DEMO_ADMIN_EMAIL] = await ensureAdminUser(strapi, { email: DEMO_ADMIN_EMAIL, firstname: 'Demo', lastname: 'Admin' }, superAdminRole.id);

  const departments: DemoRefs['departments'] = {};
  for (const department of DEMO_DEPARTMENTS) {
    departments[department.code] = await findOrCreate(strapi, 'api::department.department', { code: department.code }, { ...department });
  }
  for (const role of DEMO_ROLES) {
    const roleId = await ensureAdminRole(strapi, role);
    users[role.user.email] = await ensureAdminUser(strapi, role.user, roleId);
  }
  for (const department of DEMO_DEPARTMENTS) {
    const staff = DEMO_ROLES.filter((r) => r.user.department === department.code);
    const head = staff.find((r) => r.user.isHead);
    await strapi.documents('api::department.department').update({
      documentId: departments[department.code].documentId,
      data: { head: head ? users[head.user.email] : null, members: staff.map((r) => users[r.user.email]) } as any,
    });
  }
  const offices: DemoRefs['offices'] = {};
  for (const office of DEMO_OFFICES) {
    const staff = DEMO_ROLES.filter((r) => r.user.office === office.code);
    const head = staff.find((r) => r.user.isHead);
    const existing = await strapi.documents('api::office.office').findFirst({ filters: { code: office.code } } as any);
    const data = { ...office, head: head ? users[head.user.email] : null, members: staff.map((r) => users[r.user.email]) };
    offices[office.code] = existing ?? (await strapi.documents('api::office.office').create({ data } as any));
  }
  return { users, departments, offices };
};

const seedArticles = async (strapi: Core.Strapi, products: DemoRefs['products']) => {
  const articles: { documentId: string }[] = [];
  const uid = 'api::knowledge-article.knowledge-article';
  for (const article of DEMO_ARTICLES) {
    const product = products.find((p) => p.modelCode === article.model);
    let doc = await strapi.documents(uid).findFirst({ locale: 'zh-Hans', filters: { slug: article.slug } } as any);
    if (!doc) {
      doc = await strapi.documents(uid).create({
        locale: 'zh-Hans',
        status: 'published',
        data: {
          ...article.zh,
          slug: article.slug,
          category: article.category,
          tags: article.tags,
          products: product ? [product.documentId] : [],
        },
      } as any);
    }
    const english = await strapi.documents(uid).findOne({ documentId: doc.documentId, locale: 'en' } as any);
    if (!english) {
      await strapi.documents(uid).update({
        documentId: doc.documentId,
        locale: 'en',
        status: 'published',
        data: { ...article.en, slug: `${article.slug}-en` },
      } as any);
    }
    articles.push(doc);
  }
  return articles;
};

export const seedDemoData = async (strapi: Core.Strapi) => {
  const started = Date.now();
  const { users, departments, offices } = await seedPeople(strapi);
  const products: DemoRefs['products'] = [];
  for (const product of DEMO_PRODUCTS) {
    products.push((await findOrCreate(strapi, 'api::product.product', { modelCode: product.modelCode }, { ...product })) as unknown as DemoRefs['products'][number]);
  }
  const customers: DemoRefs['customers'] = [];
  for (const customer of demoCustomers()) {
    const existing = await strapi.db.query('api::customer.customer').findOne({ where: { email: customer.email } });
    customers.push(existing ?? (await strapi.documents('api::customer.customer').create({ data: customer as any })));
  }
  const articles = await seedArticles(strapi, products);

  const store = strapi.store(ITEMS_MARKER);
  if (!(await store.get({}))) {
    await strapi.db.transaction(async () => {
      const random = createRandom(20261122);
      const now = new Date();
      const refs: DemoRefs = { customers, products, departments, offices, users, articles };
      await seedFeedback(strapi, random, refs, now);
      await seedComplaints(strapi, random, refs, now);
      await seedServiceRecords(strapi, random, refs, now);
      await store.set({ value: { seededAt: now.toISOString() } });
    });
  }
  strapi.log.info(`[after-sales] demo data ready in ${Date.now() - started} ms`);
};

export const printDemoLogin = async (strapi: Core.Strapi) => {
  if (process.env.NODE_ENV === 'production' && process.env.SEED_DEMO !== 'true') return;
  const admin = await strapi.db.query('admin::user').findOne({ where: { email: DEMO_ADMIN_EMAIL } });
  if (!admin) return;
  const url = `${strapi.config.get('server.url') || `http://localhost:${strapi.config.get('server.port')}`}/admin`;
  const lines = [
    '',
    '  After-sales CRM demo',
    `  Admin panel: ${url}`,
    `  Login:       ${DEMO_ADMIN_EMAIL} / ${demoPassword()}`,
    `  Staff:       ${DEMO_ROLES.map((r) => r.user.email).join(', ')} (same password)`,
    '',
  ];
  strapi.log.info(lines.join('\n'));
};
