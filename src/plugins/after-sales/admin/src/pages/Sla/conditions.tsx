import * as React from 'react';
import { Badge, Field, Flex, MultiSelect, MultiSelectOption, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import type { ClockRuleCondition } from '../../../../shared/sla-policy';
import { useT } from './shared';

/** "urgent, important" → ['urgent', 'important']. */
export const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The condition with one key set, or left out when the value is empty (undefined or no entries). */
export const conditionWith = (when: ClockRuleCondition | undefined, key: keyof ClockRuleCondition, value: string[] | boolean | undefined): ClockRuleCondition => {
  const next: Record<string, unknown> = { ...(when ?? {}), [key]: value };
  if (value === undefined || (Array.isArray(value) && !value.length)) delete next[key];
  return next as ClockRuleCondition;
};

type YesNoProps = { name: string; value: boolean | undefined; disabled?: boolean; onChange: (value: boolean | undefined) => void };

/** "Needs R&D": any, yes or no (a rule's or an event's condition). */
export const NeedsRndField = (props: YesNoProps) => {
  const t = useT();
  return <YesNoField {...props} label={t('sla.rule.needsRnd', 'Needs R&D')} />;
};

/** "Complex issue" (the 48 h promise): any, yes or no. */
export const ComplexField = (props: YesNoProps) => {
  const t = useT();
  return <YesNoField {...props} label={t('sla.rule.complex', 'Complex issue')} />;
};

/** The customer segments a rule may name (the segments extension's, `GET /after-sales/segments`). */
export type SegmentChoice = { key: string; title: { en: string; 'zh-Hans': string } };

/** "Customer segment": the rule holds for customers of these segments (none: any segment). Key customers get tighter targets. */
export const SegmentField = ({
  name,
  value,
  disabled,
  segments,
  locale,
  error,
  onChange,
}: {
  name: string;
  value: string[] | undefined;
  disabled?: boolean;
  segments: SegmentChoice[];
  locale: string;
  error?: string;
  onChange: (value: string[]) => void;
}) => {
  const t = useT();
  // A segment the rule names that no longer exists is still shown, so it can be taken out.
  const choices = [...segments, ...(value ?? []).filter((key) => !segments.some((s) => s.key === key)).map((key) => ({ key, title: { en: key, 'zh-Hans': key } }))];
  return (
    <Field.Root name={name} error={error}>
      <Field.Label>{t('sla.rule.segment', 'Customer segment')}</Field.Label>
      <MultiSelect disabled={disabled} value={value ?? []} placeholder={t('sla.rule.segment.any', 'any segment')} onChange={(keys: string[]) => onChange(keys)} withTags>
        {choices.map((s) => (
          <MultiSelectOption key={s.key} value={s.key}>
            {locale.startsWith('zh') ? s.title['zh-Hans'] : s.title.en}
          </MultiSelectOption>
        ))}
      </MultiSelect>
      <Field.Error />
    </Field.Root>
  );
};

const YesNoField = ({ name, value, disabled, onChange, label }: YesNoProps & { label: string }) => {
  const t = useT();
  return (
    <Field.Root name={name}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect disabled={disabled} value={value === undefined ? 'any' : String(value)} onChange={(choice: string | number) => onChange(choice === 'any' ? undefined : choice === 'true')}>
        <SingleSelectOption value="any">{t('sla.rule.any', 'any')}</SingleSelectOption>
        <SingleSelectOption value="true">{t('sla.yes', 'Yes')}</SingleSelectOption>
        <SingleSelectOption value="false">{t('sla.no', 'No')}</SingleSelectOption>
      </SingleSelect>
    </Field.Root>
  );
};

/** A source label that cites the manual (e.g. "004 二(一) …") rather than saying "our default". */
export const citesManual = (source: string | undefined) => !!source?.trim() && !/^our default/i.test(source.trim());

/**
 * Where a clock's, rule's or escalation rule's target comes from: the manual's line it implements,
 * or this product's default. A badge says which at a glance; the text stays editable.
 */
export const SourceField = ({ name, value, error, testId, onChange }: { name: string; value: string | undefined; error?: string; testId?: string; onChange: (value: string | undefined) => void }) => {
  const t = useT();
  return (
    <Field.Root name={name} error={error} hint={t('sla.source.hint', 'The manual’s line it implements, or “our default”')}>
      <Field.Label>
        <Flex gap={2}>
          {t('sla.source.label', 'Source')}
          <Badge data-testid={testId ? `${testId}-badge` : undefined}>
            {!value?.trim() ? t('sla.source.none', 'not stated') : citesManual(value) ? t('sla.source.manual', 'From the manual') : t('sla.source.ours', 'Our default')}
          </Badge>
        </Flex>
      </Field.Label>
      <TextInput data-testid={testId} value={value ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value || undefined)} />
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
