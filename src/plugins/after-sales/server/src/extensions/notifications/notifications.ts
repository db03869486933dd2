import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { deliveryOf, emailTiming, languageOf, preferencesOf, type NotificationKind, type NotificationPreferences } from '../../domain/notifications/kinds';
import { digestEmail, notificationEmail, type NotificationParams } from '../../domain/notifications/texts';
import { TABLES, type AfterSalesApiV1 } from '../../extension-api';

/** A notification as the admin lists it (only the caller's own). */
export interface StaffNotification {
  id: number;
  kind: NotificationKind;
  contentType: string;
  documentId: string;
  reference: string | null;
  params: NotificationParams;
  createdAt: string;
  readAt: string | null;
}

/** What happened, to whom: `key` names the event (e.g. `assigned:<documentId>:v3`), so hearing it twice notifies once. */
export interface NotifyInput {
  kind: NotificationKind;
  key: string;
  recipients: (number | null | undefined)[];
  /** The colleague who caused it is not told about it. */
  actorId?: number | string | null;
  contentType: string;
  documentId: string;
  reference: string | null;
  params: NotificationParams;
}

/** What happened, without who is told: the event `notifyRecipients` sends to recipients read before. */
export type NotifyEvent = Omit<NotifyInput, 'recipients' | 'actorId'>;

/** The people a notification goes to, as read before it is written (see `recipientsOf`). */
export interface NotifyRecipients {
  members: Member[];
  perHour: number;
}

interface Member {
  id: number;
  email: string | null;
  preferedLanguage: string | null;
  isActive: boolean;
  blocked: boolean;
}

const HOUR_MS = 3_600_000;

/** A notification as its table holds it (ids may come back as strings). */
interface NotificationRow {
  id: number | string;
  recipient_id: number | string;
  kind: NotificationKind;
  content_type: string;
  document_id: string;
  reference: string | null;
  params: string | null;
  created_at: string;
  read_at: string | null;
}

const rowOf = (row: NotificationRow): StaffNotification => ({
  id: Number(row.id),
  kind: row.kind,
  contentType: row.content_type,
  documentId: row.document_id,
  reference: row.reference ?? null,
  params: row.params ? JSON.parse(row.params) : {},
  createdAt: row.created_at,
  readAt: row.read_at ?? null,
});

/**
 * Staff notifications: one row per member and event (the dedupe key is unique), shown in the admin
 * and/or emailed through the outbox as the member chose per kind, in their admin language. Email
 * beyond `emailsPerHour` in the last hour waits for the member's next digest.
 */
/** The advisory-lock namespace of a member's notifications (PostgreSQL). */
const NOTIFY_LOCK = 0x4e4f54;

