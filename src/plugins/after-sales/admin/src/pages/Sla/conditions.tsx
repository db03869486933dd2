import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
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

/** "Needs R&D": any, yes or no (a rule's or an event's condition). */
export const NeedsRndField = ({ name, value, disabled, onChange }: { name: string; value: boolean | undefined; disabled?: boolean; onChange: (value: boolean | undefined) => void }) => {
  const t = useT();
  return (
    <Field.Root name={name}>
      <Field.Label>{t('sla.rule.needsRnd', 'Needs R&D')}</Field.Label>
      <SingleSelect disabled={disabled} value={value === undefined ? 'any' : String(value)} onChange={(choice: string | number) => onChange(choice === 'any' ? undefined : choice === 'true')}>
        <SingleSelectOption value="any">{t('sla.rule.any', 'any')}</SingleSelectOption>
        <SingleSelectOption value="true">{t('sla.yes', 'Yes')}</SingleSelectOption>
        <SingleSelectOption value="false">{t('sla.no', 'No')}</SingleSelectOption>
      </SingleSelect>
    </Field.Root>
  );
};
