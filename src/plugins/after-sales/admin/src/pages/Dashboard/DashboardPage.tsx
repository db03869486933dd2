import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Flex, Grid, Link, SingleSelect, SingleSelectOption, TextInput, Typography, Field } from '@strapi/design-system';
import { ArrowClockwise, ArrowLeft, ArrowRight } from '@strapi/icons';
import { Link as RouterLink } from 'react-router-dom';
import { listPath, type ListFilter } from '../../utils/listLinks';
import { ApprovalList } from '../../components/Dashboard/ApprovalList';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { ItemTable } from '../../components/Dashboard/ItemTable';
import { DataTable } from '../../components/Layout/DataTable';
import { Section } from '../../components/Layout/Section';
import { SatisfactionChart, WeeklyVolumeChart } from '../../components/Dashboard/Charts';
import type { Dashboard } from '../../components/Dashboard/types';
import { NoAccess } from '../../components/NoAccess';
import { ContributedSections } from '../../components/ContributedSections';
import { RegionOfficeFilters, ServiceNetwork } from '../../components/ServiceNetwork';
import { isForbidden, useServerErrors } from '../../utils/serverErrors';
import { useJoins } from '../../utils/joins';

interface Filters {
  from: string;
  to: string;
  product: string;
  department: string;
  region: string;
  office: string;
}

type MonthIssue = Dashboard['month']['highFrequencyIssues'][number];

/**
 * A high-frequency issue's count. The dashboard sends counts only (a group can hold thousands of
 * items): hovering or focusing the count loads the issue's references into its tooltip.
 */
const IssueCount = ({ issue, month, filters }: { issue: MonthIssue; month: string; filters: Filters }) => {
  const { get } = useFetchClient();
  const { formatMessage } = useIntl();
  const [title, setTitle] = React.useState<string | undefined>(undefined);
  const load = () => {
    if (title !== undefined) return;
    setTitle(formatMessage({ id: getTranslation('dashboard.loadingReferences'), defaultMessage: 'Loading the references…' }));
    const params = new URLSearchParams({ month, productModel: issue.productModel, groupedBy: issue.groupedBy, key: issue.key });
    if (issue.batch !== null) params.set('batch', issue.batch);
    for (const key of ['product', 'department', 'region', 'office'] as const) if (filters[key]) params.set(key, filters[key]);
    get<{ data: { references: string[]; total: number } }>(`/after-sales/dashboard/issue-references?${params.toString()}`)
      .then(({ data }) => {
        const more = data.data.total - data.data.references.length;
        const list = data.data.references.join(', ');
        setTitle(more > 0 ? `${list} ${formatMessage({ id: getTranslation('dashboard.moreReferences'), defaultMessage: '… and {count} more' }, { count: more })}` : list);
      })
      .catch(() => setTitle(undefined));
  };
  return (
    <Typography fontWeight="bold" tabIndex={0} title={title} onMouseEnter={load} onFocus={load} data-testid={`issue-count-${issue.productModel}-${issue.batch ?? ''}-${issue.key}`}>
      {issue.count}
    </Typography>
  );
};

