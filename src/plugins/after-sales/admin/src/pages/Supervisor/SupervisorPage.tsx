import * as React from 'react';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { Badge, Box, Button, Field, Flex, Link, Table, Tbody, Td, TextButton, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowDown, ArrowUp, Download } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { caseLink } from '../../utils/caseLink';
import { saveBlob } from '../../utils/saveBlob';
import { useStateTitle } from '../../utils/workflowStates';
import { DataTable } from '../../components/Layout/DataTable';
import { Section } from '../../components/Layout/Section';
import { NoAccess } from '../../components/NoAccess';
import { isForbidden, useServerErrors } from '../../utils/serverErrors';
import { calendarParts, formatParts } from '../../../../shared/durations';
import type { DrillRow, StaffFigures, SupervisorDrill, SupervisorSortKey, SupervisorView } from '../../../../shared/supervisor';
import { useJoins } from '../../utils/joins';

const TRAINING = 'api::training-session.training-session';
/** The kind id of a content type (`api::service-record.service-record` → `service-record`), for the kind's label. */
const kindOf = (uid: string) => uid.split('.').pop() ?? uid;
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)} %`);
/** The first and last day of the current month, in the business time zone. */
const thisMonth = (timeZone = 'Asia/Shanghai') => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return { from: `${today.slice(0, 8)}01`, to: today };
};

interface Drill {
  person: StaffFigures['person'];
  figure: SupervisorDrill;
  contentType?: string;
  clock?: string;
  rows: DrillRow[] | null;
  truncated: boolean;
}

const StateCell = ({ row }: { row: DrillRow }) => {
  const title = useStateTitle(row.contentType);
  return <Typography>{row.state ? title(row.state) : '—'}</Typography>;
};

/**
 * The supervisor's view (issue #26): per staff member of the departments the user heads (every
 * department for a manager), for a period, the figures a performance review starts from, sortable,
 * exportable as CSV; each figure opens the items behind it. Every access is audited by the server.
 */
export const SupervisorPage = () => {
  const { formatMessage, formatDate, locale } = useIntl();
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();

  const [period, setPeriod] = React.useState(thisMonth());
  const [sort, setSort] = React.useState<{ key: SupervisorSortKey; direction: 'asc' | 'desc' }>({ key: 'name', direction: 'asc' });
  const [view, setView] = React.useState<SupervisorView | null>(null);
  const [drill, setDrill] = React.useState<Drill | null>(null);
  const [forbidden, setForbidden] = React.useState(false);
  const [loading, setLoading] = React.useState(false);

  const failed = (error: unknown) => {
    if (isForbidden(error)) setForbidden(true);
    else toggleNotification({ type: 'danger', message: describe(error, t('supervisor.failed', 'The figures could not be loaded')) });
  };
  const query = (extra: Record<string, string> = {}) => new URLSearchParams({ from: period.from, to: period.to, sort: sort.key, direction: sort.direction, ...extra }).toString();

  const load = async () => {
    setLoading(true);
    try {
      const { data } = await get<{ data: SupervisorView }>(`/after-sales/supervisor?${query()}`);
      setView(data.data);
      setDrill(null);
    } catch (error) {
      failed(error);
    } finally {
      setLoading(false);
    }
  };

  React.useEffect(() => {
    void load();
    // Reloaded when the sort changes; the period is applied with the Show button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sort]);

  const download = async () => {
    try {
      const { data } = await get<Blob>(`/after-sales/supervisor?${query({ format: 'csv', locale: locale.startsWith('zh') ? 'zh-Hans' : 'en' })}`, { responseType: 'blob' } as any);
      saveBlob(data, `supervisor-${period.from}-${period.to}.csv`);
    } catch (error) {
      failed(error);
    }
  };

  const open = async (person: StaffFigures['person'], figure: SupervisorDrill, extra: { contentType?: string; clock?: string } = {}) => {
    setDrill({ person, figure, ...extra, rows: null, truncated: false });
    try {
      const params = new URLSearchParams({ from: view?.period.from ?? period.from, to: view?.period.to ?? period.to, person: String(person.id), figure, ...extra }).toString();
      const { data } = await get<{ data: { rows: DrillRow[]; truncated: boolean } }>(`/after-sales/supervisor/items?${params}`);
      setDrill({ person, figure, ...extra, rows: data.data.rows, truncated: data.data.truncated });
    } catch (error) {
      setDrill(null);
      failed(error);
    }
  };

  if (forbidden) return <NoAccess />;
  if (!view) return <Page.Loading />;

  const words = { day: t('time.day', 'd'), workingDay: t('time.workingDay', 'working d'), hour: t('time.hour', 'h'), minute: t('time.minute', 'min') };
  const duration = (ms: number | null) => (ms === null ? '—' : formatParts(calendarParts(ms), words));
  const clockName = (contentType: string, clock: string) => `${t(`dashboard.kind.${kindOf(contentType)}`, kindOf(contentType))} · ${t(`clock.${clock}`, clock)}`;
  const figureLabel = (d: Drill) => {
    if (d.figure === 'clock' || d.figure === 'late') return clockName(d.contentType ?? '', d.clock ?? '');
    const labels: Record<string, string> = {
      handled: t('supervisor.handled', 'Items handled'),
      rated: t('supervisor.satisfaction', 'Satisfaction'),
      reopened: t('supervisor.reopenRate', 'Reopen rate'),
      complaints: t('supervisor.complaints', 'Complaints found responsible'),
      training: t('supervisor.training', 'Training'),
    };
    return labels[d.figure];
  };
  /** A figure as a link that opens its items (nothing to open: plain text). */
  const figure = (text: React.ReactNode, count: number, onOpen: () => void, label: string) =>
    count > 0 ? (
      <TextButton onClick={onOpen} aria-label={label}>
        {text}
      </TextButton>
    ) : (
      <Typography textColor="neutral600">{text}</Typography>
    );

  const SortHeader = ({ sortKey, children }: { sortKey: SupervisorSortKey; children: string }) => {
    const active = sort.key === sortKey;
    return (
      <TextButton
        onClick={() => setSort({ key: sortKey, direction: active ? (sort.direction === 'asc' ? 'desc' : 'asc') : sortKey === 'name' ? 'asc' : 'desc' })}
        endIcon={active ? sort.direction === 'asc' ? <ArrowUp /> : <ArrowDown /> : undefined}
        aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
      >
        <Typography variant="sigma">{children}</Typography>
      </TextButton>
    );
  };

  const detailOf = (row: DrillRow) => {
    if (row.detail === 'met')
      return (
        <Badge backgroundColor="success100" textColor="success700">
          {t('supervisor.met', 'On time')}
        </Badge>
      );
    if (row.detail === 'late')
      return (
        <Badge backgroundColor="danger100" textColor="danger700">
          {t('supervisor.late', 'Late')}
        </Badge>
      );
    if (row.detail === 'open')
      return (
        <Badge backgroundColor="warning100" textColor="warning700">
          {t('supervisor.overdueOpen', 'Overdue, still open')}
        </Badge>
      );
    if (drill?.figure === 'rated') return t('supervisor.score', 'Score {score}', { score: String(row.detail) });
    if (drill?.figure === 'reopened') return t('supervisor.reopenedTimes', 'Reopened {count} time(s)', { count: String(row.detail) });
    return row.detail === null ? '' : String(row.detail);
  };

  return (
    <Page.Main>
      <Page.Title>{t('supervisor.title', "Supervisor's view")}</Page.Title>
      <Layouts.Header
        title={t('supervisor.title', "Supervisor's view")}
        subtitle={
          view.scope === 'all'
            ? t('supervisor.subtitle.all', 'Every department: each member’s work, deadlines, satisfaction, complaints and training for the period')
            : t('supervisor.subtitle.headed', 'The departments you head: {departments}', { departments: view.departments.map((d) => d.name).join('、') })
        }
        primaryAction={
          <Button variant="secondary" startIcon={<Download />} onClick={download}>
            {t('supervisor.csv', 'Download CSV')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Flex gap={3} alignItems="flex-end">
            <Field.Root name="from">
              <Field.Label>{t('supervisor.from', 'From')}</Field.Label>
              <TextInput type="date" value={period.from} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPeriod({ ...period, from: e.target.value })} />
            </Field.Root>
            <Field.Root name="to">
              <Field.Label>{t('supervisor.to', 'To')}</Field.Label>
              <TextInput type="date" value={period.to} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPeriod({ ...period, to: e.target.value })} />
            </Field.Root>
            <Button loading={loading} onClick={load}>
              {t('supervisor.show', 'Show')}
            </Button>
          </Flex>
          {/* Which period the figures below are for: a new period replaces them only once it is counted. */}
          <Typography variant="pi" textColor="neutral600" data-testid="supervisor-period">
            {t('supervisor.figuresFor', 'Figures for {from} – {to}', { from: view.period.from, to: view.period.to })}
          </Typography>

          <Box background="neutral0" hasRadius shadow="tableShadow">
            <Table colCount={8} rowCount={view.staff.length + 1} data-testid="supervisor-table" aria-busy={loading}>
              <Thead>
                <Tr>
                  <Th>
                    <SortHeader sortKey="name">{t('supervisor.person', 'Staff member')}</SortHeader>
                  </Th>
                  <Th>
                    <SortHeader sortKey="handled">{t('supervisor.handled', 'Items handled')}</SortHeader>
                  </Th>
                  <Th>
                    <SortHeader sortKey="onTime">{t('supervisor.onTime', 'On time')}</SortHeader>
                  </Th>
                  <Th>
                    <SortHeader sortKey="medianHandlingMs">{t('supervisor.median', 'Median handling time')}</SortHeader>
                  </Th>
                  <Th>
                    <SortHeader sortKey="satisfaction">{t('supervisor.satisfaction', 'Satisfaction')}</SortHeader>
                  </Th>
                  <Th>
                    <SortHeader sortKey="reopenRate">{t('supervisor.reopenRate', 'Reopen rate')}</SortHeader>
                  </Th>
                  <Th>
                    <SortHeader sortKey="complaints">{t('supervisor.complaints', 'Complaints found responsible')}</SortHeader>
                  </Th>
                  <Th>
                    <SortHeader sortKey="training">{t('supervisor.training', 'Training')}</SortHeader>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {view.staff.length === 0 && (
                  <Tr>
                    <Td colSpan={8}>
                      <Typography textColor="neutral600">{t('supervisor.empty', 'Nobody works in these departments yet.')}</Typography>
                    </Td>
                  </Tr>
                )}
                {view.staff.map((s) => (
                  <Tr key={s.person.id} data-testid={`supervisor-row-${s.person.id}`}>
                    <Td>
                      <Flex direction="column" alignItems="flex-start" gap={1}>
                        <Typography fontWeight="bold">{s.person.name}</Typography>
                        <Typography variant="pi" textColor="neutral600">
                          {t(`supervisor.kind.${s.person.kind}`, s.person.kind)}
                          {s.person.departments.length ? ` · ${s.person.departments.join('、')}` : ''}
                        </Typography>
                      </Flex>
                    </Td>
                    <Td>
                      <Flex direction="column" alignItems="flex-start" gap={1}>
                        {figure(s.handled.total, s.handled.total, () => open(s.person, 'handled'), t('supervisor.open.handled', 'Open the items {name} handled', { name: s.person.name }))}
                        <Typography variant="pi" textColor="neutral600">
                          {t('supervisor.handledSplit', '{feedback} feedback · {complaint} complaints · {serviceRecord} service records', {
                            feedback: s.handled.feedback,
                            complaint: s.handled.complaint,
                            serviceRecord: s.handled.serviceRecord,
                          })}
                        </Typography>
                      </Flex>
                    </Td>
                    <Td>
                      <Flex direction="column" alignItems="flex-start" gap={1}>
                        <Typography fontWeight="bold">{percent(s.onTime.rate)}</Typography>
                        {s.onTime.clocks
                          .filter((c) => c.total > 0)
                          .map((c) => (
                            <TextButton key={`${c.contentType}.${c.clock}`} onClick={() => open(s.person, 'clock', { contentType: c.contentType, clock: c.clock })}>
                              <Typography variant="pi">
                                {clockName(c.contentType, c.clock)} {c.met}/{c.total}
                              </Typography>
                            </TextButton>
                          ))}
                      </Flex>
                    </Td>
                    <Td>
                      <Typography>{duration(s.medianHandlingMs)}</Typography>
                    </Td>
                    <Td>
                      {figure(
                        s.satisfaction.average === null
                          ? '—'
                          : t('supervisor.average', '{average} ({responses} scores)', { average: s.satisfaction.average.toFixed(2), responses: s.satisfaction.responses }),
                        s.satisfaction.responses,
                        () => open(s.person, 'rated'),
                        t('supervisor.open.rated', 'Open the scored items of {name}', { name: s.person.name })
                      )}
                    </Td>
                    <Td>
                      {figure(
                        s.reopen.rate === null ? '—' : joins.parenthesised(percent(s.reopen.rate), `${s.reopen.reopened}/${s.reopen.items}`),
                        s.reopen.reopened,
                        () => open(s.person, 'reopened'),
                        t('supervisor.open.reopened', 'Open the reopened items of {name}', { name: s.person.name })
                      )}
                    </Td>
                    <Td>
                      {figure(
                        s.complaintsResponsible,
                        s.complaintsResponsible,
                        () => open(s.person, 'complaints'),
                        t('supervisor.open.complaints', 'Open the complaints naming {name}', { name: s.person.name })
                      )}
                    </Td>
                    <Td>
                      <Flex direction="column" alignItems="flex-start" gap={1}>
                        {figure(
                          t('supervisor.sessions', '{count} session(s)', { count: s.training.count }),
                          s.training.count,
                          () => open(s.person, 'training'),
                          t('supervisor.open.training', 'Open the training sessions of {name}', { name: s.person.name })
                        )}
                        {s.training.sessions.slice(0, 3).map((session) => (
                          <Typography key={session.documentId} variant="pi" textColor="neutral600">
                            {session.date} {session.topic}
                          </Typography>
                        ))}
                      </Flex>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>

          {drill && (
            <Section
              title={`${drill.person.name} · ${figureLabel(drill)}`}
              subtitle={t('supervisor.drillPeriod', '{from} – {to}', { from: view.period.from, to: view.period.to })}
              testId="supervisor-drill"
              actions={
                <Button variant="tertiary" onClick={() => setDrill(null)}>
                  {t('supervisor.close', 'Close')}
                </Button>
              }
            >
              {drill.rows === null ? (
                <Typography textColor="neutral600">{t('supervisor.loading', 'Loading…')}</Typography>
              ) : (
                <>
                  <DataTable
                    rows={drill.rows}
                    rowKey={(row) => `${row.contentType}:${row.documentId}`}
                    empty={t('supervisor.noItems', 'No items.')}
                    columns={[
                      {
                        header: drill.figure === 'training' ? t('supervisor.topic', 'Topic') : t('supervisor.reference', 'Reference'),
                        cell: (row) => {
                          const label = row.contentType === TRAINING ? String(row.detail ?? '') : (row.reference ?? row.documentId);
                          // Counted in the figure, but the viewer's role does not read it (another department's item, say): no dead-end link.
                          if (!row.readable)
                            return (
                              <Typography textColor="neutral600" title={t('supervisor.notReadable', 'Your role may not open this item')}>
                                {label} · {t('supervisor.notReadableShort', 'no access')}
                              </Typography>
                            );
                          return (
                            <Link tag={RouterLink} to={row.contentType === TRAINING ? `/content-manager/collection-types/${TRAINING}/${row.documentId}` : caseLink(row.contentType, row.documentId)}>
                              {label}
                            </Link>
                          );
                        },
                      },
                      {
                        header: t('supervisor.kindColumn', 'Kind'),
                        cell: (row) => (row.contentType === TRAINING ? t('supervisor.training', 'Training') : t(`dashboard.kind.${kindOf(row.contentType)}`, kindOf(row.contentType))),
                      },
                      { header: t('supervisor.state', 'State'), cell: (row) => (row.contentType === TRAINING ? '—' : <StateCell row={row} />) },
                      {
                        header: t('supervisor.when', 'When'),
                        cell: (row) => (row.at === null ? '—' : row.at.length === 10 ? row.at : formatDate(row.at, { dateStyle: 'medium', timeStyle: 'short', timeZone: view.period.timeZone })),
                      },
                      { header: t('supervisor.detail', 'Detail'), cell: (row) => (row.contentType === TRAINING ? '' : detailOf(row)) },
                    ]}
                  />
                  {drill.truncated && (
                    <Typography variant="pi" textColor="neutral600">
                      {t('supervisor.truncated', 'Only the newest 500 are listed.')}
                    </Typography>
                  )}
                </>
              )}
            </Section>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default SupervisorPage;
