import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Field, Flex, MultiSelect, MultiSelectOption, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { PageFailure } from '../../components/NoAccess';
import { MailboxSection } from './MailboxSection';
import english from '../../translations/en.json';
import chinese from '../../translations/zh-Hans.json';
import { useJoins } from '../../utils/joins';

interface Person {
  id: number;
  name: string;
  email: string;
  roles: { code: string; name: string }[];
}
interface Department {
  code: string;
  name: string;
  head: Person | null;
  members: Person[];
}
interface Organisation {
  departments: Department[];
  users: Person[];
  channels: { id: string; title: string | Record<string, string>; status: 'configured' | 'not-configured' | 'no-provider' }[];
}

/** The names the demo (in Chinese) and Strapi (in English) give their roles, by role code (`role.<code>`). */
const ROLE_NAMES = [english, chinese] as Record<string, string>[];

/**
 * A person with their roles. A role still named as the demo (or Strapi) named it is shown in the
 * interface language (售后客服 / After-sales Agent, 超级管理员 / Super Admin); a role an
 * administrator renamed keeps its name.
 */
const useLabel = () => {
  const { formatMessage } = useIntl();
  const joins = useJoins();
  const roleName = (role: Person['roles'][number]) =>
    ROLE_NAMES.some((names) => names[`role.${role.code}`] === role.name) ? formatMessage({ id: getTranslation(`role.${role.code}`), defaultMessage: role.name }) : role.name;
  return (person: Person) => joins.parenthesised(person.name, person.roles.map(roleName).join(', ') || person.email);
};

/** One department: who heads it and who works in it, with their admin roles. */
const DepartmentEditor = ({ department, users, onSaved }: { department: Department; users: Person[]; onSaved: () => void }) => {
  const { formatMessage } = useIntl();
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const label = useLabel();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const [head, setHead] = React.useState<string>(department.head ? String(department.head.id) : '');
  const [members, setMembers] = React.useState<string[]>(department.members.map((m) => String(m.id)));
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);

  const save = async () => {
    setBusy(true);
    try {
      await put(`/after-sales/organisation/departments/${encodeURIComponent(department.code)}`, { data: { head: head ? Number(head) : null, members: members.map(Number) } });
      toggleNotification({ type: 'success', message: t('organisation.saved', 'Saved') });
      setError(null);
      onSaved();
    } catch (err: any) {
      setError(describe(err, t('organisation.saveFailed', 'The department could not be saved')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} data-testid={`department-${department.code}`}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between">
          <Typography variant="delta" tag="h2">
            {`${department.name} · ${department.code}`}
          </Typography>
          <Button startIcon={<Check />} loading={busy} onClick={save}>
            {t('organisation.save', 'Save')}
          </Button>
        </Flex>
        <Field.Root name={`${department.code}-head`} hint={t('organisation.headHint', 'Receives breached-deadline escalations and approves plans for the department.')}>
          <Field.Label>{t('organisation.head', 'Head')}</Field.Label>
          <SingleSelect
            value={head}
            clearLabel={t('organisation.clear', 'Clear')}
            placeholder={t('organisation.noHead', 'No head')}
            onChange={(value: string | number) => setHead(String(value ?? ''))}
            onClear={() => setHead('')}
          >
            {users.map((user) => (
              <SingleSelectOption key={user.id} value={String(user.id)}>
                {label(user)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
          <Field.Hint />
        </Field.Root>
        <Field.Root name={`${department.code}-members`} hint={t('organisation.membersHint', 'Members see and work on the department’s items (roles with the “in my department” condition).')}>
          <Field.Label>{t('organisation.members', 'Members')}</Field.Label>
          <MultiSelect
            value={members}
            withTags
            clearLabel={t('organisation.clear', 'Clear')}
            placeholder={t('organisation.noMembers', 'Nobody yet')}
            onChange={(value: string[]) => setMembers(value)}
            onClear={() => setMembers([])}
          >
            {users.map((user) => (
              <MultiSelectOption key={user.id} value={String(user.id)}>
                {label(user)}
              </MultiSelectOption>
            ))}
          </MultiSelect>
          <Field.Hint />
        </Field.Root>
        {error && <Typography textColor="danger600">{error}</Typography>}
      </Flex>
    </Box>
  );
};

/** Settings → After-sales → Departments and channels. */
export const OrganisationPage = () => {
  const { formatMessage, locale } = useIntl();
  const { get } = useFetchClient();
  const [data, setData] = React.useState<Organisation | null>(null);
  const [failed, setFailed] = React.useState<unknown>(null);
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const joins = useJoins();

  const load = React.useCallback(() => {
    get<{ data: Organisation }>('/after-sales/organisation')
      .then((response) => setData(response.data.data))
      .catch((error) => setFailed(error ?? true));
  }, [get]);
  React.useEffect(() => load(), [load]);

  if (failed) return <PageFailure error={failed} />;
  if (!data) return <Page.Loading />;
  const titleOf = (title: Organisation['channels'][number]['title']) => (typeof title === 'string' ? title : (title[locale.startsWith('zh') ? 'zh-Hans' : 'en'] ?? title.en));
  const STATUS = {
    configured: ['success100', 'success700', t('organisation.channel.configured', 'sending')],
    'not-configured': ['warning100', 'warning700', t('organisation.channel.notConfigured', 'not configured: messages are kept, not sent')],
    'no-provider': ['danger100', 'danger700', t('organisation.channel.noProvider', 'no provider installed')],
  } as const;

  return (
    <Page.Main>
      <Page.Title>{t('organisation.title', 'Departments and channels')}</Page.Title>
      <Layouts.Header
        title={t('organisation.title', 'Departments and channels')}
        subtitle={t('organisation.subtitle', 'Who works in each department and who heads it; what each admin role may do is set in Settings → Roles.')}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {data.departments.map((department) => (
            <DepartmentEditor key={department.code} department={department} users={data.users} onSaved={load} />
          ))}
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={5}>
            <Flex direction="column" alignItems="stretch" gap={3}>
              <Typography variant="delta" tag="h2">
                {t('organisation.channels', 'Message channels')}
              </Typography>
              <Table colCount={2} rowCount={data.channels.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('organisation.channel', 'Channel')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('organisation.channelStatus', 'Status')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {data.channels.map((channel) => (
                    <Tr key={channel.id}>
                      <Td>
                        <Typography>{joins.parenthesised(titleOf(channel.title), channel.id)}</Typography>
                      </Td>
                      <Td>
                        <Badge backgroundColor={STATUS[channel.status][0]} textColor={STATUS[channel.status][1]}>
                          {STATUS[channel.status][2]}
                        </Badge>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              <Typography variant="pi" textColor="neutral600">
                {t('organisation.channelsHint', 'Email needs SMTP_HOST, the webhook AFTER_SALES_WEBHOOK_SECRET; SMS uses the logging provider unless an extension installs a gateway.')}
              </Typography>
            </Flex>
          </Box>
          <MailboxSection />
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default OrganisationPage;
