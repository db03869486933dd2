import { forwardRef, useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { Combobox, ComboboxOption, Field, Flex, Tag } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';

type Props = {
  name: string;
  label?: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
  value?: unknown;
  error?: string;
  onChange: (name: string, value: unknown) => void;
};

const asTags = (value: unknown): string[] => (Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []);

/**
 * Knowledge-article tags: the chosen tags as chips (× removes one), and a box to pick another
 * from the tags other articles use, or to add a new one. Stored as a JSON list of words.
 */
export const TagsInput = forwardRef<HTMLInputElement, Props>(({ name, label, hint, required, disabled, value, error, onChange }, ref) => {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const [known, setKnown] = useState<{ tag: string; count: number }[]>([]);
  const [text, setText] = useState('');
  const tags = asTags(value);

  useEffect(() => {
    let live = true;
    get('/after-sales/knowledge/tags')
      .then((res: any) => {
        if (live) setKnown(res.data?.data ?? []);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [get]);

  const options = useMemo(() => known.filter((k) => !tags.some((t) => t.toLowerCase() === k.tag.toLowerCase())), [known, tags]);
  const add = (tag?: string) => {
    const clean = (tag ?? '').trim();
    if (clean && !tags.some((t) => t.toLowerCase() === clean.toLowerCase())) onChange(name, [...tags, clean]);
    setText('');
  };
  const remove = (tag: string) =>
    onChange(
      name,
      tags.filter((t) => t !== tag)
    );

  return (
    <Field.Root name={name} hint={hint} error={error} required={required}>
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Field.Label>{label}</Field.Label>
        {tags.length > 0 && (
          <Flex gap={2} wrap="wrap" data-testid="knowledge-tags-chosen">
            {tags.map((tag) => (
              <Tag
                key={tag}
                icon={<Cross aria-hidden />}
                disabled={disabled}
                onClick={() => remove(tag)}
                aria-label={formatMessage({ id: getTranslation('tags.remove'), defaultMessage: 'Remove {tag}' }, { tag })}
              >
                {tag}
              </Tag>
            ))}
          </Flex>
        )}
        {/* A fresh, empty box after each tag: the Combobox would otherwise keep the picked option's text. */}
        <Combobox
          key={tags.join('\u0000')}
          ref={ref}
          aria-label={label}
          disabled={disabled}
          value=""
          onTextValueChange={setText}
          onChange={(picked?: string) => {
            if (picked) add(picked);
          }}
          creatable
          onCreateOption={(created?: string) => add(created || text)}
          createMessage={(v: string) => formatMessage({ id: getTranslation('tags.create'), defaultMessage: 'Add the tag "{value}"' }, { value: v })}
          noOptionsMessage={() => formatMessage({ id: getTranslation('tags.none'), defaultMessage: 'No other tag in use: type one to add it' })}
          placeholder={formatMessage({ id: getTranslation('tags.placeholder'), defaultMessage: 'Pick a tag or type a new one' })}
        >
          {options.map((option) => (
            <ComboboxOption key={option.tag} value={option.tag}>
              {formatMessage({ id: getTranslation('tags.option'), defaultMessage: '{tag} ({count} articles)' }, { tag: option.tag, count: option.count })}
            </ComboboxOption>
          ))}
        </Combobox>
        <Field.Hint />
        <Field.Error />
      </Flex>
    </Field.Root>
  );
});

export default TagsInput;
