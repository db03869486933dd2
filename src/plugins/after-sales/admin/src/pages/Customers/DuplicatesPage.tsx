import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Flex, Link, Radio, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Link as RouterLink } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { PageFailure } from '../../components/NoAccess';
import { Section } from '../../components/Layout/Section';
import { DataTable } from '../../components/Layout/DataTable';
import { useServerErrors } from '../../utils/serverErrors';
import { PLUGIN_ID } from '../../pluginId';

interface CustomerSummary {
  documentId: string;
  name: string;
  company: string | null;
  phone?: string | null;
  email?: string | null;
  createdAt: string;
  items: number;
}
interface Group {
  sharedBy: ('phone' | 'email')[];
  customers: CustomerSummary[];
}
interface Merge {
  id: number;
  survivor: string;
  merged: string;
  by: string;
  at: string;
  undoUntil: string;
  undoneAt: string | null;
  undoable: boolean;
}

export const customerPath = (documentId: string) => `/plugins/${PLUGIN_ID}/customers/${documentId}`;

/** One group of records that share a phone or email: pick the record to keep, merge the others into it. */
const GroupCard = ({ group, onMerged }: { group: Group; onMerged: () => Promise<void> }) => {
  const { formatMessage, formatDate } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const [survivor, setSurvivor] = React.useState(group.customers[0].documentId);
  const [busy, setBusy] = React.useState(false);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);

  const merge = async () => {
    setBusy(true);
    try {
      for (const other of group.customers.filter((c) => c.documentId !== survivor)) {
        await post(`/${PLUGIN_ID}/customers/merges`, { survivor, merged: other.documentId });
      }
      toggleNotification({ type: 'success', message: t('customers.merged', 'Merged. You can undo it for 30 days.') });
      await onMerged();
    } catch (error) {
      toggleNotification({ type: 'danger', message: describe(error, t('customers.failed', 'This could not be done')) });
      await onMerged();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} data-testid="duplicate-group">
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex gap={2}>
          {group.sharedBy.map((field) => (
            <Badge key={field}>{field === 'phone' ? t('customers.sharedPhone', 'Same phone number') : t('customers.sharedEmail', 'Same email address')}</Badge>
          ))}
        </Flex>
        <Radio.Group value={survivor} onValueChange={(value: string) => setSurvivor(value)} aria-label={t('customers.keep', 'Record to keep')}>
          {group.customers.map((c) => (
            <Flex key={c.documentId} gap={3} paddingBottom={2}>
              <Radio.Item value={c.documentId}>
                {c.name}
                {c.company ? ` · ${c.company}` : ''}
              </Radio.Item>
              <Typography variant="pi" textColor="neutral600">
                {[c.phone, c.email].filter(Boolean).join(' · ')} · {t('customers.cases', '{count} case(s)', { count: c.items })} · {formatDate(c.createdAt, { dateStyle: 'medium' })}
              </Typography>
              <Link tag={RouterLink} to={customerPath(c.documentId)}>
                {t('customers.open', 'Customer page')}
              </Link>
            </Flex>
          ))}
        </Radio.Group>
        <Box>
          <Button onClick={merge} loading={busy}>
            {t('customers.merge', 'Merge into the selected record')}
          </Button>
        </Box>
      </Flex>
    </Box>
  );
};

/** After-sales → Customers: customer records that share a phone or email, merged here; recent merges, undone here. */
export const DuplicatesPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const [groups, setGroups] = React.useState<Group[] | null>(null);
  const [merges, setMerges] = React.useState<Merge[]>([]);
  const [error, setError] = React.useState<unknown>(null);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);

  const load = React.useCallback(async () => {
    try {
      const [duplicates, recent] = await Promise.all([get<{ data: Group[] }>(`/${PLUGIN_ID}/customers/duplicates`), get<{ data: Merge[] }>(`/${PLUGIN_ID}/customers/merges`)]);
      setGroups(duplicates.data.data);
      setMerges(recent.data.data);
    } catch (err) {
      setError(err ?? true);
    }
  }, [get]);

  React.useEffect(() => {
    load();
  }, [load]);

  const undo = async (id: number) => {
    try {
      await post(`/${PLUGIN_ID}/customers/merges/${id}/undo`, {});
      toggleNotification({ type: 'success', message: t('customers.undone', 'The merge was undone.') });
    } catch (err) {
      toggleNotification({ type: 'danger', message: describe(err, t('customers.failed', 'This could not be done')) });
    }
    await load();
  };

  if (error) return <PageFailure error={error} />;
  if (!groups) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>{t('customers.title', 'Customers')}</Page.Title>
      <Layouts.Header
        title={t('customers.duplicates.title', 'Duplicate customers')}
        subtitle={t('customers.duplicates.subtitle', 'Records that share a phone number or an email address are probably one person: keep one record and merge the others into it.')}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {groups.length === 0 && <Typography textColor="neutral600">{t('customers.duplicates.none', 'No duplicate customers.')}</Typography>}
          {groups.map((group) => (
            <GroupCard key={group.customers.map((c) => c.documentId).join('-')} group={group} onMerged={load} />
          ))}
          <Section title={t('customers.merges.title', 'Recent merges')} subtitle={t('customers.merges.subtitle', 'A merge can be undone for 30 days.')}>
            <DataTable
              rows={merges}
              rowKey={(m) => String(m.id)}
              empty={t('customers.merges.none', 'No merges yet.')}
              columns={[
                { header: t('customers.merges.when', 'When'), cell: (m) => formatDate(m.at, { dateStyle: 'medium', timeStyle: 'short' }) },
                { header: t('customers.merges.by', 'By'), cell: (m) => m.by },
                {
                  header: t('customers.merges.kept', 'Kept'),
                  cell: (m) => (
                    <Link tag={RouterLink} to={customerPath(m.survivor)}>
                      {m.survivor}
                    </Link>
                  ),
                },
                { header: t('customers.merges.mergedRecord', 'Merged record'), cell: (m) => m.merged },
                {
                  header: '',
                  cell: (m) =>
                    m.undoable ? (
                      <Button variant="tertiary" size="S" onClick={() => undo(m.id)}>
                        {t('customers.merges.undo', 'Undo')}
                      </Button>
                    ) : (
                      <Typography variant="pi" textColor="neutral600">
                        {m.undoneAt ? t('customers.merges.undoneAt', 'Undone') : t('customers.merges.expired', 'Can no longer be undone')}
                      </Typography>
                    ),
                },
              ]}
            />
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
