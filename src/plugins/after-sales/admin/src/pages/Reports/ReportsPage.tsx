import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Field, Flex, Grid, LinkButton, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Archive, Download, Eye } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { saveBlob } from '../../utils/saveBlob';
import { DataTable } from '../../components/Layout/DataTable';
import { Section } from '../../components/Layout/Section';
import type { MonthlyReport, ReportFigures, Snapshot } from './types';
import { RegionOfficeFilters, ServiceNetwork, type OfficeRef } from '../../components/ServiceNetwork';
import { calendarParts, formatParts, workingParts } from '../../../../shared/durations';
import { NoAccess } from '../../components/NoAccess';
import { ContributedSections } from '../../components/ContributedSections';
import { isForbidden, useServerErrors } from '../../utils/serverErrors';
import { PERMISSIONS } from '../../permissions';
import { ComplaintRateBaseImport } from './ComplaintRateBaseImport';
import { ComplaintArchive } from './ComplaintArchive';

/** The current month in the business time zone (the report's months are Shanghai months by default). */
const thisMonth = (timeZone = 'Asia/Shanghai') => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
/** The department select's value for "every department" (an empty value would show as no selection). */
const ALL = '*';
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);

/** A horizontal bar: the design system has no chart, so a bar is a coloured box of the share's width. */
const Bar = ({ value, max }: { value: number; max: number }) => (
  <Box background="neutral150" hasRadius style={{ width: 160, height: 8 }}>
    <Box background="primary600" hasRadius style={{ width: `${max ? Math.round((value / max) * 100) : 0}%`, height: 8 }} />
  </Box>
);

const CountTable = ({
  rows,
  keyLabel,
  countLabel,
  label = (key) => key ?? '—',
}: {
  rows: { key: string | null; count: number }[];
  keyLabel: string;
  countLabel: string;
  label?: (key: string | null) => string;
}) => {
  const max = Math.max(0, ...rows.map((r) => r.count));
  return (
    <DataTable
      rows={rows}
      rowKey={(row) => row.key ?? '—'}
      columns={[
        { header: keyLabel, cell: (row) => label(row.key) },
        { header: countLabel, cell: (row) => row.count },
        { header: <span />, cell: (row) => <Bar value={row.count} max={max} /> },
      ]}
    />
  );
};

