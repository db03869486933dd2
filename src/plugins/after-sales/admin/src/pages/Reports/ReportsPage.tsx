import * as React from 'react';
import { useIntl } from 'react-intl';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  LinkButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Archive, Download, Eye } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import type { MonthlyReport, Snapshot } from './types';

const lastMonth = () => {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
/** The department select's value for "every department" (an empty value would show as no selection). */
const ALL = '*';
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);
const hours = (ms: number | null) => (ms === null ? '—' : `${(ms / 3_600_000).toFixed(1)} h`);

/** A horizontal bar: the design system has no chart, so a bar is a coloured box of the share's width. */
const Bar = ({ value, max }: { value: number; max: number }) => (
  <Box background="neutral150" hasRadius style={{ width: 160, height: 8 }}>
    <Box background="primary600" hasRadius style={{ width: `${max ? Math.round((value / max) * 100) : 0}%`, height: 8 }} />
  </Box>
);

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box background="neutral0" padding={5} shadow="tableShadow" hasRadius>
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      {children}
    </Flex>
  </Box>
);

const CountTable = ({ rows, keyLabel, countLabel }: { rows: { key: string | null; count: number }[]; keyLabel: string; countLabel: string }) => {
  const max = Math.max(0, ...rows.map((r) => r.count));
  return (
    <Table colCount={3} rowCount={rows.length + 1}>
      <Thead>
        <Tr>
          <Th><Typography variant="sigma">{keyLabel}</Typography></Th>
          <Th><Typography variant="sigma">{countLabel}</Typography></Th>
          <Th><span /></Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.key ?? '—'}>
            <Td><Typography>{row.key ?? '—'}</Typography></Td>
            <Td><Typography>{row.count}</Typography></Td>
            <Td><Bar value={row.count} max={max} /></Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

/** Reports: the monthly feedback analysis for a month, product and department; archive, snapshots, exports, improvement records. */
export const ReportsPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);

  const [month, setMonth] = React.useState(lastMonth());
  const [product, setProduct] = React.useState('');
  const [department, setDepartment] = React.useState('');
  const [departments, setDepartments] = React.useState<{ code: string; name: string }[]>([]);
  const [report, setReport] = React.useState<MonthlyReport | null>(null);
  const [snapshot, setSnapshot] = React.useState<Snapshot | null>(null);
  const [snapshots, setSnapshots] = React.useState<Omit<Snapshot, 'figures'>[]>([]);
  const [loading, setLoading] = React.useState(false);

  const query = () => {
    const params = new URLSearchParams({ month });
    if (product.trim()) params.set('product', product.trim());
    if (department) params.set('department', department);
    return params.toString();
  };
  const failed = (error: any) =>
    toggleNotification({ type: 'danger', message: error?.response?.data?.error?.message ?? t('reports.failed', 'The report could not be loaded') });

  const loadSnapshots = React.useCallback(async () => {
    try {
      const { data } = await get<{ data: Omit<Snapshot, 'figures'>[] }>('/after-sales/reports/archives');
      setSnapshots(data.data);
    } catch {
      setSnapshots([]);
    }
  }, [get]);

  const load = async () => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
      toggleNotification({ type: 'warning', message: t('reports.badMonth', 'The month must be YYYY-MM') });
      return;
    }
    setLoading(true);
    try {
      const { data } = await get<{ data: MonthlyReport }>(`/after-sales/reports/monthly?${query()}`);
      setReport(data.data);
      setSnapshot(null);
    } catch (error) {
      failed(error);
    } finally {
      setLoading(false);
    }
  };

  React.useEffect(() => {
    void load();
    void loadSnapshots();
    get<{ results: { code: string; name: string }[] }>('/content-manager/collection-types/api::department.department?page=1&pageSize=100&sort=name:ASC')
      .then(({ data }) => setDepartments(data.results ?? []))
      .catch(() => setDepartments([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const archive = async () => {
    try {
      await post('/after-sales/reports/monthly/archive', { month, ...(product.trim() ? { product: product.trim() } : {}), ...(department ? { department } : {}) });
      toggleNotification({ type: 'success', message: t('reports.archived', 'The {month} report is archived', { month }) });
      await loadSnapshots();
    } catch (error: any) {
      if (error?.response?.status === 409) toggleNotification({ type: 'warning', message: t('reports.alreadyArchived', 'This report is already archived') });
      else failed(error);
    }
  };

  const download = async (format: 'csv' | 'xlsx' | 'html') => {
    try {
      const { data } = await get<Blob>(`/after-sales/reports/monthly?${query()}&format=${format}`, { responseType: 'blob' } as any);
      const url = URL.createObjectURL(data);
      if (format === 'html') {
        window.open(url, '_blank', 'noopener');
      } else {
        const link = document.createElement('a');
        link.href = url;
        link.download = `feedback-report-${month}.${format}`;
        link.click();
      }
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      failed(error);
    }
  };

  const viewSnapshot = async (id: number) => {
    try {
      const { data } = await get<{ data: Snapshot }>(`/after-sales/reports/archives/${id}`);
      setSnapshot(data.data);
      setReport(data.data.figures);
    } catch (error) {
      failed(error);
    }
  };

  const startImprovement = async (issue: MonthlyReport['highFrequencyIssues'][number]) => {
    try {
      const { data } = await post<{ data: { documentId: string; reference: string } }>('/after-sales/improvements', {
        month: report!.month,
        productModel: issue.productModel,
        batch: issue.batch,
        groupedBy: issue.groupedBy,
        key: issue.key,
      });
      toggleNotification({ type: 'success', message: t('reports.improvementStarted', 'Improvement record {reference} started', { reference: data.data.reference }) });
      if (!snapshot) await load();
    } catch (error) {
      failed(error);
    }
  };

  const recordUrl = (documentId: string) => `/admin/content-manager/collection-types/api::improvement-record.improvement-record/${documentId}`;

  return (
    <Page.Main>
      <Page.Title>{t('reports.title', 'Reports')}</Page.Title>
      <Layouts.Header
        title={t('reports.title', 'Reports')}
        subtitle={t('reports.subtitle', 'Monthly feedback analysis: volume, SLA, satisfaction, complaints and high-frequency issues')}
        primaryAction={
          <Button startIcon={<Archive />} onClick={archive} disabled={!report || !!snapshot}>
            {t('reports.archive', 'Archive snapshot')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" padding={5} shadow="tableShadow" hasRadius>
            <Flex gap={4} alignItems="flex-end" wrap="wrap">
              <Field.Root name="month">
                <Field.Label>{t('reports.month', 'Month')}</Field.Label>
                <TextInput placeholder="YYYY-MM" value={month} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setMonth(e.target.value)} />
              </Field.Root>
              <Field.Root name="product">
                <Field.Label>{t('reports.product', 'Product model')}</Field.Label>
                <TextInput placeholder={t('reports.all', 'All')} value={product} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setProduct(e.target.value)} />
              </Field.Root>
              <Field.Root name="department">
                <Field.Label>{t('reports.department', 'Department')}</Field.Label>
                <SingleSelect value={department || ALL} onChange={(value: string | number) => setDepartment(value === ALL ? '' : String(value))}>
                  <SingleSelectOption value={ALL}>{t('reports.all', 'All')}</SingleSelectOption>
                  {departments.map((d) => (
                    <SingleSelectOption key={d.code} value={d.code}>
                      {d.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Button onClick={load} loading={loading}>
                {t('reports.show', 'Show')}
              </Button>
              <Button variant="tertiary" startIcon={<Download />} onClick={() => download('csv')}>CSV</Button>
              <Button variant="tertiary" startIcon={<Download />} onClick={() => download('xlsx')}>XLSX</Button>
              <Button variant="tertiary" startIcon={<Eye />} onClick={() => download('html')}>
                {t('reports.print', 'Printable page')}
              </Button>
            </Flex>
          </Box>

          {snapshot && (
            <Flex gap={2}>
              <Badge>{t('reports.snapshotBadge', 'Archived snapshot #{id}', { id: snapshot.id })}</Badge>
              <Typography variant="pi" textColor="neutral600">
                {t('reports.generated', 'Generated {at} by {by}', { at: formatDate(snapshot.generatedAt, { dateStyle: 'medium', timeStyle: 'short' }), by: snapshot.generatedBy ?? '—' })}
              </Typography>
              <Button variant="ghost" size="S" onClick={load}>
                {t('reports.backToLive', 'Back to live figures')}
              </Button>
            </Flex>
          )}

          {report && (
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Section title={t('reports.volume', 'Volume: {total} items', { total: report.volume.total })}>
                  <CountTable rows={report.volume.byType} keyLabel={t('reports.byType', 'Type')} countLabel={t('reports.count', 'Count')} />
                  <CountTable rows={report.volume.bySeverity} keyLabel={t('reports.bySeverity', 'Severity')} countLabel={t('reports.count', 'Count')} />
                  <CountTable rows={report.volume.byChannel} keyLabel={t('reports.byChannel', 'Channel')} countLabel={t('reports.count', 'Count')} />
                </Section>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Section title={t('reports.satisfaction', 'Satisfaction')}>
                  <Typography>
                    {t('reports.satisfactionAverage', 'Average {average} from {responses} answers', { average: report.satisfaction.average ?? '—', responses: report.satisfaction.responses })}
                  </Typography>
                  <CountTable rows={report.satisfaction.distribution.map((d) => ({ key: `${d.score} ★`, count: d.count }))} keyLabel={t('reports.score', 'Score')} countLabel={t('reports.count', 'Count')} />
                  <Typography>
                    {t('reports.reopenRate', 'Reopened: {reopened} of {items} ({rate})', { reopened: report.reopen.reopened, items: report.reopen.items, rate: percent(report.reopen.rate) })}
                  </Typography>
                </Section>
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Section title={t('reports.sla', 'SLA compliance (working time on the {calendar} calendar)', { calendar: report.sla?.calendar ?? '' })}>
                  <Table colCount={6} rowCount={(report.sla?.clocks.length ?? 0) + 1}>
                    <Thead>
                      <Tr>
                        <Th><Typography variant="sigma">{t('reports.clock', 'Clock')}</Typography></Th>
                        <Th><Typography variant="sigma">{t('reports.counted', 'Counted')}</Typography></Th>
                        <Th><Typography variant="sigma">{t('reports.met', 'Met')}</Typography></Th>
                        <Th><Typography variant="sigma">{t('reports.compliance', 'Compliance')}</Typography></Th>
                        <Th><Typography variant="sigma">{t('reports.median', 'Median')}</Typography></Th>
                        <Th><Typography variant="sigma">{t('reports.p90', 'P90')}</Typography></Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {(report.sla?.clocks ?? []).map((clock) => (
                        <Tr key={`${clock.contentType}.${clock.clock}`}>
                          <Td><Typography>{`${clock.contentType} · ${clock.clock}`}</Typography></Td>
                          <Td><Typography>{clock.total}</Typography></Td>
                          <Td><Typography>{clock.met}</Typography></Td>
                          <Td>
                            <Flex gap={2}>
                              <Typography>{percent(clock.compliance)}</Typography>
                              <Bar value={clock.met} max={clock.total} />
                            </Flex>
                          </Td>
                          <Td><Typography>{hours(clock.medianBusinessMs)}</Typography></Td>
                          <Td><Typography>{hours(clock.p90BusinessMs)}</Typography></Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                </Section>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Section title={t('reports.complaints', 'Complaints: {total}', { total: report.complaints.total })}>
                  <CountTable rows={report.complaints.byCause} keyLabel={t('reports.cause', 'Cause')} countLabel={t('reports.count', 'Count')} />
                  <Table colCount={4} rowCount={report.complaints.rateByDepartment.length + 1}>
                    <Thead>
                      <Tr>
                        <Th><Typography variant="sigma">{t('reports.department', 'Department')}</Typography></Th>
                        <Th><Typography variant="sigma">{t('reports.complaintsCount', 'Complaints')}</Typography></Th>
                        <Th><Typography variant="sigma">{t('reports.itemsHandled', 'Items handled')}</Typography></Th>
                        <Th><Typography variant="sigma">{t('reports.complaintRate', 'Complaint rate')}</Typography></Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {report.complaints.rateByDepartment.map((row) => (
                        <Tr key={row.department}>
                          <Td><Typography>{row.department}</Typography></Td>
                          <Td><Typography>{row.complaints}</Typography></Td>
                          <Td><Typography>{row.itemsHandled}</Typography></Td>
                          <Td><Typography>{percent(row.rate)}</Typography></Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                </Section>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Section title={t('reports.rootCauses', 'Top root causes')}>
                  <CountTable rows={report.topRootCauses} keyLabel={t('reports.cause', 'Cause')} countLabel={t('reports.count', 'Count')} />
                </Section>
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Section title={t('reports.highFrequency', 'High-frequency issues (more than {threshold} a month)', { threshold: report.highFrequencyThreshold })}>
                  {report.highFrequencyIssues.length === 0 ? (
                    <Typography textColor="neutral600">{t('reports.noHighFrequency', 'None this month.')}</Typography>
                  ) : (
                    <Table colCount={5} rowCount={report.highFrequencyIssues.length + 1}>
                      <Thead>
                        <Tr>
                          <Th><Typography variant="sigma">{t('reports.product', 'Product model')}</Typography></Th>
                          <Th><Typography variant="sigma">{t('reports.batch', 'Batch')}</Typography></Th>
                          <Th><Typography variant="sigma">{t('reports.issue', 'Issue')}</Typography></Th>
                          <Th><Typography variant="sigma">{t('reports.count', 'Count')}</Typography></Th>
                          <Th><Typography variant="sigma">{t('reports.improvement', 'Improvement record')}</Typography></Th>
                        </Tr>
                      </Thead>
                      <Tbody>
                        {report.highFrequencyIssues.map((issue) => (
                          <Tr key={`${issue.productModel}|${issue.batch}|${issue.groupedBy}|${issue.key}`}>
                            <Td><Typography>{issue.productModel}</Typography></Td>
                            <Td><Typography>{issue.batch ?? '—'}</Typography></Td>
                            <Td><Typography>{`${issue.groupedBy}: ${issue.key}`}</Typography></Td>
                            <Td><Typography>{issue.count}</Typography></Td>
                            <Td>
                              {issue.improvementRecord ? (
                                <LinkButton variant="tertiary" size="S" href={recordUrl(issue.improvementRecord.documentId)}>
                                  {`${issue.improvementRecord.reference ?? ''} · ${issue.improvementRecord.state}`}
                                </LinkButton>
                              ) : (
                                <Button size="S" variant="secondary" onClick={() => startImprovement(issue)}>
                                  {t('reports.startImprovement', 'Start improvement record')}
                                </Button>
                              )}
                            </Td>
                          </Tr>
                        ))}
                      </Tbody>
                    </Table>
                  )}
                </Section>
              </Grid.Item>
            </Grid.Root>
          )}

          <Section title={t('reports.snapshots', 'Archived snapshots')}>
            {snapshots.length === 0 ? (
              <Typography textColor="neutral600">{t('reports.noSnapshots', 'No report is archived yet.')}</Typography>
            ) : (
              <Table colCount={5} rowCount={snapshots.length + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">{t('reports.month', 'Month')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('reports.scope', 'Scope')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('reports.generatedAt', 'Generated')}</Typography></Th>
                    <Th><Typography variant="sigma">{t('reports.generatedBy', 'By')}</Typography></Th>
                    <Th><span /></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {snapshots.map((s) => (
                    <Tr key={s.id}>
                      <Td><Typography>{s.month}</Typography></Td>
                      <Td><Typography>{s.scope}</Typography></Td>
                      <Td><Typography>{formatDate(s.generatedAt, { dateStyle: 'medium', timeStyle: 'short' })}</Typography></Td>
                      <Td><Typography>{s.generatedBy ?? '—'}</Typography></Td>
                      <Td>
                        <Button variant="ghost" size="S" onClick={() => viewSnapshot(s.id)}>
                          {t('reports.view', 'View')}
                        </Button>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default ReportsPage;
