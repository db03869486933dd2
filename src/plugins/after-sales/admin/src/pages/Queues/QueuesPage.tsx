import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Checkbox, Field, Flex, Loader, Modal, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useNavigate } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { caseLink } from '../../utils/caseLink';
import { useServerErrors, isForbidden } from '../../utils/serverErrors';
import { RemainingTime } from '../../components/Dashboard/RemainingTime';
import { NoAccess } from '../../components/NoAccess';
import { QueueSearch } from './QueueSearch';
import { MergeDialog } from './MergeDialog';
import { textOf, type BulkAnswer, type QueueFilters, type QueueItem, type QueueTag, type SavedView, type ViewsAnswer } from './types';
import { useJoins } from '../../utils/joins';

const AT_RISK_MS = 4 * 3600_000;
type Selected = { kind: 'builtin'; id: string } | { kind: 'saved'; id: number };
/** A refused item's reason: the queue's own wording where the case screen's (`error.*`) speaks of its workflow panel. */
const QUEUE_REFUSALS = new Set(['illegal-state', 'different-kind', 'different-customer', 'no-merge-action', 'closed']);
const refusalKey = (code: string) => (QUEUE_REFUSALS.has(code) ? `queues.refusal.${code}` : `error.${code}`);
const keyOf = (row: { contentType: string; documentId: string }) => `${row.contentType}:${row.documentId}`;
const isTyping = (target: EventTarget | null) => {
  const element = target as HTMLElement | null;
  return !!element && (['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable || !!element.closest('[role="dialog"]') || !!element.closest('[role="listbox"]'));
};

/** Save the current filters and columns as a view, private or shared with one of my departments. */
const SaveViewDialog = ({
  filters,
  columns,
  departments,
  onSaved,
}: {
  filters: QueueFilters;
  columns: string[];
  departments: { code: string; name: string }[];
  onSaved: (view: SavedView) => void;
}) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const { post } = useFetchClient();
  const { describe } = useServerErrors();
  const [open, setOpen] = React.useState(false);
  const [name, setName] = React.useState('');
  const [department, setDepartment] = React.useState('');
  const [chosen, setChosen] = React.useState<string[]>(columns);
  const [error, setError] = React.useState<string | null>(null);
  React.useEffect(() => setChosen(columns), [columns, open]);
  const save = async () => {
    setError(null);
    try {
      const { data } = await post<{ data: SavedView }>('/after-sales/queues/saved-views', { name, department: department || null, filters, columns: chosen });
      onSaved(data.data);
      setOpen(false);
      setName('');
    } catch (e) {
      setError(describe(e, t('queues.saveView.failed', 'The view could not be saved.')));
    }
  };
  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button variant="secondary" data-testid="queue-save-view">
          {t('queues.saveView.open', 'Save as a view')}
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('queues.saveView.title', 'Save as a view')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="view-name" required>
              <Field.Label>{t('queues.saveView.name', 'Name')}</Field.Label>
              <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} data-testid="queue-view-name" />
            </Field.Root>
            <Field.Root name="view-department">
              <Field.Label>{t('queues.saveView.share', 'Who sees it')}</Field.Label>
              <SingleSelect value={department} onChange={(value: string | number) => setDepartment(String(value))}>
                <SingleSelectOption value="">{t('queues.saveView.private', 'Only me')}</SingleSelectOption>
                {departments.map((department) => (
                  <SingleSelectOption key={department.code} value={department.code}>
                    {formatMessage({ id: getTranslation('queues.saveView.department'), defaultMessage: 'Shared with {department}' }, { department: department.name })}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Flex direction="column" alignItems="stretch" gap={1}>
              <Typography variant="pi" fontWeight="bold">
                {t('queues.saveView.columns', 'Columns')}
              </Typography>
              {columns.map((column) => (
                <Checkbox key={column} checked={chosen.includes(column)} onCheckedChange={(on: boolean) => setChosen(on ? [...chosen, column] : chosen.filter((c) => c !== column))}>
                  {t(`queues.column.${column}`, column)}
                </Checkbox>
              ))}
            </Flex>
            {error && <Typography textColor="danger600">{error}</Typography>}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('queues.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={() => void save()} disabled={!name.trim() || !chosen.length} data-testid="queue-view-save">
            {t('queues.saveView.save', 'Save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/**
 * The work queue page: built-in and saved views across feedback, complaints and service records,
 * the next deadline of each item, keyboard work (j/k move, Enter opens the case, x selects), bulk
 * actions on the selection, tags and the search box.
 */
export const QueuesPage = () => {
  const { formatMessage, formatDate, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();
  const lang = locale.startsWith('zh') ? 'zh-Hans' : 'en';
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const navigate = useNavigate();
  const [views, setViews] = React.useState<ViewsAnswer | null>(null);
  const [forbidden, setForbidden] = React.useState(false);
  const [tags, setTags] = React.useState<QueueTag[]>([]);
  const [selected, setSelected] = React.useState<Selected>({ kind: 'builtin', id: 'mine' });
  const [kindFilter, setKindFilter] = React.useState('');
  const [tagFilter, setTagFilter] = React.useState('');
  const [rows, setRows] = React.useState<QueueItem[] | null>(null);
  const [columns, setColumns] = React.useState<string[]>([]);
  const [nextCursor, setNextCursor] = React.useState<string | null>(null);
  const [focus, setFocus] = React.useState(0);
  const [picked, setPicked] = React.useState<Set<string>>(new Set());
  const [bulkAction, setBulkAction] = React.useState('');
  const [bulkTag, setBulkTag] = React.useState('');
  const [refusals, setRefusals] = React.useState<BulkAnswer['items']>([]);
  const [merged, setMerged] = React.useState<BulkAnswer | null>(null);
  const [busy, setBusy] = React.useState(false);
  /** The last load asked for: an answer to an earlier one (filters since changed) is dropped, not shown. */
  const lastLoad = React.useRef(0);
  const [loading, setLoading] = React.useState(false);

  React.useEffect(() => {
    get<{ data: ViewsAnswer }>('/after-sales/queues/views')
      .then(({ data }) => setViews(data.data))
      .catch((e) => (isForbidden(e) ? setForbidden(true) : toggleNotification({ type: 'danger', message: describe(e, t('queues.loadFailed', 'The queue could not be loaded.')) })));
    get<{ data: QueueTag[] }>('/after-sales/queues/tags')
      .then(({ data }) => setTags(data.data))
      .catch(() => setTags([]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [get]);

  const params = React.useCallback(
    (cursor?: string | null) => {
      const search = new URLSearchParams({ locale: lang });
      if (selected.kind === 'saved') search.set('savedView', String(selected.id));
      else {
        search.set('view', selected.id);
        if (kindFilter) search.set('kinds', kindFilter);
        if (tagFilter) search.set('tags', tagFilter);
      }
      if (cursor) search.set('cursor', cursor);
      return search;
    },
    [selected, kindFilter, tagFilter, lang]
  );

  const load = React.useCallback(
    async (cursor?: string | null) => {
      const request = ++lastLoad.current;
      setLoading(true);
      try {
        const { data } = await get<{ data: QueueItem[]; meta: { nextCursor: string | null; columns: string[] } }>(`/after-sales/queues/items?${params(cursor)}`);
        if (request !== lastLoad.current) return;
        setRows((current) => (cursor && current ? [...current, ...data.data] : data.data));
        setColumns(data.meta.columns);
        setNextCursor(data.meta.nextCursor);
        if (!cursor) {
          setFocus(0);
          setPicked(new Set());
        }
      } catch (e) {
        if (request !== lastLoad.current) return;
        if (isForbidden(e)) setForbidden(true);
        else toggleNotification({ type: 'danger', message: describe(e, t('queues.loadFailed', 'The queue could not be loaded.')) });
      } finally {
        if (request === lastLoad.current) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [get, params]
  );

  // Another view or filter (a new `load`): the rows shown so far are not this view's, so they go while it loads (an
  // agent who picked 已超时 saw their own items under that name until the answer came).
  React.useEffect(() => {
    if (!views) return;
    setRows(null);
    void load(null);
  }, [views, load]);

  const toggle = React.useCallback((row: QueueItem) => {
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(keyOf(row))) next.delete(keyOf(row));
      else next.add(keyOf(row));
      return next;
    });
  }, []);

  React.useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!rows?.length || isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'j') setFocus((f) => Math.min(rows.length - 1, f + 1));
      else if (event.key === 'k') setFocus((f) => Math.max(0, f - 1));
      else if (event.key === 'x') toggle(rows[Math.min(focus, rows.length - 1)]);
      else if (event.key === 'Enter') {
        const row = rows[Math.min(focus, rows.length - 1)];
        navigate(caseLink(row.contentType, row.documentId));
      } else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [rows, focus, toggle, navigate]);

  React.useEffect(() => {
    document.querySelector(`[data-queue-row="${focus}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [focus]);

  if (forbidden) return <NoAccess />;
  if (!views) return <Loader>{t('panel.loading', 'Loading')}</Loader>;

  const currentFilters: QueueFilters =
    selected.kind === 'saved'
      ? (views.saved.find((v) => v.id === selected.id)?.filters ?? {})
      : { view: selected.id, ...(kindFilter ? { kinds: [kindFilter] } : {}), ...(tagFilter ? { tags: [Number(tagFilter)] } : {}) };
  const pickedRows = (rows ?? []).filter((row) => picked.has(keyOf(row)));
  const pickedKinds = new Set(pickedRows.map((row) => row.kind));
  const actionChoices = views.kinds.filter((kind) => pickedKinds.has(kind.id)).flatMap((kind) => kind.actions.map((action) => ({ ...action, kind: kind.id })));
  const uniqueActions = [...new Map(actionChoices.map((a) => [a.id, a])).values()];

  const runBulk = async (body: Record<string, unknown>) => {
    setBusy(true);
    setRefusals([]);
    setMerged(null);
    try {
      const { data } = await post<{ data: BulkAnswer }>('/after-sales/queues/bulk', {
        ...body,
        items: pickedRows.map((row) => ({ contentType: row.contentType, documentId: row.documentId, version: row.version ?? undefined })),
      });
      // A merge lists every item (merged or refused) under the case kept; the other actions list their refusals.
      if (body.action === 'merge') setMerged(data.data);
      else setRefusals(data.data.items.filter((item) => !item.ok));
      toggleNotification({
        type: data.data.refused ? 'warning' : 'success',
        message: t('queues.bulk.summary', '{done} done, {refused} refused', { done: data.data.done, refused: data.data.refused }),
      });
      await load(null);
    } catch (e) {
      toggleNotification({ type: 'danger', message: describe(e, t('queues.bulk.failed', 'The action could not be run.')) });
    } finally {
      setBusy(false);
    }
  };

  const reason = (item: BulkAnswer['items'][number]) => (item.code ? formatMessage({ id: getTranslation(refusalKey(item.code)), defaultMessage: item.message ?? item.code }) : (item.message ?? ''));

  const cell = (row: QueueItem, column: string): React.ReactNode => {
    switch (column) {
      case 'reference':
        return <Typography fontWeight="bold">{row.reference}</Typography>;
      case 'summary':
        return (
          <Typography ellipsis textColor="neutral700" style={{ maxWidth: 320, display: 'block' }}>
            {row.summary ?? ''}
          </Typography>
        );
      case 'customer':
        return <Typography textColor="neutral700">{[row.customer?.name ?? row.customer?.company, row.customer?.phone].filter(Boolean).join(' · ') || '–'}</Typography>;
      case 'state':
        return <Typography>{row.stateTitle}</Typography>;
      case 'escalationLevel':
        return <Typography textColor={row.escalationLevel ? 'danger600' : 'neutral500'}>{row.escalationLevel ? t(`escalation.${row.escalationLevel}`, row.escalationLevel) : '–'}</Typography>;
      case 'nextDue':
        return row.nextDue ? (
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <RemainingTime
              row={{
                remainingWorkingMs: row.nextDue.remainingWorkingMs,
                urgency: row.nextDue.breached ? 'breached' : row.nextDue.remainingWorkingMs <= AT_RISK_MS ? 'at-risk' : 'on-track',
                clock: row.nextDue.clock,
                dueAt: row.nextDue.dueAt,
                measure: row.nextDue.measure,
                workingDayMs: row.nextDue.workingDayMs,
              }}
            />
            <Typography variant="pi" textColor="neutral600">
              {formatDate(row.nextDue.dueAt, { dateStyle: 'medium', timeStyle: 'short' })}
            </Typography>
          </Flex>
        ) : (
          <Typography textColor="neutral500">{t('dashboard.noClock', 'No running clock')}</Typography>
        );
      case 'assignee':
        return <Typography textColor="neutral700">{row.assignee?.name ?? t('dashboard.unassigned', 'Not assigned')}</Typography>;
      case 'tags':
        return (
          <Flex gap={1} wrap="wrap">
            {row.tags.map((tag) => (
              <Badge key={tag.id} textColor="neutral0" style={{ backgroundColor: tag.colour }}>
                {tag.name}
              </Badge>
            ))}
          </Flex>
        );
      default:
        return null;
    }
  };

  return (
    <Page.Main>
      <Page.Title>{t('queues.title', 'Work queues')}</Page.Title>
      <Layouts.Header title={t('queues.title', 'Work queues')} subtitle={t('queues.subtitle', 'j / k: move · Enter: open the case · x: select')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <QueueSearch locale={lang} />
          <Flex gap={3} alignItems="flex-end" wrap="wrap">
            <Box minWidth="240px">
              <Field.Root name="queue-view">
                <Field.Label>{t('queues.view', 'View')}</Field.Label>
                <SingleSelect
                  data-testid="queue-view"
                  value={selected.kind === 'builtin' ? `builtin:${selected.id}` : `saved:${selected.id}`}
                  onChange={(value: string | number) => {
                    const [kind, id] = String(value).split(':');
                    setSelected(kind === 'saved' ? { kind: 'saved', id: Number(id) } : { kind: 'builtin', id });
                  }}
                >
                  {views.builtin.map((view) => (
                    <SingleSelectOption key={view.id} value={`builtin:${view.id}`}>
                      {t(`queues.view.${view.id}`, view.id)}
                    </SingleSelectOption>
                  ))}
                  {views.saved.map((view) => (
                    <SingleSelectOption key={view.id} value={`saved:${view.id}`}>
                      {view.department ? joins.parenthesised(view.name, views.departments.find((d) => d.code === view.department)?.name ?? view.department) : view.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>
            {selected.kind === 'builtin' && (
              <>
                <Box minWidth="180px">
                  <Field.Root name="queue-kind">
                    <Field.Label>{t('queues.kind', 'Kind')}</Field.Label>
                    <SingleSelect value={kindFilter} onChange={(value: string | number) => setKindFilter(String(value))}>
                      <SingleSelectOption value="">{t('queues.allKinds', 'All kinds')}</SingleSelectOption>
                      {views.kinds.map((kind) => (
                        <SingleSelectOption key={kind.id} value={kind.id}>
                          {textOf(kind.title, lang, kind.id)}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                </Box>
                <Box minWidth="180px">
                  <Field.Root name="queue-tag">
                    <Field.Label>{t('queues.tag', 'Tag')}</Field.Label>
                    <SingleSelect value={tagFilter} onChange={(value: string | number) => setTagFilter(String(value))}>
                      <SingleSelectOption value="">{t('queues.allTags', 'Any tag')}</SingleSelectOption>
                      {tags.map((tag) => (
                        <SingleSelectOption key={tag.id} value={String(tag.id)}>
                          {tag.name}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                </Box>
                <SaveViewDialog
                  filters={currentFilters}
                  columns={views.columns}
                  departments={views.departments}
                  onSaved={(view) => {
                    setViews({ ...views, saved: [...views.saved, view] });
                    setSelected({ kind: 'saved', id: view.id });
                  }}
                />
              </>
            )}
          </Flex>

          {pickedRows.length > 0 && (
            <Box background="primary100" padding={3} hasRadius data-testid="queue-bulk">
              <Flex gap={3} wrap="wrap" alignItems="flex-end">
                <Typography fontWeight="bold">{t('queues.bulk.selected', '{count} selected', { count: pickedRows.length })}</Typography>
                <Button variant="secondary" disabled={busy} onClick={() => void runBulk({ action: 'assign', assignee: 'me' })} data-testid="queue-assign-me">
                  {t('queues.bulk.assignMe', 'Assign to me')}
                </Button>
                <Button variant="tertiary" disabled={busy} onClick={() => void runBulk({ action: 'assign', assignee: null })}>
                  {t('queues.bulk.unassign', 'Unassign')}
                </Button>
                <Box minWidth="200px">
                  <Field.Root name="queue-bulk-action">
                    <Field.Label>{t('queues.bulk.action', 'Workflow action')}</Field.Label>
                    <SingleSelect value={bulkAction} onChange={(value: string | number) => setBulkAction(String(value))} data-testid="queue-bulk-action">
                      {uniqueActions.map((action) => (
                        <SingleSelectOption key={action.id} value={action.id}>
                          {textOf(action.title, lang, action.id)}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                </Box>
                <Button disabled={busy || !bulkAction} onClick={() => void runBulk({ action: 'transition', workflowAction: bulkAction })} data-testid="queue-bulk-run">
                  {t('queues.bulk.run', 'Run on the selection')}
                </Button>
                <MergeDialog rows={pickedRows} busy={busy} onMerge={(target) => runBulk({ action: 'merge', target: { contentType: target.contentType, documentId: target.documentId } })} />
                {tags.length > 0 && (
                  <>
                    <Box minWidth="160px">
                      <Field.Root name="queue-bulk-tag">
                        <Field.Label>{t('queues.tag', 'Tag')}</Field.Label>
                        <SingleSelect value={bulkTag} onChange={(value: string | number) => setBulkTag(String(value))}>
                          {tags.map((tag) => (
                            <SingleSelectOption key={tag.id} value={String(tag.id)}>
                              {tag.name}
                            </SingleSelectOption>
                          ))}
                        </SingleSelect>
                      </Field.Root>
                    </Box>
                    <Button variant="secondary" disabled={busy || !bulkTag} onClick={() => void runBulk({ action: 'add-tags', tags: [Number(bulkTag)] })}>
                      {t('queues.bulk.addTag', 'Add the tag')}
                    </Button>
                    <Button variant="tertiary" disabled={busy || !bulkTag} onClick={() => void runBulk({ action: 'remove-tags', tags: [Number(bulkTag)] })}>
                      {t('queues.bulk.removeTag', 'Remove the tag')}
                    </Button>
                  </>
                )}
              </Flex>
            </Box>
          )}
          {refusals.length > 0 && (
            <Box background="danger100" padding={3} hasRadius data-testid="queue-refusals">
              <Typography fontWeight="bold">{t('queues.bulk.refusals', 'Refused')}</Typography>
              {refusals.map((item) => (
                <Typography key={keyOf(item)} tag="p">
                  {joins.labelled(item.reference ?? item.documentId, reason(item))}
                </Typography>
              ))}
            </Box>
          )}
          {merged?.target && (
            <Box background={merged.refused ? 'warning100' : 'success100'} padding={3} hasRadius data-testid="queue-merge-result">
              <Typography fontWeight="bold">{t('queues.merge.result', 'Merged into {reference}', { reference: merged.target.reference ?? merged.target.documentId })}</Typography>
              {merged.items.map((item) => (
                <Typography key={keyOf(item)} tag="p" textColor={item.ok ? 'neutral800' : 'danger600'}>
                  {item.ok && item.moved
                    ? t('queues.merge.merged', '{reference}: marked as a duplicate; {entries} conversation entries, {links} links and {tags} tags moved', {
                        reference: item.reference ?? item.documentId,
                        entries: item.moved.entries,
                        links: item.moved.links,
                        tags: item.moved.tags,
                      })
                    : t('queues.merge.refused', '{reference}: not merged. {reason}', { reference: item.reference ?? item.documentId, reason: reason(item) })}
                </Typography>
              ))}
            </Box>
          )}

          {rows === null ? (
            <Loader small>{t('panel.loading', 'Loading')}</Loader>
          ) : !rows.length ? (
            <Typography textColor="neutral600" data-testid="queue-empty">
              {t('queues.empty', 'Nothing in this view.')}
            </Typography>
          ) : (
            <Table colCount={columns.length + 1} rowCount={rows.length + 1} aria-busy={loading} data-testid="queue-table">
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('queues.column.select', 'Select')}</Typography>
                  </Th>
                  {columns.map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">{t(`queues.column.${column}`, column)}</Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((row, index) => (
                  <Tr
                    key={keyOf(row)}
                    data-queue-row={index}
                    data-focused={index === focus ? 'true' : undefined}
                    data-selected={picked.has(keyOf(row)) ? 'true' : undefined}
                    onClick={() => navigate(caseLink(row.contentType, row.documentId))}
                    style={{ cursor: 'pointer', outline: index === focus ? '2px solid #4945ff' : undefined, outlineOffset: -2 }}
                  >
                    <Td onClick={(event: React.MouseEvent) => event.stopPropagation()}>
                      <Checkbox aria-label={row.reference ?? row.documentId} checked={picked.has(keyOf(row))} onCheckedChange={() => toggle(row)} />
                    </Td>
                    {columns.map((column) => (
                      <Td key={column}>{cell(row, column)}</Td>
                    ))}
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
          {nextCursor && (
            <Box>
              <Button variant="tertiary" onClick={() => void load(nextCursor)} data-testid="queue-more">
                {t('queues.more', 'Show more')}
              </Button>
            </Box>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default QueuesPage;
