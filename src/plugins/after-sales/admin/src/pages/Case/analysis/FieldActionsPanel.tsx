import * as React from 'react';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { Badge, Box, Button, Field, Flex, Link, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Textarea, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../../utils/getTranslation';
import { useServerErrors } from '../../../utils/serverErrors';
import { caseLink } from '../../../utils/caseLink';
import { SERVICE_RECORD_UID, type FieldActionKind, type FieldActionPreview, type FieldActionProgress, type FieldActionsView, type FieldActionUnit } from './types';
import { useJoins } from '../../../utils/joins';

const KINDS: FieldActionKind[] = ['onsite-replacement', 'mail-in-repair', 'exchange'];
const KIND_TITLES: Record<FieldActionKind, string> = { 'onsite-replacement': 'On-site replacement', 'mail-in-repair': 'Mail-in repair', exchange: 'Exchange' };
const OUTCOME_TITLES: Record<string, string> = { done: 'Done', refused: 'Refused', unreachable: 'Unreachable' };
const codes = (text: string) =>
  text
    .split(/[\s,,、;;]+/)
    .map((v) => v.trim())
    .filter(Boolean);
/** One range per line: `SN-0001 ~ SN-0800` (or `-`, `–`, `至`); a single serial alone. */
const rangesOf = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [from, to] = line.split(/\s*(?:~|～|–|—|至|\s-\s)\s*/);
      return { from: from ?? '', to: to || from || '' };
    });

/**
 * On an improvement record's case screen: its field actions and recalls (现场行动与召回). The
 * progress figure over every unit reached; a form that selects the affected units by model, batch
 * and serial range, previews them and starts the field action; each field action's units with their
 * service record, the notice sent and how the unit ended (done, refused, unreachable).
 */
