import * as React from 'react';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { Box, Button, Field, Flex, Link, SingleSelect, SingleSelectOption, Textarea, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../../utils/getTranslation';
import { useServerErrors } from '../../../utils/serverErrors';
import { caseLink } from '../../../utils/caseLink';
import { IMPROVEMENT_UID, type ReportView } from './types';
import { useJoins } from '../../../utils/joins';

const lines = (text: string) =>
  text
    .split(/\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const codes = (text: string) =>
  text
    .split(/[,，\n]/)
    .map((c) => c.trim())
    .filter(Boolean);
const RANGE = /\s*~\s*/;
const CASE = /\s*\|\s*/;

interface Form {
  causeCategory: string;
  description: string;
  evidence: string;
  reproductionSteps: string;
  affectedModels: string;
  affectedBatches: string;
  serialRanges: string;
  testCases: string;
}
const formOf = (r: ReportView): Form => ({
  causeCategory: r.causeCategory ?? '',
  description: r.description ?? '',
  evidence: r.evidence ?? '',
  reproductionSteps: r.reproductionSteps ?? '',
  affectedModels: r.affectedModels.join(', '),
  affectedBatches: r.affectedBatches.join(', '),
  serialRanges: r.serialRanges.map((s) => (s.from === s.to ? s.from : `${s.from} ~ ${s.to}`)).join('\n'),
  testCases: r.testCases.map((c) => `${c.title} | ${c.expected}`).join('\n'),
});
type Refused = { path: (string | number)[]; message: string };
const refusedFields = (err: any): Refused[] => err?.response?.data?.error?.details?.errors ?? [];
/** The line a list's error is about (`serialRanges.1.to` → #2), then the server's words. */
const lineAndMessage = (e: Refused) => `${typeof e.path[1] === 'number' ? `#${e.path[1] + 1} ` : ''}${e.message}`;

/** On an analysis report's case screen: the report itself, written field by field, and the way on to the improvement record. */
export const AnalysisReportPanel = ({ documentId, onSaved }: { documentId: string; onSaved: () => void }) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const joins = useJoins();
  const { get, put, post } = useFetchClient();
  const { describe } = useServerErrors();
  const [report, setReport] = React.useState<ReportView | null>(null);
  const [form, setForm] = React.useState<Form | null>(null);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [message, setMessage] = React.useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = React.useState(false);

  const load = React.useCallback(async () => {
    const res = await get<{ data: ReportView }>(`/after-sales/analysis-reports/${documentId}`);
    setReport(res.data.data);
    setForm(formOf(res.data.data));
  }, [get, documentId]);
  React.useEffect(() => {
    void load().catch(() => setReport(null));
  }, [load]);
  if (!report || !form) return null;

  const editable = report.state === 'analysing';
  const set = (key: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await put(`/after-sales/analysis-reports/${documentId}`, {
        causeCategory: form.causeCategory || null,
        description: form.description,
        evidence: form.evidence,
        reproductionSteps: form.reproductionSteps,
        affectedModels: codes(form.affectedModels),
        affectedBatches: codes(form.affectedBatches),
        serialRanges: lines(form.serialRanges).map((l) => {
          const [from, to] = l.split(RANGE);
          return { from, to: to ?? from };
        }),
        testCases: lines(form.testCases).map((l) => {
          const [title, ...rest] = l.split(CASE);
          return { title, expected: rest.join(' | ') };
        }),
      });
      setErrors({});
      setMessage({ ok: true, text: t('analysis.saved', 'Analysis report saved.') });
      await load();
      onSaved();
    } catch (err) {
      const refused = refusedFields(err);
      setErrors(Object.fromEntries(refused.map((e) => [String(e.path[0]), lineAndMessage(e)])));
      setMessage({
        ok: false,
        text: refused.length
          ? `${t('analysis.saveFailed', 'Not saved.')} ${refused.map((e) => joins.labelled(t(`field.${String(e.path[0])}`, String(e.path[0])), lineAndMessage(e))).join('; ')}`
          : describe(err, t('analysis.saveFailed', 'Not saved.')),
      });
    } finally {
      setBusy(false);
    }
  };
  const toImprovement = async () => {
    setBusy(true);
    try {
      await post(`/after-sales/analysis-reports/${documentId}/improvement`, {});
      await load();
    } catch (err) {
      setMessage({ ok: false, text: describe(err, t('analysis.improvementFailed', 'The improvement record could not be started.')) });
    } finally {
      setBusy(false);
    }
  };
  const textArea = (key: keyof Form, label: string, hint?: string) => (
    <Field.Root name={key} error={errors[key]} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <Textarea value={form[key]} onChange={set(key)} disabled={!editable} />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
  const title = (c: ReportView['categories'][number]) => (locale.startsWith('zh') ? c.title['zh-Hans'] : c.title.en);

  return (
    <Box background="neutral0" padding={5} shadow="tableShadow" hasRadius data-testid="analysis-report-panel">
      <Typography variant="delta" tag="h2">
        {t('analysis.panel.title', 'Problem analysis report')}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={3} paddingTop={3}>
        <Typography variant="pi" textColor="neutral600">
          {t('analysis.panel.items', 'Opened from')}:{' '}
          {report.items.map((item) => (
            <Link key={item.documentId} tag={RouterLink} to={caseLink(item.uid, item.documentId)}>
              {item.reference}{' '}
            </Link>
          ))}
        </Typography>
        <Field.Root name="causeCategory" error={errors.causeCategory} required>
          <Field.Label>{t('field.causeCategory', 'Cause category')}</Field.Label>
          <SingleSelect value={form.causeCategory || undefined} onChange={(v: string | number) => setForm({ ...form, causeCategory: String(v) })} disabled={!editable} data-testid="analysis-cause">
            {report.categories.map((c) => (
              <SingleSelectOption key={c.id} value={c.id}>
                {title(c)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
          <Field.Error />
        </Field.Root>
        {textArea('description', t('field.description', 'Analysis findings'))}
        {textArea('evidence', t('field.evidence', 'Evidence'), t('analysis.hint.evidence', 'Logs, teardown findings, photos (upload files in the record).'))}
        {textArea('reproductionSteps', t('field.reproductionSteps', 'Reproduction steps'))}
        <Field.Root name="affectedModels" error={errors.affectedModels}>
          <Field.Label>{t('field.affectedModels', 'Affected models')}</Field.Label>
          <TextInput value={form.affectedModels} onChange={set('affectedModels')} disabled={!editable} />
          <Field.Error />
        </Field.Root>
        <Field.Root name="affectedBatches" error={errors.affectedBatches}>
          <Field.Label>{t('field.affectedBatches', 'Affected batches')}</Field.Label>
          <TextInput value={form.affectedBatches} onChange={set('affectedBatches')} disabled={!editable} />
          <Field.Error />
        </Field.Root>
        {textArea('serialRanges', t('field.serialRanges', 'Affected serial ranges'), t('analysis.hint.serialRanges', 'One range per line: first ~ last (or a single serial number).'))}
        {textArea('testCases', t('field.testCases', 'Test cases'), t('analysis.hint.testCases', 'One per line: what to test | the result that shows it is solved.'))}
        {editable ? (
          <Button onClick={() => void save()} loading={busy} data-testid="analysis-save">
            {t('analysis.save', 'Save the report')}
          </Button>
        ) : null}
        {report.improvementRecord ? (
          <Link tag={RouterLink} to={caseLink(IMPROVEMENT_UID, report.improvementRecord.documentId)} data-testid="analysis-improvement-link">
            {t('analysis.improvement', 'Improvement record')} {report.improvementRecord.reference}
          </Link>
        ) : report.state === 'reported' ? (
          <Button variant="secondary" onClick={() => void toImprovement()} loading={busy} data-testid="analysis-to-improvement">
            {t('analysis.toImprovement', 'Start or join the improvement record of this issue')}
          </Button>
        ) : null}
        {message ? (
          <Typography textColor={message.ok ? 'success600' : 'danger600'} data-testid="analysis-message">
            {message.text}
          </Typography>
        ) : null}
      </Flex>
    </Box>
  );
};
