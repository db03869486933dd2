import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

export const NOTIFICATION_KINDS = ['new-in-department', 'assigned', 'customer-replied', 'approval-waiting', 'department-informed', 'mentioned', 'about-to-breach'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const DELIVERY_CHOICES = ['admin', 'email', 'both', 'off'] as const;
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number];

/** One notification as `GET /after-sales/notifications` answers it. */
export interface StaffNotification {
  id: number;
  kind: NotificationKind;
  contentType: string;
  documentId: string;
  reference: string | null;
  params: { reference: string; summary?: string | null; actor?: string | null; clock?: string | null; dueAt?: string | null };
  createdAt: string;
  readAt: string | null;
}

/** Told when notifications were read here, so the menu badge and the widget count again at once. */
export const NOTIFICATIONS_CHANGED = 'after-sales:notifications-changed';
export const announceChange = () => window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
const POLL_MS = 30_000;

/** The caller's latest notifications and unread count, polled and refreshed on change. */
export const useNotifications = (options: { pageSize?: number; unreadOnly?: boolean } = {}) => {
  const { get, post } = useFetchClient();
  const [rows, setRows] = React.useState<StaffNotification[] | null>(null);
  const [unread, setUnread] = React.useState(0);
  const [failed, setFailed] = React.useState(false);
  const query = `pageSize=${options.pageSize ?? 20}${options.unreadOnly ? '&unread=true' : ''}`;

  const load = React.useCallback(async () => {
    try {
      const response = await get<{ data: StaffNotification[]; meta: { unread: number } }>(`/after-sales/notifications?${query}`);
      setRows(response.data.data);
      setUnread(response.data.meta.unread);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [get, query]);

  React.useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), POLL_MS);
    const onChange = () => void load();
    window.addEventListener(NOTIFICATIONS_CHANGED, onChange);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, onChange);
    };
  }, [load]);

  const markRead = React.useCallback(
    async (id: number) => {
      await post(`/after-sales/notifications/${id}/read`);
      announceChange();
    },
    [post]
  );
  const markAllRead = React.useCallback(async () => {
    await post('/after-sales/notifications/read-all');
    announceChange();
  }, [post]);

  return { rows, unread, failed, reload: load, markRead, markAllRead };
};

/** Only the unread count (the menu badge). */
export const useUnreadCount = () => {
  const { get } = useFetchClient();
  const [count, setCount] = React.useState(0);
  React.useEffect(() => {
    let live = true;
    const load = () =>
      get<{ data: { count: number } }>('/after-sales/notifications/unread-count')
        .then((response) => live && setCount(response.data.data.count))
        .catch(() => undefined);
    void load();
    const timer = window.setInterval(load, POLL_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED, load);
    return () => {
      live = false;
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, load);
    };
  }, [get]);
  return count;
};
