import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Field, Flex, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { PageFailure } from '../../components/NoAccess';

interface AuditEntry {
  id: number;
  at: string;
  action: 'reveal' | 'export' | 'erase';
  customer: string;
  actor: { kind: string; id: string | null; name: string };
  reason: string;
  fields: string[];
}

interface Retention {
  policy: { enabled: boolean; months: number; batchSize: number };
  preview: { cutoff: string; wouldAnonymise: { documentId: string; lastActivityAt: string }[] };
}

const ACTION_COLOURS: Record<AuditEntry['action'], [string, string]> = {
  reveal: ['secondary100', 'secondary700'],
  export: ['warning100', 'warning700'],
  erase: ['danger100', 'danger700'],
};

/** Settings → After-sales → Privacy: the access audit (who saw or exported contact data, when, why) and the retention policy. */
export const PrivacyAuditPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [entries, setEntries] = React.useState<AuditEntry[] | null>(null);
  const [retention, setRetention] = React.useState<Retention | null>(null);
  const [customer, setCustomer] = React.useState('');
  const [error, setError] = React.useState<unknown>(null);
  const [running, setRunning] = React.useState(false);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);

  const load = React.useCallback(
    async (filter = '') => {
      try {
        const { data } = await get<{ data: AuditEntry[] }>(`/after-sales/privacy/audit?pageSize=200${filter ? `&customer=${encodeURIComponent(filter)}` : ''}`);
        setEntries(data.data);
      } catch (err) {
        setError(err ?? true);
      }
      try {
        const { data } = await get<{ data: Retention }>('/after-sales/privacy/retention');
        setRetention(data.data);
      } catch {
        setRetention(null);
      }
    },
    [get]
  );

  React.useEffect(() => {
    load();
  }, [load]);

  const runRetention = async () => {
    setRunning(true);
    try {
      const { data } = await post<{ data: { anonymised: string[] } }>('/after-sales/privacy/retention/run', { dryRun: false });
      toggleNotification({ type: 'success', message: t('privacy.retention.done', '{count} customer(s) anonymised', { count: data.data.anonymised.length }) });
      await load(customer);
    } catch {
      toggleNotification({ type: 'danger', message: t('privacy.failed', 'This could not be done') });
    } finally {
      setRunning(false);
    }
  };

  if (error) return <PageFailure error={error} />;
  if (!entries) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{t('privacy.audit.title', 'Privacy')}</Page.Title>
      <Layouts.Header title={t('privacy.audit.title', 'Privacy')} subtitle={t('privacy.audit.subtitle', 'Who revealed, exported or erased customer data, when and why; the retention policy')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {retention && (
            <Box background="neutral0" padding={4} hasRadius shadow="tableShadow">
              <Flex direction="column" alignItems="stretch" gap={3}>
                <Typography variant="delta" tag="h2">
                  {t('privacy.retention.title', 'Retention policy')}
                </Typography>
                <Typography>
                  {retention.policy.enabled
                    ? t('privacy.retention.on', 'On: customers with no open item and no activity for {months} months are anonymised by the scheduled job.', { months: retention.policy.months })
                    : t('privacy.retention.off', 'Off (Settings → After-sales → Extensions → Customer privacy configuration). With {months} months it would anonymise:', {
                        months: retention.policy.months,
                      })}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {t('privacy.retention.preview', 'Dry run: {count} customer(s) without activity since {cutoff}', {
                    count: retention.preview.wouldAnonymise.length,
                    cutoff: formatDate(retention.preview.cutoff, { dateStyle: 'medium' }),
                  })}
                </Typography>
                {retention.preview.wouldAnonymise.slice(0, 20).map((c) => (
                  <Typography key={c.documentId} variant="pi">
                    {c.documentId} · {formatDate(c.lastActivityAt, { dateStyle: 'medium' })}
                  </Typography>
                ))}
                <Box>
                  <Button variant="danger-light" loading={running} disabled={retention.preview.wouldAnonymise.length === 0} onClick={runRetention}>
                    {t('privacy.retention.run', 'Anonymise them now')}
                  </Button>
                </Box>
              </Flex>
            </Box>
          )}
          <Flex gap={2} alignItems="flex-end">
            <Field.Root name="customer">
              <Field.Label>{t('privacy.audit.customer', 'Customer (document id)')}</Field.Label>
              <TextInput value={customer} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setCustomer(e.target.value)} />
            </Field.Root>
            <Button variant="secondary" onClick={() => load(customer.trim())}>
              {t('privacy.audit.filter', 'Filter')}
            </Button>
          </Flex>
          <Table colCount={5} rowCount={entries.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('privacy.audit.when', 'When')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('privacy.audit.what', 'What')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('privacy.audit.who', 'Who')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('privacy.audit.customerColumn', 'Customer')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('privacy.audit.why', 'Why')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {entries.length === 0 && (
                <Tr>
                  <Td colSpan={5}>
                    <Typography textColor="neutral600">{t('privacy.audit.empty', 'No access recorded.')}</Typography>
                  </Td>
                </Tr>
              )}
              {entries.map((entry) => (
                <Tr key={entry.id}>
                  <Td>
                    <Typography>{formatDate(entry.at, { dateStyle: 'medium', timeStyle: 'short' })}</Typography>
                  </Td>
                  <Td>
                    <Badge backgroundColor={ACTION_COLOURS[entry.action][0]} textColor={ACTION_COLOURS[entry.action][1]}>
                      {t(`privacy.audit.action.${entry.action}`, entry.action)}
                    </Badge>
                  </Td>
                  <Td>
                    <Typography>{entry.actor.name}</Typography>
                  </Td>
                  <Td>
                    <Typography variant="pi">{entry.customer}</Typography>
                  </Td>
                  <Td>
                    <Typography>{entry.reason}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default PrivacyAuditPage;
