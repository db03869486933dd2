import type { Core } from '@strapi/strapi';
import { DEMO_DEPARTMENTS } from '../../src/seed/departments';

export const ensureDepartments = async (strapi: Core.Strapi) => {
  const result: Record<string, { id: number; documentId: string }> = {};
  for (const department of DEMO_DEPARTMENTS) {
    const existing = await strapi.db.query('api::department.department').findOne({ where: { code: department.code } });
    result[department.code] = existing ?? (await strapi.documents('api::department.department').create({ data: { ...department } as any }));
  }
  return result;
};

export const createCustomer = (strapi: Core.Strapi, data: Record<string, unknown> = {}) =>
  strapi.documents('api::customer.customer').create({
    data: { name: '王伟', phone: '+86 138 0013 8000', email: 'wang.wei@example.cn', wechat: 'wx_wang', address: '上海市', ...data } as any,
  });

export const createProduct = (strapi: Core.Strapi, data: Record<string, unknown> = {}) =>
  strapi.documents('api::product.product').create({
    data: { modelCode: `M-${Math.random().toString(36).slice(2, 8)}`, name: 'Test product', warrantyMonths: 12, ...data } as any,
  });

export const createFeedback = (strapi: Core.Strapi, data: Record<string, unknown> = {}) =>
  strapi.documents('api::feedback.feedback').create({
    data: { channel: 'hotline', symptom: 'It does not start', ...data } as any,
  });
