import * as React from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Download, Eye } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { saveBlob } from '../../utils/saveBlob';
import { useServerErrors } from '../../utils/serverErrors';
import { DataTable } from '../../components/Layout/DataTable';
import { Section } from '../../components/Layout/Section';

type Grouping = 'month' | 'customer' | 'category';
interface ArchiveRow {
  documentId: string;
  reference: string | null;
  registeredAt: string;
  stateTitle: string;
  seriousness: string | null;
  cause: string | null;
  customer: { name: string | null; company: string | null; phone: string | null };
  product: { model: string | null; category: string | null };
  orderNumber: string | null;
  quantity: number | null;
  responsibleDepartment: string | null;
  responsiblePerson: string | null;
  closedAt: string | null;
}
interface ArchiveGroup {
  key: string | null;
  label: string | null;
  count: number;
  rows: ArchiveRow[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Reports → complaint archive (001 三.2): the complaints of a period as lists by month, customer or
 * product category, on screen and as a CSV with every field of the register. Contact data as the
 * server's privacy rules give it to this user (masked or hidden for roles that do not read it in full).
 */
export const ComplaintArchive = ({ month }: { month: string }) => {
  const { formatMessage, formatDate, locale } = useIntl();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [from, setFrom] = React.useState(month);
  const [to, setTo] = React.useState(month);
  const [by, setBy] = React.useState<Grouping>('month');
  const [groups, setGroups] = React.useState<ArchiveGroup[] | null>(null);
  const [busy, setBusy] = React.useState(false);

  const language = locale.startsWith('zh') ? 'zh-Hans' : 'en';
  const query = (format: 'json' | 'csv') => new URLSearchParams({ from, to, by, format, locale: language }).toString();
  const valid = MONTH.test(from) && MONTH.test(to);
  const failed = (error: unknown) => toggleNotification({ type: 'danger', message: describe(error, t('reports.archiveList.failed', 'The complaint archive could not be loaded')) });

  const show = async () => {
    setBusy(true);
    try {
      const { data } = await get<{ data: { groups: ArchiveGroup[] } }>(`/after-sales/complaint-archive?${query('json')}`);
      setGroups(data.data.groups);
    } catch (error) {
      setGroups(null);
      failed(error);
    } finally {
      setBusy(false);
    }
  };
  const download = async () => {
    try {
      const { data } = await get<Blob>(`/after-sales/complaint-archive?${query('csv')}`, { responseType: 'blob' } as any);
      saveBlob(data, `complaint-archive-${from}-${to}-${by}.csv`);
    } catch (error) {
      failed(error);
    }
  };

  const none: Record<Grouping, string> = {
    month: '—',
    customer: t('reports.archiveList.noCustomer', 'No customer'),
    category: t('reports.archiveList.noCategory', 'No category'),
  };
  const value = (key: string | null) => (key ? t(`value.${key}`, key) : '—');
  const day = (iso: string | null) => (iso ? formatDate(iso, { dateStyle: 'medium' }) : '—');
  const monthInput = (name: string, label: string, current: string, set: (value: string) => void) => (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <TextInput type="month" placeholder="YYYY-MM" value={current} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value)} />
    </Field.Root>
  );

  return (
    <Section
      title={t('reports.archiveList.title', 'Complaint archive')}
      subtitle={t('reports.archiveList.subtitle', 'The complaints of a period listed by month, customer or product category; the CSV has every field of the complaint register.')}
      testId="complaint-archive"
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex gap={3} alignItems="flex-end" wrap="wrap">
          {monthInput('archive-from', t('reports.archiveList.from', 'From month'), from, setFrom)}
          {monthInput('archive-to', t('reports.archiveList.to', 'To month'), to, setTo)}
          <Field.Root name="archive-by">
            <Field.Label>{t('reports.archiveList.by', 'List by')}</Field.Label>
            <SingleSelect value={by} onChange={(v: string | number) => setBy(String(v) as Grouping)}>
              <SingleSelectOption value="month">{t('reports.archiveList.by.month', 'Month')}</SingleSelectOption>
              <SingleSelectOption value="customer">{t('reports.archiveList.by.customer', 'Customer')}</SingleSelectOption>
              <SingleSelectOption value="category">{t('reports.archiveList.by.category', 'Product category')}</SingleSelectOption>
            </SingleSelect>
          </Field.Root>
          <Button variant="secondary" startIcon={<Eye />} onClick={show} disabled={!valid || busy} loading={busy}>
            {t('reports.archiveList.show', 'Show the lists')}
          </Button>
          <Button variant="tertiary" startIcon={<Download />} onClick={download} disabled={!valid}>
            {t('reports.archiveList.csv', 'Download CSV')}
          </Button>
        </Flex>
        {groups && groups.length === 0 && <Typography>{t('reports.archiveList.empty', 'No complaint was registered in this period.')}</Typography>}
        {groups?.map((group) => (
          <Box key={group.key ?? 'none'} data-testid="archive-group">
            <Typography variant="delta" tag="h3">
              {t('reports.archiveList.group', '{label} ({count})', { label: group.label ?? none[by], count: group.count })}
            </Typography>
            <DataTable
              rows={group.rows}
              rowKey={(row) => row.documentId}
              columns={[
                { header: t('reports.archiveList.reference', 'Reference'), cell: (row) => row.reference ?? '—' },
                { header: t('reports.archiveList.registered', 'Registered'), cell: (row) => day(row.registeredAt) },
                { header: t('reports.archiveList.customer', 'Customer'), cell: (row) => [row.customer.name, row.customer.company].filter(Boolean).join(' · ') || '—' },
                { header: t('reports.archiveList.phone', 'Phone'), cell: (row) => row.customer.phone ?? '—' },
                { header: t('reports.archiveList.product', 'Product'), cell: (row) => [row.product.model, row.product.category].filter(Boolean).join(' · ') || '—' },
                { header: t('reports.archiveList.order', 'Order'), cell: (row) => [row.orderNumber, row.quantity === null ? null : `× ${row.quantity}`].filter(Boolean).join(' ') || '—' },
                { header: t('reports.archiveList.seriousness', 'Seriousness'), cell: (row) => value(row.seriousness) },
                { header: t('reports.archiveList.cause', 'Cause'), cell: (row) => value(row.cause) },
                { header: t('reports.archiveList.responsible', 'Responsible'), cell: (row) => [row.responsibleDepartment, row.responsiblePerson].filter(Boolean).join(' · ') || '—' },
                { header: t('reports.archiveList.state', 'State'), cell: (row) => row.stateTitle },
                { header: t('reports.archiveList.closed', 'Closed'), cell: (row) => day(row.closedAt) },
              ]}
            />
          </Box>
        ))}
      </Flex>
    </Section>
  );
};