/** The after-sales dashboard: what to do now (queues, overdue and at-risk items), then how things are going. */
export const DashboardPage = () => {
  const { formatMessage, formatNumber, locale } = useIntl();
  const { get } = useFetchClient();
  const { describe } = useServerErrors();
  const [filters, setFilters] = React.useState<Filters>({ from: '', to: '', product: '', department: '', region: '', office: '' });
  const [data, setData] = React.useState<Dashboard | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [forbidden, setForbidden] = React.useState(false);
  const [loading, setLoading] = React.useState(false);
  const [page, setPage] = React.useState(1);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();

  const load = React.useCallback(
    async (current: Filters, departmentPage = 1) => {
      setLoading(true);
      try {
        const params = new URLSearchParams({ locale: locale.startsWith('zh') ? 'zh-Hans' : 'en' });
        for (const [key, value] of Object.entries(current)) if (value) params.set(key, value);
        if (departmentPage > 1) params.set('page', String(departmentPage));
        const response = await get<{ data: Dashboard }>(`/after-sales/dashboard?${params.toString()}`);
        setData(response.data.data);
        setPage(response.data.data.departmentQueue.page ?? 1);
        setError(null);
      } catch (err: any) {
        setForbidden(isForbidden(err));
        setError(describe(err, t('dashboard.failed', 'The dashboard could not be loaded')));
      } finally {
        setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [get, locale]
  );

  React.useEffect(() => {
    load(filters);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [load]);

  const update = (key: keyof Filters, value: string) => {
    const next = { ...filters, [key]: value };
    setFilters(next);
    load(next, 1);
  };

  if (!data && forbidden) return <NoAccess />;
  if (!data && error) return <Page.Error />;
  if (!data) return <Page.Loading />;

  // A member of service points (offices) without a department: the queue and the counts are their offices'.
  const officesOnly = !!data.scopeDepartments && !data.scopeDepartments.length && !!data.scopeOffices?.length;
  // The list a counter opens counts the same items: that state, in the caller's departments (and the chosen filters).
  const countFilters = (state: string): ListFilter[] => {
    const list: ListFilter[] = [{ field: 'state', operator: '$eq', value: state }];
    if (filters.department) list.push({ field: 'department][code', operator: '$eq', value: filters.department });
    else if (officesOnly) list.push({ field: 'office][code', operator: '$in', value: data.scopeOffices! });
    else if (data.scopeDepartments)
      list.push(
        data.scopeDepartments.length === 1
          ? { field: 'department][code', operator: '$eq', value: data.scopeDepartments[0] }
          : { field: 'department][code', operator: '$in', value: data.scopeDepartments.length ? data.scopeDepartments : ['-'] }
      );
    if (filters.product) list.push({ field: 'product][modelCode', operator: '$eq', value: filters.product });
    return list;
  };
  const percent = (rate: number | null) => (rate === null ? '–' : formatNumber(rate, { style: 'percent', maximumFractionDigits: 1 }));
  const kindName = (kind: string) => t(`dashboard.kind.${kind}`, kind);

  return (
    <Page.Main>
      <Page.Title>{t('dashboard.title', 'After-sales dashboard')}</Page.Title>
      <Layouts.Header
        title={t('dashboard.title', 'After-sales dashboard')}
        subtitle={t('dashboard.subtitle', 'Start with your own overdue items, then your queue. Click a row to open it.')}
        primaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} loading={loading} onClick={() => load(filters, page)}>
            {t('dashboard.refresh', 'Refresh')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={4}>
            <Flex gap={4} wrap="wrap" alignItems="flex-end">
              <Field.Root name="from">
                <Field.Label>{t('dashboard.filter.from', 'From')}</Field.Label>
                <TextInput type="date" value={filters.from || data.period.from} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update('from', e.target.value)} />
              </Field.Root>
              <Field.Root name="to">
                <Field.Label>{t('dashboard.filter.to', 'To')}</Field.Label>
                <TextInput type="date" value={filters.to} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update('to', e.target.value)} />
              </Field.Root>
              <Field.Root name="product">
                <Field.Label>{t('dashboard.filter.product', 'Product')}</Field.Label>
                <SingleSelect
                  value={filters.product}
                  placeholder={t('dashboard.filter.all', 'All')}
                  onChange={(value: string | number) => update('product', String(value ?? ''))}
                  onClear={() => update('product', '')}
                >
                  {data.options.products.map((p) => (
                    <SingleSelectOption key={p.modelCode} value={p.modelCode}>
                      {`${p.modelCode} · ${p.name}`}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Field.Root name="department">
                <Field.Label>{t('dashboard.filter.department', 'Department')}</Field.Label>
                <SingleSelect
                  value={filters.department}
                  placeholder={t('dashboard.filter.all', 'All')}
                  onChange={(value: string | number) => update('department', String(value ?? ''))}
                  onClear={() => update('department', '')}
                >
                  {data.options.departments.map((d) => (
                    <SingleSelectOption key={d.code} value={d.code}>
                      {d.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <RegionOfficeFilters
                offices={data.options.offices}
                region={filters.region}
                office={filters.office}
                onChange={(next) => {
                  const changed = { ...filters, ...next };
                  setFilters(changed);
                  load(changed, 1);
                }}
              />
            </Flex>
            {data.figures.kept && (
              // A large scope's counts and charts are kept a little while: say how old they are.
              <Box paddingTop={3}>
                <Typography variant="pi" textColor="neutral600" data-testid="dashboard-figures-as-of">
                  {t('dashboard.figuresAsOf', 'Counts and charts as of {time}, updated every {seconds} s; the lists are live.', {
                    time: new Date(data.figures.asOf).toLocaleTimeString(locale),
                    seconds: data.figures.freshSeconds,
                  })}
                </Typography>
              </Box>
            )}
            {error && (
              <Box paddingTop={3}>
                <Typography textColor="danger600" data-testid="dashboard-error">
                  {error}
                </Typography>
              </Box>
            )}
          </Box>

          <Grid.Root gap={4}>
            {data.countsByState.map((group) => (
              <Grid.Item key={group.kind} col={4} s={12} direction="column" alignItems="stretch">
                <Section title={kindName(group.kind)} testId={`counts-${group.kind}`}>
                  <Flex gap={2} wrap="wrap">
                    {group.states.map((s) => (
                      // Each counter opens the list of those items (the Content Manager, filtered by state).
                      <Link key={s.state} tag={RouterLink} to={listPath(group.contentType, countFilters(s.state))} data-testid={`count-link-${group.kind}-${s.state}`}>
                        <Badge
                          data-testid={`count-${group.kind}-${s.state}`}
                          backgroundColor={s.category === 'done' ? 'neutral150' : 'primary100'}
                          textColor={s.category === 'done' ? 'neutral700' : 'primary700'}
                        >
                          {joins.labelled(s.title, s.count)}
                        </Badge>
                      </Link>
                    ))}
                  </Flex>
                </Section>
              </Grid.Item>
            ))}
          </Grid.Root>

          {data.awaitingApproval.length > 0 && (
            <Section
              title={t('dashboard.awaitingApproval', 'Awaiting my approval ({count})', { count: data.awaitingApproval.length })}
              subtitle={t('dashboard.awaitingApprovalHint', 'Plans of complaints and improvement records that your department must approve.')}
              testId="section-awaiting-approval"
            >
              <ApprovalList rows={data.awaitingApproval} testId="awaiting-approval" empty={t('approval.none', 'No plan is waiting for your approval.')} />
            </Section>
          )}
          <Section title={t('dashboard.breached', 'Overdue')} subtitle={t('dashboard.breachedHint', 'Deadlines already missed: act on these first.')} testId="section-breached">
            <ItemTable rows={data.breached} empty={t('dashboard.noneBreached', 'Nothing is overdue.')} />
          </Section>
          <Section title={t('dashboard.atRisk', 'At risk')} subtitle={t('dashboard.atRiskHint', 'Less than half a working day left.')} testId="section-at-risk">
            <ItemTable rows={data.atRisk} empty={t('dashboard.noneAtRisk', 'Nothing is close to its deadline.')} />
          </Section>
          <Section title={t('dashboard.myQueue', 'My queue ({count})', { count: data.myQueue.total })} testId="section-my-queue">
            <ItemTable rows={data.myQueue.rows} empty={t('dashboard.myQueueEmpty', 'Nothing is assigned to you.')} showAssignee={false} />
          </Section>
          <Section
            title={
              officesOnly
                ? t('dashboard.officeQueue', 'My offices ({count})', { count: data.departmentQueue.total })
                : t('dashboard.departmentQueue', 'My departments ({count})', { count: data.departmentQueue.total })
            }
            testId="section-department-queue"
            actions={
              (data.departmentQueue.pageCount ?? 1) > 1 ? (
                <Flex gap={2} data-testid="department-queue-pages">
                  <Button variant="tertiary" size="S" startIcon={<ArrowLeft />} disabled={page <= 1 || loading} onClick={() => load(filters, page - 1)}>
                    {t('dashboard.previousPage', 'Previous')}
                  </Button>
                  <Typography variant="pi" textColor="neutral600">
                    {t('dashboard.pageOf', 'Page {page} of {pages}', { page, pages: data.departmentQueue.pageCount ?? 1 })}
                  </Typography>
                  <Button variant="tertiary" size="S" endIcon={<ArrowRight />} disabled={page >= (data.departmentQueue.pageCount ?? 1) || loading} onClick={() => load(filters, page + 1)}>
                    {t('dashboard.nextPage', 'Next')}
                  </Button>
                </Flex>
              ) : undefined
            }
          >
            <ItemTable
              rows={data.departmentQueue.rows}
              empty={officesOnly ? t('dashboard.officeQueueEmpty', 'No open item in your offices.') : t('dashboard.departmentQueueEmpty', 'No open item in your departments.')}
            />
          </Section>

          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Section title={t('dashboard.weeklyVolume', 'Feedback per week, by type')} subtitle={`${data.period.from} – ${data.period.to.slice(0, 10)}`}>
                <WeeklyVolumeChart volume={data.weeklyVolume} />
              </Section>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Section title={t('dashboard.satisfaction', 'Satisfaction per week')} subtitle={t('dashboard.satisfactionHint', 'Average score (1–5) of items closed that week')}>
                <SatisfactionChart trend={data.satisfactionTrend} />
              </Section>
            </Grid.Item>
          </Grid.Root>

          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Section
                title={t('dashboard.complaintRate', 'Complaint rate per department, {month}', { month: data.month.month })}
                subtitle={t('dashboard.complaintRateHint', 'Complaints attributed to the department ÷ items it handled')}
              >
                <DataTable
                  rows={data.month.complaintRateByDepartment}
                  rowKey={(row) => row.department}
                  empty={t('dashboard.noComplaints', 'No complaint this month.')}
                  columns={[
                    { header: t('dashboard.filter.department', 'Department'), cell: (row) => data.options.departments.find((d) => d.code === row.department)?.name ?? row.department },
                    { header: t('dashboard.complaints', 'Complaints'), cell: (row) => row.complaints },
                    { header: t('dashboard.itemsHandled', 'Items handled'), cell: (row) => row.itemsHandled },
                    { header: t('dashboard.rate', 'Rate'), cell: (row) => <Typography fontWeight="bold">{percent(row.rate)}</Typography> },
                  ]}
                />
              </Section>
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Section
                title={t('dashboard.highFrequency', 'High-frequency issues, {month}', { month: data.month.month })}
                subtitle={t('dashboard.highFrequencyHint', 'Same product model (and batch) with the same type or article more than {threshold} times', { threshold: data.month.threshold })}
              >
                <DataTable
                  rows={data.month.highFrequencyIssues}
                  rowKey={(row) => `${row.productModel}:${row.batch}:${row.groupedBy}:${row.key}`}
                  empty={t('dashboard.noHighFrequency', 'No high-frequency issue this month.')}
                  columns={[
                    { header: t('dashboard.filter.product', 'Product'), cell: (row) => row.productModel },
                    { header: t('dashboard.batch', 'Batch'), cell: (row) => row.batch ?? '–' },
                    { header: t('dashboard.issue', 'Issue'), cell: (row) => (row.groupedBy === 'type' ? t(`value.${row.key}`, row.key) : row.key) },
                    {
                      header: t('dashboard.count', 'Items'),
                      cell: (row) => <IssueCount issue={row} month={data.month.month} filters={filters} />,
                    },
                  ]}
                />
              </Section>
            </Grid.Item>
          </Grid.Root>

          {data.month.regions.length > 0 && <ServiceNetwork regions={data.month.regions} offices={data.month.offices} threshold={data.month.threshold} />}

          <ContributedSections url="/after-sales/dashboard/widgets" testId="dashboard-widgets" />
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default DashboardPage;