export const createNotifications = (strapi: Core.Strapi, api: AfterSalesApiV1) => {
  const knex = () => strapi.db.connection;
  const isPostgres = () => strapi.db.dialect.client === 'postgres';
  const now = () => api.clock.now();

  const adminBase = () => {
    const admin = String(strapi.config.get('admin.url', '/admin') || '/admin');
    if (/^https?:\/\//.test(admin)) return admin.replace(/\/$/, '');
    const server = String(strapi.config.get('server.url', '') || `http://localhost:${strapi.config.get('server.port', 1337)}`).replace(/\/$/, '');
    return `${server}${admin.startsWith('/') ? admin : `/${admin}`}`.replace(/\/$/, '');
  };
  /** The case screen of an item (the admin's `utils/caseLink.ts` builds the same path). */
  const caseLink = (contentType: string, documentId: string) => `${adminBase()}/plugins/after-sales/cases/${encodeURIComponent(contentType)}/${encodeURIComponent(documentId)}`;

  const members = async (ids: number[]): Promise<Member[]> =>
    ids.length ? ((await strapi.db.query('admin::user').findMany({ where: { id: { $in: ids } }, select: ['id', 'email', 'preferedLanguage', 'isActive', 'blocked'] })) as Member[]) : [];

  /** A member's choices from their stored row (the defaults when they saved none). */
  const storedPreferences = (stored: string | undefined): NotificationPreferences => preferencesOf(stored ? JSON.parse(stored) : null);

  const preferencesFor = async (userId: number, trx: Knex = knex()): Promise<NotificationPreferences> => {
    const row = await trx(TABLES.notificationPreferences).where({ user_id: userId }).first('preferences');
    return storedPreferences(row?.preferences);
  };

  const emailsPerHour = async () => Number((await api.configuration.get<number>('emailsPerHour')) ?? 5);

  /**
   * The active members among the recipients (the actor left out) and the hourly email limit: what
   * `notify` reads before it writes (the intake reads it before the item takes its number).
   */
  const recipientsOf = async (input: Pick<NotifyInput, 'recipients' | 'actorId'>): Promise<NotifyRecipients> => {
    const ids = [...new Set(input.recipients.filter((id): id is number => typeof id === 'number' && Number.isFinite(id)))].filter((id) => String(id) !== String(input.actorId ?? ''));
    if (!ids.length) return { members: [], perHour: 0 };
    const found = (await members(ids)).filter((member) => member.isActive && !member.blocked);
    return { members: found, perHour: found.length ? await emailsPerHour() : 0 };
  };

  /**
   * Notifies each of the recipients `recipientsOf` read once; returns how many rows were written. In the
   * caller's transaction when there is one. A fixed number of statements however many are told (a
   * department's head and members): their preferences, their emails of the last hour, the rows and the
   * emails each in one.
   */
  const notifyRecipients = async (input: NotifyEvent, recipients: NotifyRecipients): Promise<number> => {
    const { members: told, perHour } = recipients;
    if (!told.length) return 0;
    return strapi.db.transaction(async ({ trx }) => {
      const ids = told.map((member) => member.id).sort((a, b) => a - b);
      // Each member's notifications one event at a time (PostgreSQL runs concurrent events side by side): the
      // hourly email count below must see the ones just sent. Taken in id order: two events telling the same
      // people never wait for each other in a circle. SQLite has a single writer already.
      if (isPostgres()) await trx.raw('select pg_advisory_xact_lock(?, id) from (select unnest(?::int[]) as id order by 1) as members', [NOTIFY_LOCK, `{${ids.join(',')}}`]);
      const stored = (await trx(TABLES.notificationPreferences).whereIn('user_id', ids).select('user_id', 'preferences')) as { user_id: number; preferences: string }[];
      const preferences = new Map(stored.map((row) => [Number(row.user_id), row.preferences]));
      const delivered = told.map((member) => ({ member, delivery: deliveryOf(storedPreferences(preferences.get(member.id)), input.kind) })).filter(({ delivery }) => delivery.admin || delivery.email);
      if (!delivered.length) return 0;
      const at = now();
      const emailed = delivered.filter(({ member, delivery }) => delivery.email && !!member.email).map(({ member }) => member.id);
      const sent = new Map<number, number>();
      if (emailed.length) {
        const counts = (await trx(TABLES.notifications)
          .whereIn('recipient_id', emailed)
          .where({ email_state: 'sent' })
          .andWhere('created_at', '>', new Date(at.getTime() - HOUR_MS).toISOString())
          .groupBy('recipient_id')
          .select('recipient_id')
          .count({ count: '*' })) as { recipient_id: number; count: number | string }[];
        for (const row of counts) sent.set(Number(row.recipient_id), Number(row.count));
      }
      const rows = delivered.map(({ member, delivery }) => {
        const timing = emailed.includes(member.id) ? emailTiming(sent.get(member.id) ?? 0, perHour) : null;
        return {
          member,
          timing,
          row: {
            recipient_id: member.id,
            kind: input.kind,
            content_type: input.contentType,
            document_id: input.documentId,
            reference: input.reference,
            params: JSON.stringify(input.params),
            in_admin: delivery.admin,
            email_state: timing === 'now' ? 'sent' : timing,
            locale: languageOf(member.preferedLanguage),
            dedupe_key: `${input.key}:user-${member.id}`.slice(0, 200),
            created_at: at.toISOString(),
            read_at: null,
          },
        };
      });
      const inserted = (await trx(TABLES.notifications)
        .insert(rows.map((r) => r.row))
        .onConflict('dedupe_key')
        .ignore()
        .returning(['id', 'dedupe_key'])) as { id: number; dedupe_key: string }[];
      // A member told before under this key (the same event again) is neither written nor emailed again.
      const fresh = new Set(inserted.map((row) => String(row.dedupe_key)));
      const emails = rows
        .filter(({ row, timing }) => timing === 'now' && fresh.has(row.dedupe_key))
        .map(({ member, row }) => {
          const { subject, bodyText } = notificationEmail(input.kind, input.params, row.locale, caseLink(input.contentType, input.documentId));
          return {
            dedupeKey: `notification:${row.dedupe_key}`,
            contentType: input.contentType,
            documentId: input.documentId,
            reference: input.reference,
            templateKey: 'staff.notification',
            channel: 'email',
            locale: row.locale,
            recipient: member.email,
            subject,
            bodyText,
            bodyHtml: null,
            trigger: `notification.${input.kind}`,
          };
        });
      await api.outbox.enqueueMany(emails);
      return fresh.size;
    });
  };

  /** Notifies each recipient once (read now); returns how many rows were written. */
  const notify = async (input: NotifyInput): Promise<number> => notifyRecipients(input, await recipientsOf(input));

  return {
    notify,
    notifyRecipients,
    recipientsOf,
    caseLink,
    preferencesFor: (userId: number) => preferencesFor(userId),

    async savePreferences(userId: number, changes: Partial<NotificationPreferences>) {
      return strapi.db.transaction(async ({ trx }) => {
        const merged = { ...(await preferencesFor(userId, trx)), ...changes };
        const row = { user_id: userId, preferences: JSON.stringify(merged), updated_at: now().toISOString() };
        await trx(TABLES.notificationPreferences).insert(row).onConflict('user_id').merge(['preferences', 'updated_at']);
        return merged;
      });
    },

    async list(userId: number, options: { unreadOnly?: boolean; page?: number; pageSize?: number } = {}) {
      const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 20));
      const page = Math.max(1, options.page ?? 1);
      const mine = () => {
        const q = knex()(TABLES.notifications).where({ recipient_id: userId, in_admin: true });
        if (options.unreadOnly) q.whereNull('read_at');
        return q;
      };
      const rows: NotificationRow[] = await mine()
        .orderBy('id', 'desc')
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const [{ count }] = await mine().count({ count: '*' });
      return { data: rows.map(rowOf), total: Number(count), page, pageSize, unread: await this.unreadCount(userId) };
    },

    async unreadCount(userId: number): Promise<number> {
      const [{ count }] = await knex()(TABLES.notifications).where({ recipient_id: userId, in_admin: true }).whereNull('read_at').count({ count: '*' });
      return Number(count);
    },

    /** Marks one of the member's notifications read; false when it is not theirs (or does not exist). */
    async markRead(userId: number, id: number): Promise<StaffNotification | null> {
      const row: NotificationRow | undefined = await knex()(TABLES.notifications).where({ id, recipient_id: userId, in_admin: true }).first();
      if (!row) return null;
      if (!row.read_at) {
        await knex()(TABLES.notifications).where({ id }).whereNull('read_at').update({ read_at: now().toISOString() });
        return rowOf({ ...row, read_at: now().toISOString() });
      }
      return rowOf(row);
    },

    async markAllRead(userId: number): Promise<number> {
      return knex()(TABLES.notifications).where({ recipient_id: userId, in_admin: true }).whereNull('read_at').update({ read_at: now().toISOString() });
    },

    /**
     * One email per member with everything that waited for the digest, then marked `digested` in the
     * same transaction. The job's lease runs it on one instance; rows are also locked (PostgreSQL)
     * and the outbox's dedupe key is per member and last row, so a digest is queued once.
     */
    async sendDigests(): Promise<{ members: number; notifications: number }> {
      return strapi.db.transaction(async ({ trx }) => {
        const waiting = trx(TABLES.notifications).select('*').where({ email_state: 'digest' }).orderBy('id').limit(2000);
        if (isPostgres()) waiting.forUpdate().skipLocked();
        const rows: NotificationRow[] = await waiting;
        if (!rows.length) return { members: 0, notifications: 0 };
        const byMember = new Map<number, NotificationRow[]>();
        for (const row of rows) byMember.set(Number(row.recipient_id), [...(byMember.get(Number(row.recipient_id)) ?? []), row]);
        const people = new Map((await members([...byMember.keys()])).map((m) => [m.id, m]));
        for (const [memberId, list] of byMember) {
          const member = people.get(memberId);
          if (member?.email && member.isActive && !member.blocked) {
            const locale = languageOf(member.preferedLanguage);
            const { subject, bodyText } = digestEmail(
              list.map((row) => ({ kind: row.kind, params: row.params ? JSON.parse(row.params) : {}, link: caseLink(row.content_type, row.document_id) })),
              locale
            );
            await api.outbox.enqueue({
              dedupeKey: `notification-digest:user-${memberId}:${list[list.length - 1].id}`,
              templateKey: 'staff.notification-digest',
              channel: 'email',
              locale,
              recipient: member.email,
              subject,
              bodyText,
              bodyHtml: null,
              trigger: 'notification.digest',
            });
          }
          await trx(TABLES.notifications)
            .whereIn(
              'id',
              list.map((row) => row.id)
            )
            .update({ email_state: member?.email ? 'digested' : null });
        }
        return { members: byMember.size, notifications: rows.length };
      });
    },
  };
};

export type Notifications = ReturnType<typeof createNotifications>;

/** The service of the active extension on this Strapi (set by `activate`, cleared when it is disabled). */
const active = new WeakMap<Core.Strapi, Notifications>();
export const setActiveNotifications = (strapi: Core.Strapi, service: Notifications | null) => (service ? active.set(strapi, service) : active.delete(strapi));
export const activeNotifications = (strapi: Core.Strapi): Notifications | undefined => active.get(strapi);
