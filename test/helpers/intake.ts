import request from 'supertest';
import type { Core } from '@strapi/strapi';

export type IntakeInDepartmentOptions = {
  /** The department's code (run `ensureDepartments` first). */
  department: string;
  kind?: 'feedback' | 'complaint';
  /** The admin user it is assigned to; without one the item stays unassigned, as the intake leaves it. */
  assignee?: number;
  /** The caller; 赵敏 on +86 139 1234 5678 unless told. */
  name?: string;
  phone?: string;
};

/**
 * An item received through the public intake (so it has its reference, clock rows and conversation, as a real
 * one), then placed in a department, and assigned if an assignee is given, as triage would. Answers the item's row.
 */
export const intakeInDepartment = async (strapi: Core.Strapi, symptom: string, options: IntakeInDepartmentOptions) => {
  const kind = options.kind ?? 'feedback';
  const res = await request(strapi.server.httpServer)
    .post('/api/after-sales/intake')
    .send({
      data: {
        kind,
        channel: 'hotline',
        severity: 'general',
        ...(kind === 'feedback' ? { type: 'quality' } : {}),
        customer: { name: options.name ?? '赵敏', phone: options.phone ?? '+86 139 1234 5678' },
        symptom,
      },
    });
  if (res.status !== 201) throw new Error(`intake → ${res.status} ${JSON.stringify(res.body)}`);
  const uid = kind === 'feedback' ? 'api::feedback.feedback' : 'api::complaint.complaint';
  const department = await strapi.db.query('api::department.department').findOne({ where: { code: options.department }, select: ['id'] });
  if (!department) throw new Error(`no department ${options.department} (ensureDepartments first)`);
  const item = await strapi.db.query(uid).findOne({ where: { reference: res.body.data.reference }, select: ['id'] });
  await strapi.db.query(uid).update({
    where: { id: item.id },
    data: { department: department.id, ...(options.assignee !== undefined ? { assignee: options.assignee } : {}) },
  });
  return strapi.db.query(uid).findOne({ where: { id: item.id } });
};
