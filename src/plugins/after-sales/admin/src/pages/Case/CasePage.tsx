import * as React from 'react';
import { useIntl } from 'react-intl';
import { useParams, Link as RouterLink } from 'react-router-dom';
import { Badge, Box, Button, Flex, Grid, Link, SingleSelect, SingleSelectOption, Textarea, Toggle, Typography, Field } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useDeadlineText } from '../../utils/remainingTime';
import { useServerErrors, isForbidden } from '../../utils/serverErrors';
import { NoAccess } from '../../components/NoAccess';
import { ActionDialog } from '../../components/WorkflowPanel/ActionDialog';
import { ActionFields, typedValues } from '../../components/WorkflowPanel/ActionFields';
import { CaseThread } from './CaseThread';
import type { CaseView } from './types';
import { AnalysisReportsBox } from './analysis/AnalysisReportsBox';
import { AnalysisReportPanel } from './analysis/AnalysisReportPanel';
import { ImprovementPlanPanel } from './analysis/ImprovementPlanPanel';
import { FieldActionsPanel } from './analysis/FieldActionsPanel';
import { BetaTestPanel } from './analysis/BetaTestPanel';
import { ANALYSIS_REPORT_UID, ANALYSIS_SOURCES, IMPROVEMENT_UID } from './analysis/types';
import { useJoins } from '../../utils/joins';

