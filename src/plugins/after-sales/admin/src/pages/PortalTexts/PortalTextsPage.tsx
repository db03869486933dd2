import * as React from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Field, Flex, Table, Tbody, Td, Textarea, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { PageFailure } from '../../components/NoAccess';
import { useJoins } from '../../utils/joins';

type Language = 'zh-Hans' | 'en';
const LANGUAGES: { code: Language; name: string }[] = [
  { code: 'zh-Hans', name: '中文' },
  { code: 'en', name: 'English' },
];

interface PortalText {
  key: string;
  defaults: Record<Language, string>;
  texts: Partial<Record<Language, string>>;
}

type Drafts = Record<Language, Record<string, string>>;
const draftsOf = (list: PortalText[]): Drafts => ({
  'zh-Hans': Object.fromEntries(list.map((text) => [text.key, text.texts['zh-Hans'] ?? ''])),
  en: Object.fromEntries(list.map((text) => [text.key, text.texts.en ?? ''])),
});

/**
 * Settings → After-sales → Customer page texts: every text of the customer pages (help center,
 * feedback form, tracking, survey…) in Chinese and English, with the built-in wording beside a box
 * for the company's own. Empty boxes keep the built-in text; `{placeholders}` are filled by the page.
 */
export const PortalTextsPage = () => {
  const { formatMessage } = useIntl();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();

  const [texts, setTexts] = React.useState<PortalText[] | null>(null);
  const [drafts, setDrafts] = React.useState<Drafts>({ 'zh-Hans': {}, en: {} });
  const [saved, setSaved] = React.useState<Drafts>({ 'zh-Hans': {}, en: {} });
  const [filter, setFilter] = React.useState('');
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [failure, setFailure] = React.useState<unknown>(null);
  const [problem, setProblem] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  const take = (list: PortalText[]) => {
    setTexts(list);
    setDrafts(draftsOf(list));
    setSaved(draftsOf(list));
  };

  React.useEffect(() => {
    get<{ data: PortalText[] }>('/after-sales/portal-texts')
      .then(({ data }) => take(data.data))
      .catch((err: unknown) => setFailure(err ?? true));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const changed = LANGUAGES.reduce((n, { code }) => n + Object.keys(drafts[code]).filter((key) => drafts[code][key].trim() !== (saved[code][key] ?? '').trim()).length, 0);

  const save = async () => {
    setBusy(true);
    setProblem(null);
    setErrors({});
    try {
      const { data } = await put<{ data: PortalText[] }>('/after-sales/portal-texts', { data: drafts });
      take(data.data);
      toggleNotification({ type: 'success', message: t('portalTexts.saved', 'The customer page texts are saved') });
    } catch (err: any) {
      const list: { path?: string[]; message?: string; code?: string; values?: Record<string, string> }[] = err?.response?.data?.error?.details?.errors ?? [];
      setErrors(
        Object.fromEntries(
          list.map((e) => [
            (e.path ?? []).filter((p) => p !== 'data').join('|'),
            e.code ? formatMessage({ id: getTranslation(`error.${e.code}`), defaultMessage: e.message ?? '' }, e.values) : (e.message ?? ''),
          ])
        )
      );
      setProblem(list.length ? t('portalTexts.fix', 'Some texts need a change: see the marked boxes.') : describe(err, t('portalTexts.saveFailed', 'The texts could not be saved')));
    } finally {
      setBusy(false);
    }
  };

  if (failure) return <PageFailure error={failure} />;
  if (!texts) return <Page.Loading />;

  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? texts.filter((text) => [text.key, text.defaults['zh-Hans'], text.defaults.en, drafts['zh-Hans'][text.key], drafts.en[text.key]].some((s) => (s ?? '').toLowerCase().includes(needle)))
    : texts;

  return (
    <Page.Main>
      <Page.Title>{t('portalTexts.title', 'Customer page texts')}</Page.Title>
      <Layouts.Header
        title={t('portalTexts.title', 'Customer page texts')}
        subtitle={t(
          'portalTexts.subtitle',
          'Every text customers read on the help center, the feedback form, tracking and survey pages. Write your own wording; an empty box keeps the built-in text. Words in braces, like {example}, are filled in by the page.',
          {
            example: '{reference}',
          }
        )}
        primaryAction={
          <Button startIcon={<Check />} loading={busy} disabled={!changed} onClick={save} data-testid="portal-texts-save">
            {changed ? t('portalTexts.saveCount', 'Save ({count} changed)', { count: changed }) : t('portalTexts.save', 'Save')}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box maxWidth="40rem">
            <Field.Root name="filter">
              <Field.Label>{t('portalTexts.filter', 'Find a text')}</Field.Label>
              <TextInput value={filter} placeholder={t('portalTexts.filterHint', 'A word of the text, or its key')} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFilter(e.target.value)} />
            </Field.Root>
          </Box>
          {problem && (
            <Typography textColor="danger600" data-testid="portal-texts-error">
              {problem}
            </Typography>
          )}
          <Table colCount={3} rowCount={shown.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('portalTexts.column.key', 'Text')}</Typography>
                </Th>
                {LANGUAGES.map(({ code, name }) => (
                  <Th key={code}>
                    <Typography variant="sigma">{name}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {shown.map((text) => (
                <Tr key={text.key} data-testid={`portal-text-${text.key}`}>
                  <Td style={{ verticalAlign: 'top', whiteSpace: 'normal' }}>
                    <Typography variant="pi" textColor="neutral600" style={{ wordBreak: 'break-all' }}>
                      {text.key}
                    </Typography>
                  </Td>
                  {LANGUAGES.map(({ code, name }) => {
                    const long = text.defaults[code].length > (code === 'zh-Hans' ? 30 : 60);
                    const label = joins.parenthesised(text.key, name);
                    const onChange = (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
                      setDrafts((current) => ({ ...current, [code]: { ...current[code], [text.key]: e.target.value } }));
                    return (
                      <Td key={code} style={{ verticalAlign: 'top', whiteSpace: 'normal', minWidth: '18rem' }}>
                        <Field.Root name={`${code}.${text.key}`} error={errors[`${code}|${text.key}`]} hint={t('portalTexts.builtIn', 'Built in: {text}', { text: text.defaults[code] })}>
                          <Field.Label style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{label}</Field.Label>
                          {long ? (
                            <Textarea value={drafts[code][text.key] ?? ''} placeholder={text.defaults[code]} onChange={onChange} />
                          ) : (
                            <TextInput value={drafts[code][text.key] ?? ''} placeholder={text.defaults[code]} onChange={onChange} />
                          )}
                          <Field.Hint />
                          <Field.Error />
                        </Field.Root>
                      </Td>
                    );
                  })}
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default PortalTextsPage;
