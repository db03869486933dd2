import type { Core } from '@strapi/strapi';
import { CONTENT_TYPES } from '../constants';
import { getService } from '../utils/get-service';
import { errors, invalidInput, type FieldError } from '../utils/http-errors';
import { staffName } from '../domain/staff/display-name';

/** An admin user with their roles, as the query layer returns them. */
interface AdminUserRow {
  id: number;
  firstname: string | null;
  lastname: string | null;
  email: string;
  roles?: { code: string; name: string }[] | null;
}

/** A department with its head and members populated. */
interface DepartmentRow {
  code: string;
  name: string;
  head?: AdminUserRow | null;
  members?: AdminUserRow[] | null;
}

const personOf = (user: AdminUserRow) => ({
  id: user.id,
  name: staffName(user, '') as string,
  email: user.email,
  roles: (user.roles ?? []).map((role) => ({ code: role.code, name: role.name })),
});

/**
 * Settings → After-sales → Departments and channels: which admin users (with which roles) work in
 * each department and who heads it — the Content Manager's "in my department" condition and the
 * escalation to the head read this — and whether each message channel can send.
 */
const organisation = ({ strapi }: { strapi: Core.Strapi }) => ({
  async overview() {
    const userFields = ['id', 'firstname', 'lastname', 'email'];
    const [departments, users]: [DepartmentRow[], AdminUserRow[]] = await Promise.all([
      strapi.db.query(CONTENT_TYPES.department).findMany({
        orderBy: { code: 'asc' },
        populate: { head: { select: userFields, populate: { roles: { select: ['code', 'name'] } } }, members: { select: userFields, populate: { roles: { select: ['code', 'name'] } } } },
      }),
      strapi.db.query('admin::user').findMany({ where: { isActive: true }, select: userFields, populate: { roles: { select: ['code', 'name'] } }, orderBy: { email: 'asc' } }),
    ]);
    const outbox = getService(strapi, 'outbox');
    const channels = getService(strapi, 'extension-host')
      .contributions('channels')
      .map((c) => c.value as { id: string; title?: unknown })
      .map((channel) => ({ id: channel.id, title: channel.title ?? channel.id, status: outbox.channelStatus(channel.id) }));
    return {
      departments: departments.map((d) => ({ code: d.code, name: d.name, head: d.head ? personOf(d.head) : null, members: (d.members ?? []).map(personOf) })),
      users: users.map(personOf),
      channels,
    };
  },

  /** Department names by code. */
  async departmentNames(): Promise<Record<string, string>> {
    const rows: { code: string; name: string }[] = await strapi.db.query(CONTENT_TYPES.department).findMany({ select: ['code', 'name'] });
    return Object.fromEntries(rows.map((d) => [d.code, d.name]));
  },

  /** Sets a department's head and members; unknown users are a 400 naming the field. */
  async saveDepartment(code: string, input: unknown) {
    const department = await strapi.db.query(CONTENT_TYPES.department).findOne({ where: { code }, select: ['id', 'documentId'] });
    if (!department) throw new errors.NotFoundError(`No department "${code}"`);
    const data = (input ?? {}) as { head?: unknown; members?: unknown };
    const problems: FieldError[] = [];
    const isId = (value: unknown) => Number.isInteger(value) && (value as number) > 0;
    if (data.head !== null && !isId(data.head)) problems.push({ path: ['data', 'head'], message: 'must be an admin user id or null' });
    if (!Array.isArray(data.members) || data.members.length > 500) problems.push({ path: ['data', 'members'], message: 'must be a list of admin user ids' });
    else data.members.forEach((id, index) => !isId(id) && problems.push({ path: ['data', 'members', String(index)], message: 'must be an admin user id' }));
    if (problems.length) throw invalidInput(problems);
    const wanted = [...new Set([...(data.members as number[]), ...(data.head ? [data.head as number] : [])])];
    const found = new Set((await strapi.db.query('admin::user').findMany({ where: { id: { $in: wanted } }, select: ['id'] })).map((u: { id: number }) => u.id));
    (data.members as number[]).forEach((id, index) => !found.has(id) && problems.push({ path: ['data', 'members', String(index)], message: `no admin user ${id}` }));
    if (data.head && !found.has(data.head as number)) problems.push({ path: ['data', 'head'], message: `no admin user ${data.head}` });
    if (problems.length) throw invalidInput(problems);
    await strapi.db.query(CONTENT_TYPES.department).update({ where: { id: department.id }, data: { head: (data.head as number | null) ?? null, members: data.members } });
    return (await this.overview()).departments.find((d) => d.code === code);
  },
});

export default organisation;
