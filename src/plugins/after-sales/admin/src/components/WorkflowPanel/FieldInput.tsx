import { Field, NumberInput, SingleSelect, SingleSelectOption, Textarea, TextInput, Toggle, DateTimePicker, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import type { FieldDescriptor } from './types';

interface Props {
  name: string;
  descriptor?: FieldDescriptor;
  required: boolean;
  value: unknown;
  error?: string;
  onChange: (value: unknown) => void;
}

/** One input for one field of a workflow action, chosen from the field's type. */
export const FieldInput = ({ name, descriptor, required, value, error, onChange }: Props) => {
  const { formatMessage } = useIntl();
  const label = formatMessage({ id: getTranslation(`field.${name}`), defaultMessage: name });
  const type = descriptor?.type ?? 'string';

  const input = (() => {
    if (descriptor?.choices || descriptor?.enum) {
      const options = descriptor.choices ?? descriptor.enum!.map((v) => ({ value: v, label: formatMessage({ id: getTranslation(`value.${v}`), defaultMessage: v }) }));
      return (
        <SingleSelect
          value={value === undefined || value === null ? undefined : String(value)}
          onChange={(v: string | number) => onChange(options.find((o) => String(o.value) === String(v))?.value ?? v)}
        >
          {options.map((option) => (
            <SingleSelectOption key={String(option.value)} value={String(option.value)}>
              {option.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      );
    }
    if (type === 'boolean') return <Toggle checked={!!value} onLabel="✓" offLabel="—" onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.checked)} />;
    if (type === 'integer' || type === 'decimal' || type === 'float') return <NumberInput value={value as number | undefined} onValueChange={(v: number | undefined) => onChange(v)} />;
    if (type === 'datetime') return <DateTimePicker value={value ? new Date(String(value)) : undefined} onChange={(d: Date | undefined) => onChange(d ? d.toISOString() : null)} />;
    if (type === 'text' || type === 'richtext') return <Textarea value={(value as string) ?? ''} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)} />;
    if (type === 'media') {
      return (
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({ id: getTranslation('panel.mediaHint'), defaultMessage: 'Upload it in the form on the left and save first.' })}
        </Typography>
      );
    }
    return <TextInput value={(value as string) ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} />;
  })();

  return (
    <Field.Root name={name} required={required} error={error}>
      <Field.Label>{label}</Field.Label>
      {input}
      <Field.Error />
    </Field.Root>
  );
};