export const FieldActionsPanel = ({ documentId }: { documentId: string }) => {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();
  const { get, post, put } = useFetchClient();
  const { describe } = useServerErrors();
  const base = `/after-sales/improvements/${documentId}/field-actions`;
  const [view, setView] = React.useState<FieldActionsView | null>(null);
  const [kind, setKind] = React.useState<FieldActionKind>('onsite-replacement');
  const [models, setModels] = React.useState('');
  const [batches, setBatches] = React.useState('');
  const [ranges, setRanges] = React.useState('');
  const [note, setNote] = React.useState('');
  const [preview, setPreview] = React.useState<FieldActionPreview | null>(null);
  const [notes, setNotes] = React.useState<Record<number, string>>({});
  const [message, setMessage] = React.useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = React.useState(false);

  const load = React.useCallback(async () => {
    const res = await get<{ data: FieldActionsView }>(base);
    setView(res.data.data);
    return res.data.data;
  }, [get, base]);
  React.useEffect(() => {
    void load()
      .then((loaded) => {
        setModels(loaded.record.productModel ?? '');
        setBatches(loaded.record.batch ?? '');
      })
      .catch(() => setView(null));
  }, [load]);
  if (!view) return null;

  const body = () => ({
    kind,
    models: codes(models),
    batches: codes(batches),
    serialRanges: rangesOf(ranges),
    ...(note.trim() ? { note: note.trim() } : {}),
  });
  const run = async (work: () => Promise<void>, failed: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
    } catch (err) {
      setMessage({ ok: false, text: describe(err, failed) });
    } finally {
      setBusy(false);
    }
  };
  const doPreview = () =>
    run(
      async () => {
        const res = await post<{ data: FieldActionPreview }>(`${base}/preview`, body());
        setPreview(res.data.data);
      },
      t('fieldActions.previewFailed', 'The units could not be listed.')
    );
  const start = () =>
    run(
      async () => {
        const res = await post<{ data: { created: number; existing: number; notified: number; unreachable: number } }>(base, body());
        const r = res.data.data;
        setPreview(null);
        await load();
        setMessage({
          ok: true,
          text: r.created
            ? t('fieldActions.started', '{created} service records opened; {notified} customers told, {unreachable} to phone.', {
                created: r.created,
                notified: r.notified,
                unreachable: r.unreachable,
              })
            : t('fieldActions.nothingNew', 'Every unit of this selection is already followed ({existing}): nothing was opened.', { existing: r.existing }),
        });
      },
      t('fieldActions.startFailed', 'The field action was not started.')
    );
  const record = (unit: FieldActionUnit, outcome: string) =>
    run(
      async () => {
        await put(`${base}/units/${unit.id}`, { outcome, ...(notes[unit.id]?.trim() ? { note: notes[unit.id].trim() } : {}) });
        await load();
        setMessage({ ok: true, text: t('fieldActions.recorded', 'Recorded.') });
      },
      t('fieldActions.recordFailed', 'Not recorded.')
    );

  const progressText = (p: FieldActionProgress) => t('fieldActions.progress', 'Done {done} of {total} ({percentDone}%) · refused {refused} · unreachable {unreachable} · open {open}', { ...p });

  return (
    <Box background="neutral0" padding={5} shadow="tableShadow" hasRadius data-testid="field-actions">
      <Typography variant="delta" tag="h2">
        {t('fieldActions.title', 'Field actions and recalls')}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={3} paddingTop={3}>
        <Typography fontWeight="bold" data-testid="field-actions-progress">
          {view.progress.total ? progressText(view.progress) : t('fieldActions.none', 'No field action yet.')}
        </Typography>

        {view.record.mayStart ? (
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex gap={2} wrap="wrap" alignItems="flex-end">
              <Field.Root name="kind">
                <Field.Label>{t('fieldActions.kind', 'Kind')}</Field.Label>
                <SingleSelect aria-label={t('fieldActions.kind', 'Kind')} value={kind} onChange={(v: string | number) => setKind(v as FieldActionKind)}>
                  {KINDS.map((k) => (
                    <SingleSelectOption key={k} value={k}>
                      {t(`fieldActions.kind.${k}`, KIND_TITLES[k])}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Field.Root name="models">
                <Field.Label>{t('fieldActions.models', 'Models')}</Field.Label>
                <TextInput value={models} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setModels(e.target.value)} />
              </Field.Root>
              <Field.Root name="batches">
                <Field.Label>{t('fieldActions.batches', 'Batches')}</Field.Label>
                <TextInput value={batches} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setBatches(e.target.value)} />
              </Field.Root>
            </Flex>
            <Field.Root name="serialRanges" hint={t('fieldActions.rangesHint', 'One range per line: SN-0001 ~ SN-0800')}>
              <Field.Label>{t('fieldActions.serialRanges', 'Serial ranges')}</Field.Label>
              <Textarea value={ranges} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setRanges(e.target.value)} />
              <Field.Hint />
            </Field.Root>
            <Field.Root name="note">
              <Field.Label>{t('fieldActions.note', 'Note for the service records')}</Field.Label>
              <TextInput value={note} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setNote(e.target.value)} />
            </Field.Root>
            <Flex gap={2}>
              <Button variant="secondary" onClick={() => void doPreview()} loading={busy}>
                {t('fieldActions.preview', 'Preview the affected units')}
              </Button>
              <Button onClick={() => void start()} loading={busy} data-testid="field-actions-start">
                {t('fieldActions.start', 'Start the field action')}
              </Button>
            </Flex>
            {preview ? (
              <Box data-testid="field-actions-preview">
                <Typography>
                  {t('fieldActions.previewSummary', '{total} units of {customers} customers; {new} not followed yet.', { total: preview.total, customers: preview.customers, new: preview.new })}
                </Typography>
                <Table colCount={4} rowCount={preview.units.length + 1}>
                  <Thead>
                    <Tr>
                      <Th>{t('fieldActions.customer', 'Customer')}</Th>
                      <Th>{t('fieldActions.model', 'Model')}</Th>
                      <Th>{t('fieldActions.batch', 'Batch')}</Th>
                      <Th>{t('fieldActions.serialNumber', 'Serial number')}</Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {preview.units.map((u, i) => (
                      <Tr key={i}>
                        <Td>
                          <Typography>
                            {u.already ? joins.parenthesised(u.customer.name ?? u.customer.documentId, t('fieldActions.already', 'already followed')) : (u.customer.name ?? u.customer.documentId)}
                          </Typography>
                        </Td>
                        <Td>
                          <Typography>{u.model}</Typography>
                        </Td>
                        <Td>
                          <Typography>{u.batch ?? '–'}</Typography>
                        </Td>
                        <Td>
                          <Typography>{u.serialNumber ?? '–'}</Typography>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </Box>
            ) : null}
          </Flex>
        ) : (
          <Typography variant="pi" textColor="neutral600">
            {t('fieldActions.notYet', 'A field action carries out the approved plan: it can be started once the plan is approved, until the record is closed.')}
          </Typography>
        )}
        {message ? (
          <Typography textColor={message.ok ? 'success600' : 'danger600'} data-testid="field-actions-message">
            {message.text}
          </Typography>
        ) : null}

        {view.fieldActions.map((action) => (
          <Box key={action.id} paddingTop={2} data-testid={`field-action-${action.id}`}>
            <Typography variant="epsilon" tag="h3">
              {t(`fieldActions.kind.${action.kind}`, KIND_TITLES[action.kind] ?? action.kind)} #{action.id} · {formatDate(action.createdAt, { dateStyle: 'medium' })} · {action.createdBy ?? ''}
            </Typography>
            <Typography variant="pi">{progressText(action.progress)}</Typography>
            <Table colCount={6} rowCount={action.units.length + 1}>
              <Thead>
                <Tr>
                  <Th>{t('fieldActions.customer', 'Customer')}</Th>
                  <Th>{t('fieldActions.unit', 'Unit')}</Th>
                  <Th>{t('fieldActions.serviceRecord', 'Service record')}</Th>
                  <Th>{t('fieldActions.notice', 'Notice')}</Th>
                  <Th>{t('fieldActions.outcome', 'Outcome')}</Th>
                  <Th>{t('fieldActions.record', 'Record')}</Th>
                </Tr>
              </Thead>
              <Tbody>
                {action.units.map((unit) => (
                  <Tr key={unit.id}>
                    <Td>
                      <Typography>{unit.customer.name ?? unit.customer.documentId}</Typography>
                    </Td>
                    <Td>
                      <Typography>{[unit.model, unit.batch, unit.serialNumber].filter(Boolean).join(' / ')}</Typography>
                    </Td>
                    <Td>
                      <Link tag={RouterLink} to={caseLink(SERVICE_RECORD_UID, unit.serviceRecord.documentId)}>
                        {unit.serviceRecord.reference ?? unit.serviceRecord.documentId}
                      </Link>
                    </Td>
                    <Td>
                      {unit.notifiedChannel ? (
                        <Typography>
                          {unit.notifiedChannel === 'email' ? t('fieldActions.channel.email', 'Email') : unit.notifiedChannel === 'sms' ? t('fieldActions.channel.sms', 'SMS') : unit.notifiedChannel}
                        </Typography>
                      ) : (
                        <Badge backgroundColor="warning100" textColor="warning700" title={unit.notifyProblem ?? undefined}>
                          {t('fieldActions.phone', 'Phone the customer')}
                        </Badge>
                      )}
                    </Td>
                    <Td>
                      {unit.outcome ? (
                        <Badge backgroundColor={unit.outcome === 'done' ? 'success100' : 'neutral150'}>{t(`fieldActions.outcome.${unit.outcome}`, OUTCOME_TITLES[unit.outcome] ?? unit.outcome)}</Badge>
                      ) : (
                        <Typography textColor="neutral600">{t('fieldActions.outcome.open', 'Open')}</Typography>
                      )}
                    </Td>
                    <Td>
                      {unit.outcome ? (
                        <Typography variant="pi">{unit.outcomeNote ?? ''}</Typography>
                      ) : (
                        <Flex direction="column" alignItems="stretch" gap={1} paddingTop={1} paddingBottom={1}>
                          <TextInput
                            aria-label={t('fieldActions.outcomeNoteFor', 'Note for {reference}', { reference: unit.serviceRecord.reference ?? '' })}
                            placeholder={t('fieldActions.outcomeNote', 'Note')}
                            value={notes[unit.id] ?? ''}
                            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setNotes({ ...notes, [unit.id]: e.target.value })}
                          />
                          <Flex gap={1} wrap="wrap">
                            {(['done', 'refused', 'unreachable'] as const).map((outcome) => (
                              <Button
                                key={outcome}
                                size="S"
                                variant={outcome === 'done' ? 'success-light' : 'tertiary'}
                                onClick={() => void record(unit, outcome)}
                                disabled={busy}
                                aria-label={`${t(`fieldActions.outcome.${outcome}`, OUTCOME_TITLES[outcome])} ${unit.serviceRecord.reference ?? ''}`}
                              >
                                {t(`fieldActions.outcome.${outcome}`, OUTCOME_TITLES[outcome])}
                              </Button>
                            ))}
                          </Flex>
                        </Flex>
                      )}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </Box>
        ))}
      </Flex>
    </Box>
  );
};