/** Reports: the monthly feedback analysis for a month, product and department; archive, snapshots, exports, improvement records. */
export const ReportsPage = () => {
  const { formatMessage, formatDate, locale } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const {
    allowedActions: { canImport: canImportBase },
  } = useRBAC(PERMISSIONS.importComplaintRateBase);

  const [month, setMonth] = React.useState(thisMonth());
  const [product, setProduct] = React.useState('');
  const [department, setDepartment] = React.useState('');
  const [departments, setDepartments] = React.useState<{ code: string; name: string }[]>([]);
  const [region, setRegion] = React.useState('');
  const [office, setOffice] = React.useState('');
  /** The offices the reports have named so far (the first, unfiltered report names them all): the region and office choices. */
  const [network, setNetwork] = React.useState<OfficeRef[]>([]);
  const [report, setReport] = React.useState<MonthlyReport | null>(null);
  const [snapshot, setSnapshot] = React.useState<Snapshot | null>(null);
  /** When the live report's figures were computed, when the server kept them (a large month is computed once a little while). */
  const [figures, setFigures] = React.useState<ReportFigures | null>(null);
  const [snapshots, setSnapshots] = React.useState<Omit<Snapshot, 'figures'>[]>([]);
  const [loading, setLoading] = React.useState(false);
  /** The contributed sections follow the live report's month and department (not an archived snapshot). */
  const [sectionsUrl, setSectionsUrl] = React.useState<string | null>(null);

  const query = (chosen = month) => {
    const params = new URLSearchParams({ month: chosen });
    if (product.trim()) params.set('product', product.trim());
    if (department) params.set('department', department);
    if (region) params.set('region', region);
    if (office) params.set('office', office);
    return params.toString();
  };
  const [forbidden, setForbidden] = React.useState(false);
  const failed = (error: any) => {
    if (isForbidden(error)) setForbidden(true);
    else toggleNotification({ type: 'danger', message: describe(error, t('reports.failed', 'The report could not be loaded')) });
  };

  const loadSnapshots = React.useCallback(async () => {
    try {
      const { data } = await get<{ data: Omit<Snapshot, 'figures'>[] }>('/after-sales/reports/archives');
      setSnapshots(data.data);
    } catch {
      setSnapshots([]);
    }
  }, [get]);

  const load = async (chosen = month) => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(chosen)) {
      toggleNotification({ type: 'warning', message: t('reports.badMonth', 'The month must be YYYY-MM') });
      return;
    }
    setLoading(true);
    try {
      const { data } = await get<{ data: MonthlyReport; meta?: { figures?: ReportFigures } }>(`/after-sales/reports/monthly?${query(chosen)}`);
      setReport(data.data);
      setFigures(data.meta?.figures ?? null);
      setSnapshot(null);
      const named = (data.data.offices ?? []).flatMap((o) => (o.office ? [o.office] : []));
      setNetwork((known) => [...known, ...named.filter((o) => !known.some((k) => k.code === o.code))]);
      setSectionsUrl(`/after-sales/reports/sections?${new URLSearchParams({ month: chosen, ...(department ? { department } : {}) }).toString()}`);
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
      await post('/after-sales/reports/monthly/archive', {
        month,
        ...(product.trim() ? { product: product.trim() } : {}),
        ...(department ? { department } : {}),
        ...(region ? { region } : {}),
        ...(office ? { office } : {}),
      });
      toggleNotification({ type: 'success', message: t('reports.archived', 'The {month} report is archived', { month }) });
      await loadSnapshots();
    } catch (error: any) {
      if (error?.response?.status === 409) toggleNotification({ type: 'warning', message: t('reports.alreadyArchived', 'This report is already archived') });
      else failed(error);
    }
  };

  const download = async (format: 'csv' | 'xlsx' | 'html') => {
    try {
      const { data } = await get<Blob>(`/after-sales/reports/monthly?${query()}&format=${format}&locale=${locale.startsWith('zh') ? 'zh-Hans' : 'en'}`, { responseType: 'blob' } as any);
      if (format === 'html') {
        const url = URL.createObjectURL(data);
        window.open(url, '_blank', 'noopener');
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } else {
        saveBlob(data, `feedback-report-${month}.${format}`);
      }
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

  // Labels instead of codes; times in the business time zone; durations as working days and hours.
  const valueOf = (key: string | null) => (key ? t(`value.${key}`, key) : t('reports.unclassified', 'Unclassified'));
  const channelOf = (key: string | null) => (key ? t(`reports.channel.${key}`, key) : t('reports.unknown', 'Unknown'));
  const departmentOf = (code: string) => departments.find((d) => d.code === code)?.name ?? code;
  const timeZone = report?.period.timeZone ?? 'Asia/Shanghai';
  const when = (iso: string) => formatDate(iso, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const words = { day: t('time.day', 'd'), workingDay: t('time.workingDay', 'working d'), hour: t('time.hour', 'h'), minute: t('time.minute', 'min') };
  const duration = (ms: number | null, clock: string) =>
    ms === null ? '—' : formatParts(clock === 'respondBy' || clock === 'archiveBy' ? calendarParts(ms) : workingParts(ms, report?.sla?.businessDayMs ?? 8 * 3_600_000), words);
  const recordUrl = (documentId: string) => `/admin/content-manager/collection-types/api::improvement-record.improvement-record/${documentId}`;

  if (forbidden) return <NoAccess />;
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
                <TextInput
                  type="month"
                  placeholder="YYYY-MM"
                  value={month}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                    setMonth(e.target.value);
                    if (/^\d{4}-(0[1-9]|1[0-2])$/.test(e.target.value)) void load(e.target.value);
                  }}
                />
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
              <RegionOfficeFilters
                offices={network}
                region={region}
                office={office}
                onChange={(next) => {
                  setRegion(next.region);
                  setOffice(next.office);
                }}
              />
              <Button onClick={() => load()} loading={loading}>
                {t('reports.show', 'Show')}
              </Button>
              <Button variant="tertiary" startIcon={<Download />} onClick={() => download('csv')}>
                CSV
              </Button>
              <Button variant="tertiary" startIcon={<Download />} onClick={() => download('xlsx')}>
                XLSX
              </Button>
              <Button variant="tertiary" startIcon={<Eye />} onClick={() => download('html')}>
                {t('reports.print', 'Printable page')}
              </Button>
            </Flex>
          </Box>

          {snapshot && (
            <Flex gap={2}>
              <Badge>{t('reports.snapshotBadge', 'Archived snapshot #{id}', { id: snapshot.id })}</Badge>
              <Typography variant="pi" textColor="neutral600">
                {t('reports.generated', 'Generated {at} by {by}', { at: when(snapshot.generatedAt), by: snapshot.generatedBy ?? '—' })}
              </Typography>
              <Button variant="ghost" size="S" onClick={() => load()}>
                {t('reports.backToLive', 'Back to live figures')}
              </Button>
            </Flex>
          )}

          {report && !snapshot && figures?.kept && (
            // A large month's figures are kept a little while: say how old they are.
            <Typography variant="pi" textColor="neutral600" data-testid="report-figures-as-of">
              {t('reports.figuresAsOf', 'Figures as of {time}, updated every {seconds} s.', { time: new Date(figures.asOf).toLocaleTimeString(locale), seconds: figures.freshSeconds })}
            </Typography>
          )}

          {report && (
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Section title={t('reports.volume', 'Volume: {total} items', { total: report.volume.total })}>
                  <Typography variant="pi" textColor="neutral600" data-testid="report-period">
                    {t('reports.period', '{start} – {end} ({timeZone})', { start: when(report.period.start), end: when(report.period.end), timeZone })}
                  </Typography>
                  <CountTable rows={report.volume.byType} keyLabel={t('reports.byType', 'Type')} countLabel={t('reports.count', 'Count')} label={valueOf} />
                  <CountTable rows={report.volume.bySeverity} keyLabel={t('reports.bySeverity', 'Severity')} countLabel={t('reports.count', 'Count')} label={valueOf} />
                  <CountTable rows={report.volume.byChannel} keyLabel={t('reports.byChannel', 'Channel')} countLabel={t('reports.count', 'Count')} label={channelOf} />
                </Section>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Section title={t('reports.satisfaction', 'Satisfaction')}>
                  <Typography>
                    {t('reports.satisfactionAverage', 'Average {average} from {responses} answers', { average: report.satisfaction.average ?? '—', responses: report.satisfaction.responses })}
                  </Typography>
                  <CountTable
                    rows={report.satisfaction.distribution.map((d) => ({ key: `${d.score} ★`, count: d.count }))}
                    keyLabel={t('reports.score', 'Score')}
                    countLabel={t('reports.count', 'Count')}
                  />
                  <Typography>
                    {t('reports.reopenRate', 'Reopened: {reopened} of {items} ({rate})', { reopened: report.reopen.reopened, items: report.reopen.items, rate: percent(report.reopen.rate) })}
                  </Typography>
                </Section>
              </Grid.Item>
              {report.regions && report.offices && (
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  <ServiceNetwork regions={report.regions} offices={report.offices} threshold={report.highFrequencyThreshold} />
                </Grid.Item>
              )}
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Section title={t('reports.sla', 'SLA compliance (working time on the {calendar} calendar)', { calendar: report.sla?.calendar ?? '' })}>
                  <DataTable
                    rows={report.sla?.clocks ?? []}
                    rowKey={(clock) => `${clock.contentType}.${clock.clock}`}
                    columns={[
                      { header: t('reports.clock', 'Clock'), cell: (clock) => `${t(`dashboard.kind.${clock.contentType}`, clock.contentType)} · ${t(`clock.${clock.clock}`, clock.clock)}` },
                      { header: t('reports.counted', 'Counted'), cell: (clock) => clock.total },
                      { header: t('reports.met', 'Met'), cell: (clock) => clock.met },
                      {
                        header: t('reports.compliance', 'Compliance'),
                        cell: (clock) => (
                          <Flex gap={2}>
                            <Typography>{percent(clock.compliance)}</Typography>
                            <Bar value={clock.met} max={clock.total} />
                          </Flex>
                        ),
                      },
                      { header: t('reports.median', 'Median'), cell: (clock) => duration(clock.medianBusinessMs, clock.clock) },
                      { header: t('reports.p90', 'P90'), cell: (clock) => duration(clock.p90BusinessMs, clock.clock) },
                    ]}
                  />
                </Section>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Section title={t('reports.complaints', 'Complaints: {total}', { total: report.complaints.total })}>
                  <CountTable rows={report.complaints.byCause} keyLabel={t('reports.cause', 'Cause')} countLabel={t('reports.count', 'Count')} label={valueOf} />
                  <DataTable
                    rows={report.complaints.rateByDepartment}
                    rowKey={(row) => row.department}
                    columns={[
                      { header: t('reports.department', 'Department'), cell: (row) => departmentOf(row.department) },
                      { header: t('reports.complaintsCount', 'Complaints'), cell: (row) => row.complaints },
                      { header: t('reports.itemsHandled', 'Items handled'), cell: (row) => row.itemsHandled },
                      { header: t('reports.complaintRate', 'Complaint rate'), cell: (row) => percent(row.rate) },
                    ]}
                  />
                </Section>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Section title={t('reports.rootCauses', 'Top root causes')}>
                  <CountTable rows={report.topRootCauses} keyLabel={t('reports.cause', 'Cause')} countLabel={t('reports.count', 'Count')} />
                </Section>
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Section title={t('reports.highFrequency', 'High-frequency issues (more than {threshold} a month)', { threshold: report.highFrequencyThreshold })}>
                  <DataTable
                    rows={report.highFrequencyIssues}
                    rowKey={(issue) => `${issue.productModel}|${issue.batch}|${issue.groupedBy}|${issue.key}`}
                    empty={t('reports.noHighFrequency', 'None this month.')}
                    columns={[
                      { header: t('reports.product', 'Product model'), cell: (issue) => issue.productModel },
                      { header: t('reports.batch', 'Batch'), cell: (issue) => issue.batch ?? '—' },
                      { header: t('reports.issue', 'Issue'), cell: (issue) => (issue.groupedBy === 'type' ? valueOf(issue.key) : issue.key) },
                      { header: t('reports.count', 'Count'), cell: (issue) => issue.count },
                      {
                        header: t('reports.improvement', 'Improvement record'),
                        cell: (issue) =>
                          issue.improvementRecord ? (
                            <LinkButton variant="tertiary" size="S" href={recordUrl(issue.improvementRecord.documentId)}>
                              {`${issue.improvementRecord.reference ?? ''} · ${issue.improvementRecord.state}`}
                            </LinkButton>
                          ) : (
                            <Button size="S" variant="secondary" onClick={() => startImprovement(issue)}>
                              {t('reports.startImprovement', 'Start improvement record')}
                            </Button>
                          ),
                      },
                    ]}
                  />
                </Section>
              </Grid.Item>
            </Grid.Root>
          )}

          {report && !snapshot && <ContributedSections url={sectionsUrl} testId="report-sections" />}
          {snapshot && (
            <ContributedSections
              url={null}
              testId="report-sections"
              archived={(snapshot.figures.sections ?? []).map((section) => ({
                id: section.id,
                extensionId: section.extensionId,
                title: section.title,
                description: null,
                status: 'ok' as const,
                data: { columns: section.columns, rows: section.rows, ...(section.note ? { note: section.note } : {}) },
              }))}
            />
          )}

          {canImportBase && <ComplaintRateBaseImport departmentOf={departmentOf} onSaved={() => void load(month)} />}
          <ComplaintArchive month={month} />

          <Section title={t('reports.snapshots', 'Archived snapshots')}>
            <DataTable
              rows={snapshots}
              rowKey={(snapshot) => String(snapshot.id)}
              empty={t('reports.noSnapshots', 'No report is archived yet.')}
              columns={[
                { header: t('reports.month', 'Month'), cell: (snapshot) => snapshot.month },
                { header: t('reports.scope', 'Scope'), cell: (snapshot) => snapshot.scope },
                { header: t('reports.generatedAt', 'Generated'), cell: (snapshot) => when(snapshot.generatedAt) },
                { header: t('reports.generatedBy', 'By'), cell: (snapshot) => snapshot.generatedBy ?? '—' },
                {
                  header: <span />,
                  cell: (snapshot) => (
                    <Button variant="ghost" size="S" onClick={() => viewSnapshot(snapshot.id)}>
                      {t('reports.view', 'View')}
                    </Button>
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

export default ReportsPage;
