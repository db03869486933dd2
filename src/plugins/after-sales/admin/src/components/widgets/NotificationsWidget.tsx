import { Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import { NotificationList } from '../Notifications/NotificationList';
import { useNotifications } from '../Notifications/useNotifications';

/** Homepage: my unread count and latest notifications, each opening its case. */
const NotificationsWidget = () => {
  const { formatMessage } = useIntl();
  const { rows, unread, failed, markRead } = useNotifications({ pageSize: 5 });
  if (failed && !rows) return <Typography textColor="danger600">{formatMessage({ id: getTranslation('widget.failed'), defaultMessage: 'Could not load this list.' })}</Typography>;
  if (!rows) return <Loader small>{formatMessage({ id: getTranslation('panel.loading'), defaultMessage: 'Loading' })}</Loader>;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="omega" fontWeight="bold" data-testid="notifications-unread">
        {formatMessage({ id: getTranslation('notifications.unread'), defaultMessage: '{count} unread' }, { count: unread })}
      </Typography>
      <NotificationList rows={rows} testId="widget-notifications" onOpen={(n) => (n.readAt ? Promise.resolve() : markRead(n.id))} />
    </Flex>
  );
};

export default NotificationsWidget;
