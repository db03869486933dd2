import { Bell } from '@strapi/icons';
import { useUnreadCount } from './useNotifications';

/**
 * The menu's bell with the unread count: Strapi reads a plugin link's badge once when the menu is
 * built, so the count is drawn by the icon itself (polled, and refreshed when one is read here).
 */
export const NotificationsMenuIcon = (props: Record<string, unknown>) => {
  const count = useUnreadCount();
  return (
    <span style={{ position: 'relative', display: 'inline-flex' }}>
      <Bell {...props} />
      {count > 0 ? (
        <span
          data-testid="notifications-menu-badge"
          style={{
            position: 'absolute',
            top: -6,
            right: -8,
            minWidth: 16,
            height: 16,
            padding: '0 4px',
            borderRadius: 8,
            background: '#d02b20',
            color: '#fff',
            fontSize: 10,
            lineHeight: '16px',
            textAlign: 'center',
            fontWeight: 600,
          }}
        >
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </span>
  );
};
