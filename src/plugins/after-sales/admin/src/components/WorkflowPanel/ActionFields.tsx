import * as React from 'react';
import { Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import { FieldInput } from './FieldInput';
import type { FieldDescriptor, WorkflowAction } from './types';

/** The fields an action takes: its required ones first, then the optional ones, each once. */
export const actionFieldNames = (action: WorkflowAction) => [...new Set([...action.requiredFields, ...action.fields])];

/** Whether an action needs nothing but a click: no field and no note. */
export const isSimpleAction = (action: WorkflowAction) => actionFieldNames(action).length === 0 && !action.noteRequired;

/** The values typed for an action, without the empty ones (the server keeps what the record has). */
export const typedValues = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));

interface Props {
  action: WorkflowAction;
  descriptors: Record<string, FieldDescriptor>;
  /** Whether the record already has a value for a field (a required one then need not be typed again). */
  filled: (name: string) => boolean;
  /** The record's value to start from, if the form knows it. */
  initial?: (name: string) => unknown;
  values: Record<string, unknown>;
  onChange: (name: string, value: unknown) => void;
  errors: Record<string, string>;
  /** The note box; left out where something else is the note (the case screen's reply text). */
  note?: { value: string; onChange: (value: string) => void };
}

/**
 * The form of one workflow action: an input for each of its fields (FieldInput, chosen from the
 * field's type) and its note. Shared by the record's side panel (in a dialog) and the case screen
 * (beside the thread and under the reply box), so both ask for the same things the same way.
 */
export const ActionFields = ({ action, descriptors, filled, initial, values, onChange, errors, note }: Props) => {
  const { formatMessage } = useIntl();
  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid={`action-fields-${action.id}`}>
      {actionFieldNames(action).map((name) => (
        <FieldInput
          key={name}
          name={name}
          descriptor={descriptors[name]}
          required={action.requiredFields.includes(name) && !filled(name)}
          value={values[name] ?? (descriptors[name]?.type === 'relation' ? undefined : initial?.(name))}
          error={errors[name]}
          onChange={(value) => onChange(name, value)}
        />
      ))}
      {note ? (
        <Field.Root name="note" required={action.noteRequired} error={errors.note}>
          <Field.Label>{formatMessage({ id: getTranslation('panel.note'), defaultMessage: 'Note' })}</Field.Label>
          <Textarea value={note.value} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => note.onChange(e.target.value)} />
          <Field.Error />
        </Field.Root>
      ) : null}
      {errors.form && <Typography textColor="danger600">{errors.form}</Typography>}
    </Flex>
  );
};
