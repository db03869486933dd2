import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { caseLink } from '../../utils/caseLink';
import type { StaffNotification } from './useNotifications';

/** What one notification says, in the admin's language (the same sentences as the email). */
export const useNotificationText = () => {
  const { formatMessage, formatDate } = useIntl();
  return (n: StaffNotification) =>
    formatMessage(
      { id: getTranslation(`notifications.kind.${n.kind}`), defaultMessage: n.params.reference },
      {
        reference: n.params.reference ?? n.reference ?? '',
        actor: n.params.actor ?? '',
        hasActor: n.params.actor ? 'yes' : 'no',
        due: n.params.dueAt ? formatDate(n.params.dueAt, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Shanghai' }) : '',
      }
    );
};

/** Notifications, newest first; each opens its case (and is marked read). */
export const NotificationList = ({ rows, onOpen, testId }: { rows: StaffNotification[]; onOpen: (n: StaffNotification) => Promise<void>; testId: string }) => {
  const { formatMessage, formatDate } = useIntl();
  const navigate = useNavigate();
  const text = useNotificationText();
  if (!rows.length)
    return (
      <Typography textColor="neutral600" data-testid={testId}>
        {formatMessage({ id: getTranslation('notifications.empty'), defaultMessage: 'No notifications.' })}
      </Typography>
    );
  return (
    <Flex direction="column" alignItems="stretch" gap={2} tag="ul" data-testid={testId}>
      {rows.map((n) => (
        <Box tag="li" key={n.id} data-testid="notification-entry" data-unread={n.readAt ? 'false' : 'true'}>
          <a
            href={`/admin${caseLink(n.contentType, n.documentId)}`}
            onClick={(event) => {
              event.preventDefault();
              void onOpen(n)
                .catch(() => undefined)
                .finally(() => navigate(caseLink(n.contentType, n.documentId)));
            }}
            style={{ textDecoration: 'none', display: 'block' }}
          >
            <Flex direction="column" alignItems="flex-start">
              <Typography fontWeight={n.readAt ? 'regular' : 'bold'} textColor="primary600">
                {text(n)}
              </Typography>
              <Typography variant="pi" textColor="neutral600" ellipsis>
                {[formatDate(n.createdAt, { dateStyle: 'short', timeStyle: 'short' }), n.params.summary].filter(Boolean).join(' · ')}
              </Typography>
            </Flex>
          </a>
        </Box>
      ))}
    </Flex>
  );
};
