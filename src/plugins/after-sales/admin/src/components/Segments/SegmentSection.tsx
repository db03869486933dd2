import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Button, Field, Flex, SingleSelect, SingleSelectOption, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useRBAC } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { Section } from '../Layout/Section';
import { PLUGIN_ID } from '../../pluginId';
import { PERMISSIONS } from '../../permissions';

type Title = { en: string; 'zh-Hans': string };
type ReasonPart = { fact: 'units' | 'openComplaints'; value: number; threshold: number } | { fact: 'contract'; value: boolean };
interface CustomerSegment {
  segment: string | null;
  title: Title | null;
  manual: boolean;
  reasonText: string | null;
  reason: { kind: 'manual'; text: string } | { kind: 'rule'; parts: ReasonPart[] } | { kind: 'default' } | null;
  facts: { units: number; openComplaints: number; contract: boolean };
  segments: { key: string; title: Title }[];
}

/**
 * The customer page's segment: the segment, why it was given (the facts the rules matched, or the
 * reason typed with a manual choice), and for who may manage segments a manual choice with a
 * reason, or back to the rules.
 */
export const SegmentSection = ({ documentId }: { documentId: string }) => {
  const { formatMessage, locale } = useIntl();
  const { get, put } = useFetchClient();
  const { describe } = useServerErrors();
  const {
    allowedActions: { canManage },
  } = useRBAC(PERMISSIONS.manageSegments);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [view, setView] = React.useState<CustomerSegment | null>(null);
  const [failed, setFailed] = React.useState(false);
  const [choice, setChoice] = React.useState('');
  const [reason, setReason] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const path = `/${PLUGIN_ID}/segments/customers/${encodeURIComponent(documentId)}`;
  const titleOf = (title: Title | null, key: string | null) => (title ? (locale.startsWith('zh') ? title['zh-Hans'] : title.en) : (key ?? '—'));

  React.useEffect(() => {
    setView(null);
    setFailed(false);
    get<{ data: CustomerSegment }>(path)
      .then(({ data }) => setView(data.data))
      .catch(() => setFailed(true));
  }, [get, path]);

  const send = async (body: Record<string, unknown>) => {
    setError(null);
    try {
      const { data } = await put<{ data: CustomerSegment }>(path, body);
      setView(data.data);
      setReason('');
      setChoice('');
    } catch (err) {
      setError(describe(err, t('segments.failed', 'The segment could not be changed')));
    }
  };

  if (failed) return null;
  if (!view) return null;
  const partText = (part: ReasonPart) =>
    part.fact === 'units'
      ? t('segments.reason.units', 'Owns {value} units (the rule: at least {threshold})', { value: part.value, threshold: part.threshold })
      : part.fact === 'openComplaints'
        ? t('segments.reason.openComplaints', '{value} open complaints (the rule: at least {threshold})', { value: part.value, threshold: part.threshold })
        : part.value
          ? t('segments.reason.contract', 'Has a service contract')
          : t('segments.reason.noContract', 'Has no service contract');
  const why = !view.reason
    ? (view.reasonText ?? '—')
    : view.reason.kind === 'manual'
      ? t('segments.reason.manual', 'Chosen by hand: {reason}', { reason: view.reason.text })
      : view.reason.kind === 'default'
        ? t('segments.reason.default', 'No rule places this customer elsewhere')
        : view.reason.parts.map(partText).join('; ');

  return (
    <Section title={t('segments.section', 'Customer segment')} testId="customer-segment">
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex gap={2} alignItems="center">
          <Badge data-testid="customer-segment-title">{titleOf(view.title, view.segment)}</Badge>
          {view.manual && <Badge>{t('segments.manual', 'Chosen by hand')}</Badge>}
        </Flex>
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="sigma" textColor="neutral600">
            {t('segments.why', 'Why')}
          </Typography>
          <Typography data-testid="customer-segment-reason">{why}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {t('segments.facts', 'Units owned: {units} · open complaints: {complaints} · service contract: {contract}', {
              units: view.facts.units,
              complaints: view.facts.openComplaints,
              contract: view.facts.contract ? t('segments.yes', 'yes') : t('segments.no', 'no'),
            })}
          </Typography>
        </Flex>
        {canManage && (
          <Flex gap={2} alignItems="flex-end" wrap="wrap">
            <Field.Root name="segment">
              <Field.Label>{t('segments.choose', 'Choose by hand')}</Field.Label>
              <SingleSelect value={choice} onChange={(value: string | number) => setChoice(String(value))} placeholder={t('segments.choose.placeholder', 'Segment')}>
                {view.segments.map((s) => (
                  <SingleSelectOption key={s.key} value={s.key}>
                    {titleOf(s.title, s.key)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Field.Root name="reason" error={error ?? undefined}>
              <Field.Label>{t('segments.reasonLabel', 'Reason')}</Field.Label>
              <Textarea value={reason} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} />
              <Field.Error />
            </Field.Root>
            <Button onClick={() => send({ segment: choice, reason })} disabled={!choice}>
              {t('segments.save', 'Set segment')}
            </Button>
            {view.manual && (
              <Button variant="tertiary" onClick={() => send({ manual: false })}>
                {t('segments.backToRules', 'Back to the rules')}
              </Button>
            )}
          </Flex>
        )}
      </Flex>
    </Section>
  );
};
