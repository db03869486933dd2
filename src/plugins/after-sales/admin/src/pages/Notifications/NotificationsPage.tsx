import * as React from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Flex, Loader, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { Section } from '../../components/Layout/Section';
import { NotificationList } from '../../components/Notifications/NotificationList';
import { DELIVERY_CHOICES, NOTIFICATION_KINDS, useNotifications, type DeliveryChoice, type NotificationKind } from '../../components/Notifications/useNotifications';
import { useServerErrors } from '../../utils/serverErrors';

type Preferences = Record<NotificationKind, DeliveryChoice>;

/** Where each kind reaches me: in the admin, by email, both, or not at all. */
const PreferencesForm = () => {
  const { formatMessage } = useIntl();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const [preferences, setPreferences] = React.useState<Preferences | null>(null);
  const [saving, setSaving] = React.useState(false);
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });

  React.useEffect(() => {
    get<{ data: { preferences: Preferences } }>('/after-sales/notifications/preferences')
      .then((response) => setPreferences(response.data.data.preferences))
      .catch(() => setPreferences(null));
  }, [get]);

  if (!preferences) return <Loader small>{t('panel.loading', 'Loading')}</Loader>;
  const save = async () => {
    setSaving(true);
    try {
      const response = await put<{ data: { preferences: Preferences } }>('/after-sales/notifications/preferences', { preferences });
      setPreferences(response.data.data.preferences);
      toggleNotification({ type: 'success', message: t('notifications.preferences.saved', 'Your choices are saved.') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: describe(error, t('notifications.preferences.failed', 'Your choices could not be saved.')) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="notification-preferences">
      <Typography textColor="neutral600">{t('notifications.preferences.description', 'Choose for each kind where it reaches you. Emails are in your admin language.')}</Typography>
      {NOTIFICATION_KINDS.map((kind) => (
        <Flex key={kind} gap={4} justifyContent="space-between">
          <Typography>{t(`notifications.kindName.${kind}`, kind)}</Typography>
          <Box width="200px">
            <SingleSelect
              aria-label={t(`notifications.kindName.${kind}`, kind)}
              value={preferences[kind]}
              onChange={(value: string | number) => setPreferences({ ...preferences, [kind]: value as DeliveryChoice })}
            >
              {DELIVERY_CHOICES.map((choice) => (
                <SingleSelectOption key={choice} value={choice}>
                  {t(`notifications.choice.${choice}`, choice)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
        </Flex>
      ))}
      <Flex justifyContent="flex-end">
        <Button onClick={save} loading={saving}>
          {t('notifications.preferences.save', 'Save my choices')}
        </Button>
      </Flex>
    </Flex>
  );
};

/** My notifications (newest first, each opening its case) and my delivery choices. */
export const NotificationsPage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { rows, unread, failed, markRead, markAllRead } = useNotifications({ pageSize: 50 });
  return (
    <Page.Main>
      <Page.Title>{t('notifications.title', 'Notifications')}</Page.Title>
      <Layouts.Header
        title={t('notifications.title', 'Notifications')}
        subtitle={t('notifications.unread', '{count} unread', { count: unread })}
        primaryAction={
          <Button variant="secondary" onClick={() => void markAllRead()} disabled={!unread}>
            {t('notifications.markAllRead', 'Mark all as read')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section title={t('notifications.latest', 'Latest')}>
            {failed && !rows ? (
              <Typography textColor="danger600">{t('widget.failed', 'Could not load this list.')}</Typography>
            ) : rows ? (
              <NotificationList rows={rows} testId="notifications-page-list" onOpen={(n) => (n.readAt ? Promise.resolve() : markRead(n.id))} />
            ) : (
              <Loader small>{t('panel.loading', 'Loading')}</Loader>
            )}
          </Section>
          <Section title={t('notifications.preferences.title', 'How I am notified')}>
            <PreferencesForm />
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default NotificationsPage;
