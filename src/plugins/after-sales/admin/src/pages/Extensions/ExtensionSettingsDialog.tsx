import * as React from 'react';
import { Box, Button, Field, Flex, Modal, NumberInput, SingleSelect, SingleSelectOption, Switch, Textarea, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { useJoins } from '../../utils/joins';

type Localized = string | { en: string; 'zh-Hans'?: string };

/** One setting as the extension's manifest declares it (`contributes.configuration.properties`). */
interface Property {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  default: unknown;
  label?: Localized;
  description?: Localized;
  enum?: string[];
  enumLabels?: Record<string, Localized>;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: { type?: string };
  properties?: Record<string, { type?: string; maxLength?: number }>;
}

interface Schema {
  title?: Localized;
  properties: Record<string, Property>;
}

const LANGUAGES = ['zh-Hans', 'en'] as const;

/** An object whose parts are the interface languages (footer text, privacy notice): one box per language. */
const isPerLanguage = (p: Property) => p.type === 'object' && !!p.properties && Object.keys(p.properties).every((k) => (LANGUAGES as readonly string[]).includes(k));
const isTextList = (p: Property) => p.type === 'array' && (p.items?.type ?? 'string') === 'string';
const isColour = (p: Property) => p.type === 'string' && p.pattern === '^#[0-9a-fA-F]{6}$';

/** How a value is edited: lists one per line, other objects as JSON, the rest as they are. */
const toDraft = (p: Property, value: unknown): unknown => {
  if (isTextList(p)) return ((value as string[] | undefined) ?? []).join('\n');
  if (p.type === 'object' && !isPerLanguage(p)) return JSON.stringify(value ?? {}, null, 2);
  if (isPerLanguage(p)) return { ...((value as Record<string, string>) ?? {}) };
  return value;
};

/**
 * Settings → After-sales → Extensions → an extension's settings: a form made from the settings
 * its manifest declares (labels and help in the user's language), saved in one request; the
 * server checks every value against the manifest and each refusal is shown under its field.
 */
export const ExtensionSettingsDialog = ({ id, name, canEdit }: { id: string; name: string; canEdit: boolean }) => {
  const { formatMessage, locale } = useIntl();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const t = (key: string, defaultMessage: string, values?: Record<string, string>) => formatMessage({ id: getTranslation(key), defaultMessage }, values);
  const joins = useJoins();
  const inLanguage = (text: Localized | undefined, fallback: string) => (text === undefined ? fallback : typeof text === 'string' ? text : ((text as Record<string, string>)[locale] ?? text.en));

  const [open, setOpen] = React.useState(false);
  const [schema, setSchema] = React.useState<Schema | null>(null);
  const [drafts, setDrafts] = React.useState<Record<string, unknown>>({});
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [failure, setFailure] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  React.useEffect(() => {
    if (!open) return;
    setSchema(null);
    setErrors({});
    setFailure(null);
    get<{ data: { schema: Schema; values: Record<string, unknown> } }>(`/after-sales/extensions/${encodeURIComponent(id)}/configuration`)
      .then(({ data }) => {
        setSchema(data.data.schema);
        setDrafts(Object.fromEntries(Object.entries(data.data.schema.properties).map(([key, p]) => [key, toDraft(p, data.data.values[key])])));
      })
      .catch((err: unknown) => setFailure(describe(err, t('extensions.settings.loadFailed', 'The settings could not be loaded'))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, id]);

  const set = (key: string, value: unknown) => setDrafts((current) => ({ ...current, [key]: value }));

  const save = async () => {
    if (!schema) return;
    const values: Record<string, unknown> = {};
    const local: Record<string, string> = {};
    for (const [key, p] of Object.entries(schema.properties)) {
      const draft = drafts[key];
      if (isTextList(p)) {
        values[key] = String(draft ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean);
      } else if (p.type === 'object' && !isPerLanguage(p)) {
        try {
          values[key] = JSON.parse(String(draft ?? '{}'));
        } catch {
          local[key] = t('extensions.settings.badJson', 'is not valid JSON');
        }
      } else values[key] = draft;
    }
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setFailure(null);
    try {
      await put(`/after-sales/extensions/${encodeURIComponent(id)}/configuration`, { data: values });
      toggleNotification({ type: 'success', message: t('extensions.settings.saved', 'The settings of {name} are saved', { name }) });
      setOpen(false);
    } catch (err: any) {
      const list: { path?: string[] | string; message?: string; code?: string; values?: Record<string, string> }[] = err?.response?.data?.error?.details?.errors ?? [];
      const byPath: Record<string, string> = {};
      for (const e of list) {
        const path = (typeof e.path === 'string' ? e.path.split('.') : (e.path ?? [])).filter((p) => p !== 'data').join('.');
        byPath[path] = e.code ? formatMessage({ id: getTranslation(`error.${e.code}`), defaultMessage: e.message ?? '' }, e.values) : (e.message ?? '');
      }
      setErrors(byPath);
      setFailure(
        list.length ? t('extensions.settings.fix', 'Some settings need a change: see the marked fields.') : describe(err, t('extensions.settings.saveFailed', 'The settings could not be saved'))
      );
    } finally {
      setBusy(false);
    }
  };

  const field = (key: string, p: Property) => {
    const label = inLanguage(p.label, key);
    const hint = p.description === undefined ? undefined : inLanguage(p.description, '');
    const value = drafts[key];
    if (isPerLanguage(p)) {
      const texts = (value as Record<string, string>) ?? {};
      return (
        <Flex key={key} direction="column" alignItems="stretch" gap={2}>
          {LANGUAGES.filter((language) => p.properties![language]).map((language) => {
            const long = (p.properties![language].maxLength ?? 0) > 200;
            const onChange = (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key, { ...texts, [language]: e.target.value });
            return (
              <Field.Root key={language} name={`${key}.${language}`} error={errors[`${key}.${language}`] ?? errors[key]} hint={language === 'zh-Hans' ? hint : undefined}>
                <Field.Label>{joins.parenthesised(label, language === 'zh-Hans' ? '中文' : 'English')}</Field.Label>
                {long ? <Textarea value={texts[language] ?? ''} onChange={onChange} disabled={!canEdit} /> : <TextInput value={texts[language] ?? ''} onChange={onChange} disabled={!canEdit} />}
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            );
          })}
        </Flex>
      );
    }
    const input = (() => {
      if (p.type === 'boolean') return <Switch aria-label={label} checked={!!value} disabled={!canEdit} onCheckedChange={(checked: boolean) => set(key, checked)} />;
      if (p.type === 'integer' || p.type === 'number') {
        return <NumberInput value={value as number | undefined} disabled={!canEdit} onValueChange={(v: number | undefined) => set(key, v)} />;
      }
      if (p.enum) {
        return (
          <SingleSelect value={value === undefined ? undefined : String(value)} disabled={!canEdit} onChange={(v: string | number) => set(key, String(v))}>
            {p.enum.map((option) => (
              <SingleSelectOption key={option} value={option}>
                {inLanguage(p.enumLabels?.[option], option)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        );
      }
      if (isTextList(p) || p.type === 'object' || (p.maxLength ?? 0) > 500) {
        return <Textarea value={String(value ?? '')} disabled={!canEdit} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set(key, e.target.value)} />;
      }
      return (
        <Flex gap={2}>
          {isColour(p) && /^#[0-9a-fA-F]{6}$/.test(String(value)) && (
            <Box width="2.4rem" height="2.4rem" hasRadius borderColor="neutral200" style={{ background: String(value), flexShrink: 0 }} data-testid={`swatch-${key}`} />
          )}
          <Box grow={1}>
            <TextInput value={String(value ?? '')} disabled={!canEdit} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(key, e.target.value)} />
          </Box>
        </Flex>
      );
    })();
    return (
      <Field.Root key={key} name={key} error={errors[key]} hint={hint}>
        <Field.Label>{label}</Field.Label>
        {input}
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    );
  };

  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button variant="tertiary" size="S">
          {t('extensions.settings.open', 'Settings')}
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('extensions.settings.title', 'Settings of {name}', { name })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4} data-testid="extension-settings">
            {!schema && !failure && <Typography>{t('extensions.settings.loading', 'Loading…')}</Typography>}
            {schema && Object.entries(schema.properties).map(([key, p]) => field(key, p))}
            {failure && (
              <Typography textColor="danger600" style={{ whiteSpace: 'pre-wrap' }} data-testid="extension-settings-error">
                {failure}
              </Typography>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('panel.cancel', 'Cancel')}</Button>
          </Modal.Close>
          {canEdit && (
            <Button onClick={save} loading={busy} disabled={!schema}>
              {t('extensions.settings.save', 'Save')}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