/** The case screen: header, one thread oldest first, the reply / note box and the actions this user may take now. */
export const CasePage = () => {
  const { uid = '', documentId = '' } = useParams<{ uid: string; documentId: string }>();
  const { formatMessage, locale } = useIntl();
  const { get, post } = useFetchClient();
  const { describe, byField } = useServerErrors();
  const deadline = useDeadlineText();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();
  const apiLocale = locale.startsWith('zh') ? 'zh-Hans' : 'en';
  const base = `/after-sales/cases/${uid}/${documentId}`;

  const [data, setData] = React.useState<CaseView | null>(null);
  const [loadError, setLoadError] = React.useState<string | null>(null);
  const [forbidden, setForbidden] = React.useState(false);
  const [text, setText] = React.useState('');
  const [template, setTemplate] = React.useState('');
  const [asNote, setAsNote] = React.useState(false);
  const [files, setFiles] = React.useState<File[]>([]);
  const [action, setAction] = React.useState('');
  const [actionValues, setActionValues] = React.useState<Record<string, unknown>>({});
  const [actionErrors, setActionErrors] = React.useState<Record<string, string>>({});
  const [preview, setPreview] = React.useState<{ subject: string; text: string; channel: string | null; recipient: string | null; unreachable: string | null } | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const [notice, setNotice] = React.useState<string | null>(null);
  const fileInput = React.useRef<HTMLInputElement>(null);

  const load = React.useCallback(async () => {
    try {
      const response = await get<{ data: CaseView }>(`${base}?locale=${apiLocale}`);
      setData(response.data.data);
      setLoadError(null);
    } catch (err) {
      if (isForbidden(err)) setForbidden(true);
      else setLoadError(describe(err, t('case.loadFailed', 'The case could not be loaded.')));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [get, base, apiLocale]);

  React.useEffect(() => {
    void load();
  }, [load]);

  if (forbidden) return <NoAccess />;
  if (loadError) {
    return (
      <Page.Main>
        <Layouts.Content>
          <Box padding={8}>
            <Typography textColor="danger600">{loadError}</Typography>
          </Box>
        </Layouts.Content>
      </Page.Main>
    );
  }
  if (!data) return <Page.Loading />;

  const chosen = data.actions.actions.find((a) => a.id === action) ?? null;
  const filled = (name: string) => data.filled.includes(name);
  const pickAction = (id: string) => {
    setAction(id);
    setActionValues({});
    setActionErrors({});
  };
  const canWrite = asNote ? data.may.note : data.may.reply;

  const startFromTemplate = async (key: string) => {
    setTemplate(key);
    if (!key) return;
    try {
      const response = await post<{ data: { editable: string } }>(`${base}/replies/preview`, { templateKey: key });
      setText(response.data.data.editable);
      setError(null);
    } catch (err) {
      setError(describe(err, t('case.previewFailed', 'The template could not be filled in.')));
    }
  };

  const showPreview = async () => {
    try {
      const response = await post<{ data: NonNullable<typeof preview> }>(`${base}/replies/preview`, { text });
      setPreview(response.data.data);
      setError(null);
    } catch (err) {
      setError(describe(err, t('case.previewFailed', 'The preview could not be made.')));
    }
  };

  const submit = async (withAction: boolean) => {
    setBusy(true);
    setNotice(null);
    try {
      const form = new FormData();
      form.append('text', text);
      if (template && !asNote) form.append('templateKey', template);
      if (withAction && action) {
        form.append('action', action);
        form.append('version', String(data.version));
        const values = typedValues(actionValues);
        if (Object.keys(values).length) form.append('data', JSON.stringify(values));
      }
      for (const file of files) form.append('files', file, file.name);
      await post(`${base}/${asNote ? 'notes' : 'replies'}`, form);
      setText('');
      setTemplate('');
      setFiles([]);
      setAction('');
      setActionValues({});
      setActionErrors({});
      setPreview(null);
      if (fileInput.current) fileInput.current.value = '';
      setError(null);
      setNotice(asNote ? t('case.noteSaved', 'Note added.') : t('case.replyQueued', 'Reply queued for sending.'));
      await load();
    } catch (err) {
      setError(describe(err, t('case.sendFailed', 'Not sent.')));
      setActionErrors(withAction ? byField(err) : {});
      // Someone else moved the case meanwhile: show it as it is now (what was typed stays).
      if ((err as { response?: { status?: number } })?.response?.status === 409) await load();
    } finally {
      setBusy(false);
    }
  };

  // The customer's classification in the admin's language (value.urgent → 紧急); escalation is a separate badge.
  const severityText = data.severity ? t(`value.${data.severity}`, data.severity) : null;
  const channelName = (id?: string | null) => (id ? t(`case.channel.${id}`, id) : '');

  return (
    <Page.Main>
      <Page.Title>{`${data.reference ?? ''} · ${t('case.title', 'Case')}`}</Page.Title>
      <Layouts.Header
        title={data.reference ?? data.documentId}
        subtitle={data.summary ?? ''}
        navigationAction={
          <Link tag={RouterLink} to={`/content-manager/collection-types/${data.contentType}/${data.documentId}`}>
            {t('case.openRecord', 'Open the record')}
          </Link>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box background="neutral0" padding={5} shadow="tableShadow" hasRadius data-testid="case-header">
            <Grid.Root gap={4}>
              <Grid.Item col={4} s={12} direction="column" alignItems="flex-start">
                <Typography variant="sigma" textColor="neutral600">
                  {t('case.state', 'State')}
                </Typography>
                <Flex gap={2} wrap="wrap">
                  <Badge>{data.stateTitle}</Badge>
                  {severityText ? (
                    <Badge backgroundColor="neutral150" data-testid="case-severity">
                      {severityText}
                    </Badge>
                  ) : null}
                  {data.escalationLevel ? (
                    <Badge backgroundColor="danger100" textColor="danger700" data-testid="case-escalation-level">
                      {t(`escalation.${data.escalationLevel}`, data.escalationLevel)}
                    </Badge>
                  ) : null}
                </Flex>
                <Typography variant="pi" textColor="neutral600">
                  {[
                    joins.labelled(t('case.owner', 'Case owner'), data.owner ?? '–'),
                    joins.labelled(t('case.assignee', 'Assignee'), data.assignee ?? '–'),
                    joins.labelled(t('case.department', 'Department'), data.department ?? '–'),
                  ].join(' · ')}
                </Typography>
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="flex-start">
                <Typography variant="sigma" textColor="neutral600">
                  {t('case.customer', 'Customer')}
                </Typography>
                <Typography fontWeight="semiBold">{data.customer?.name ?? '–'}</Typography>
                {data.customer?.company ? <Typography variant="pi">{data.customer.company}</Typography> : null}
                {data.customer?.phone ? <Typography variant="pi">{data.customer.phone}</Typography> : null}
                {data.customer?.email ? <Typography variant="pi">{data.customer.email}</Typography> : null}
                <Typography variant="pi" textColor="neutral600">
                  {joins.labelled(t('case.product', 'Product'), [data.product?.modelCode, data.product?.name].filter(Boolean).join(' ') || '–')} ·{' '}
                  {joins.labelled(t('case.batch', 'Batch'), data.batch ?? '–')}
                </Typography>
              </Grid.Item>
              <Grid.Item col={4} s={12} direction="column" alignItems="flex-start">
                <Typography variant="sigma" textColor="neutral600">
                  {t('sla.panel.title', 'SLA clocks')}
                </Typography>
                {data.clocks.length === 0 ? <Typography variant="pi">–</Typography> : null}
                {data.clocks.map((clock) => {
                  const left = deadline({ remainingMs: clock.remainingWorkingMs, dueAt: clock.dueAt, measure: clock.measure, workingDayMs: clock.workingDayMs }).text;
                  return (
                    <Typography key={clock.clock} variant="pi" textColor={clock.breached ? 'danger600' : 'neutral700'}>
                      {joins.labelled(t(`sla.clock.${clock.clock}`, clock.clock), clock.paused ? joins.parenthesised(left, t('sla.panel.paused', 'paused')) : left)}
                    </Typography>
                  );
                })}
              </Grid.Item>
            </Grid.Root>
          </Box>

          <Grid.Root gap={4}>
            <Grid.Item col={8} s={12} direction="column" alignItems="stretch" gap={4}>
              {data.contentType === ANALYSIS_REPORT_UID ? <AnalysisReportPanel documentId={data.documentId} onSaved={() => void load()} /> : null}
              {data.contentType === IMPROVEMENT_UID ? <ImprovementPlanPanel documentId={data.documentId} /> : null}
              {data.contentType === IMPROVEMENT_UID ? <FieldActionsPanel documentId={data.documentId} /> : null}
              {data.contentType === IMPROVEMENT_UID ? <BetaTestPanel documentId={data.documentId} /> : null}
              <CaseThread items={data.thread} filePath={(fileId) => `${base}/files/${fileId}`} />

              {data.may.reply || data.may.note ? (
                <Box background={asNote ? 'warning100' : 'neutral0'} padding={5} shadow="tableShadow" hasRadius data-testid="case-reply-box">
                  <Flex direction="column" alignItems="stretch" gap={3}>
                    <Flex justifyContent="space-between" gap={3} wrap="wrap">
                      <Typography variant="delta">{asNote ? t('case.box.note', 'Internal note (never sent)') : t('case.box.reply', 'Reply to the customer')}</Typography>
                      {data.may.note && data.may.reply ? (
                        <Field.Root>
                          <Flex gap={2}>
                            <Field.Label>{t('case.box.noteToggle', 'Internal note')}</Field.Label>
                            <Toggle
                              data-testid="case-note-toggle"
                              checked={asNote}
                              onLabel={t('case.yes', 'Yes')}
                              offLabel={t('case.no', 'No')}
                              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAsNote(e.target.checked)}
                            />
                          </Flex>
                        </Field.Root>
                      ) : null}
                    </Flex>
                    {!asNote && !data.reply.reachable ? (
                      <Typography textColor="danger600">{t('case.unreachable', 'This customer cannot be reached by email or SMS: call them, or add an address first.')}</Typography>
                    ) : null}
                    {!asNote && data.reply.reachable ? (
                      <Typography variant="pi" textColor="neutral600">
                        {t('case.goesOutBy', 'Goes out by {channel}', { channel: channelName(data.reply.channel) })}
                      </Typography>
                    ) : null}
                    {!asNote && data.templates.length ? (
                      <Field.Root>
                        <Field.Label>{t('case.box.template', 'Start from a template')}</Field.Label>
                        <SingleSelect
                          data-testid="case-template"
                          value={template}
                          placeholder={t('case.box.noTemplate', 'No template')}
                          onChange={(value: string | number) => void startFromTemplate(String(value))}
                        >
                          {data.templates.map((tpl) => (
                            <SingleSelectOption key={tpl.id} value={tpl.id}>
                              {tpl.subject.replace(/\{\{[^}]*\}\}/g, '…')}
                            </SingleSelectOption>
                          ))}
                        </SingleSelect>
                      </Field.Root>
                    ) : null}
                    <Field.Root>
                      <Field.Label>{asNote ? t('case.box.noteText', 'Note') : t('case.box.text', 'Message')}</Field.Label>
                      <Textarea data-testid="case-text" value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
                    </Field.Root>
                    <Flex gap={2} wrap="wrap">
                      <input
                        ref={fileInput}
                        data-testid="case-files"
                        type="file"
                        multiple
                        accept="image/jpeg,image/png,image/gif,image/webp,application/pdf"
                        aria-label={t('case.box.attach', 'Attach images or PDF')}
                        onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
                      />
                      <Typography variant="pi" textColor="neutral600">
                        {t('case.box.limits', 'Images or PDF, up to {count} files of {size} MB each', {
                          count: data.limits.maxCount,
                          size: Math.round((data.limits.maxBytes / 1024 / 1024) * 10) / 10,
                        })}
                      </Typography>
                    </Flex>
                    {preview && !asNote ? (
                      <Box padding={3} background="neutral100" hasRadius data-testid="case-preview">
                        <Typography variant="pi" textColor="neutral600" tag="p">
                          {preview.unreachable ?? `${channelName(preview.channel)} → ${preview.recipient ?? ''}`}
                        </Typography>
                        <Typography fontWeight="semiBold" tag="p">
                          {preview.subject}
                        </Typography>
                        <Typography tag="p" style={{ whiteSpace: 'pre-wrap' }}>
                          {preview.text}
                        </Typography>
                      </Box>
                    ) : null}
                    {error ? (
                      <Typography textColor="danger600" data-testid="case-error">
                        {error}
                      </Typography>
                    ) : null}
                    {notice ? (
                      <Typography textColor="success600" data-testid="case-notice">
                        {notice}
                      </Typography>
                    ) : null}
                    <Flex gap={2} wrap="wrap">
                      {!asNote ? (
                        <Button variant="tertiary" onClick={() => void showPreview()} disabled={busy || !text.trim()}>
                          {t('case.box.preview', 'Preview')}
                        </Button>
                      ) : null}
                      <Button data-testid="case-send" onClick={() => void submit(false)} loading={busy} disabled={!canWrite || (!text.trim() && !files.length) || (!asNote && !data.reply.reachable)}>
                        {asNote ? t('case.box.addNote', 'Add note') : t('case.box.send', 'Send')}
                      </Button>
                      {data.actions.actions.length ? (
                        <>
                          <SingleSelect
                            aria-label={t('case.box.thenAction', 'and then')}
                            data-testid="case-action"
                            value={action}
                            placeholder={t('case.box.pickAction', 'Pick an action…')}
                            onClear={() => pickAction('')}
                            onChange={(value: string | number) => pickAction(String(value))}
                          >
                            {data.actions.actions.map((a) => (
                              <SingleSelectOption key={a.id} value={a.id}>
                                {a.title}
                              </SingleSelectOption>
                            ))}
                          </SingleSelect>
                          <Button
                            variant="secondary"
                            data-testid="case-send-action"
                            onClick={() => void submit(true)}
                            loading={busy}
                            disabled={!action || !canWrite || (!text.trim() && !files.length) || (!asNote && !data.reply.reachable)}
                          >
                            {asNote ? t('case.box.noteAndAct', 'Add note + action') : t('case.box.sendAndAct', 'Send + action')}
                          </Button>
                        </>
                      ) : null}
                    </Flex>
                    {chosen && (chosen.requiredFields.length || chosen.fields.length) ? (
                      <Box padding={3} background="neutral100" hasRadius>
                        <Typography variant="pi" textColor="neutral600" tag="p">
                          {t('case.box.actionFields', '{action} also asks for:', { action: chosen.title })}
                        </Typography>
                        <ActionFields
                          action={chosen}
                          descriptors={data.actions.fields}
                          filled={filled}
                          values={actionValues}
                          onChange={(name, value) => setActionValues((prev) => ({ ...prev, [name]: value }))}
                          errors={actionErrors}
                        />
                      </Box>
                    ) : null}
                    {chosen?.noteRequired ? (
                      <Typography variant="pi" textColor="neutral600">
                        {t('case.box.textIsNote', 'The text above is also the action’s note.')}
                      </Typography>
                    ) : null}
                  </Flex>
                </Box>
              ) : null}
            </Grid.Item>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Box background="neutral0" padding={5} shadow="tableShadow" hasRadius data-testid="case-actions">
                <Typography variant="delta" tag="h2">
                  {t('case.actions', 'What you can do now')}
                </Typography>
                <Flex direction="column" alignItems="stretch" gap={2} paddingTop={3}>
                  {data.actions.actions.length === 0 ? <Typography textColor="neutral600">{t('case.noActions', 'No action is open to you in this state.')}</Typography> : null}
                  {data.actions.actions.map((a) => (
                    <ActionDialog
                      key={a.id}
                      model={data.contentType}
                      documentId={data.documentId}
                      action={a}
                      current={data.actions}
                      record={undefined}
                      filled={filled}
                      draft={() => ({})}
                      onDone={() => void load()}
                    />
                  ))}
                  <Link tag={RouterLink} to={`/content-manager/collection-types/${data.contentType}/${data.documentId}`}>
                    {t('case.openRecord', 'Open the record')}
                  </Link>
                </Flex>
              </Box>
              {ANALYSIS_SOURCES.includes(data.contentType) ? (
                <Box paddingTop={4}>
                  <AnalysisReportsBox uid={data.contentType} documentId={data.documentId} />
                </Box>
              ) : null}
            </Grid.Item>
          </Grid.Root>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default CasePage;
