import * as React from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Combobox, ComboboxOption, Field, Flex, Grid, SingleSelect, SingleSelectOption, Tabs, Textarea, TextInput, Typography } from '@strapi/design-system';
import { ArrowClockwise, Check } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { PageFailure } from '../../components/NoAccess';
import { localizedText, type Localized } from '../../components/ContributedSections';

type Locale = 'zh-Hans' | 'en';
interface TemplateSummary {
  key: string;
  sendOn: { workflow: string; action: string; to?: string } | null;
  customised: Locale[];
}
interface TemplateText {
  subject: string;
  body: string;
  source: 'saved' | 'default' | 'missing';
  version: number;
}
interface EditableTemplate {
  key: string;
  /** False for SMS: no subject, a short text. */
  hasSubject: boolean;
  locales: Record<Locale, TemplateText>;
}
/** A message channel contributed by an extension (`contributes.channels`). */
interface Channel {
  id: string;
  title: Localized;
  extensionId: string;
  registered: boolean;
  configured: boolean;
}
interface RecordChoice {
  uid: string;
  documentId: string;
  reference: string;
  state: string;
}
interface Reference {
  variables: string[];
  helpers: { name: string; signature: string; description: Record<Locale, string> }[];
}

/** Settings → After-sales → Message templates: edit a customer message with a live preview against a real record. */
export const TemplateEditorPage = () => {
  const { formatMessage, locale: uiLocale } = useIntl();
  const { describe } = useServerErrors();
  const errorText = (error: any, fallback: string) => describe(error, fallback, '\n');
  const { get, put, post, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);

  const [channels, setChannels] = React.useState<Channel[] | null>(null);
  const [channel, setChannel] = React.useState('email');
  const [templates, setTemplates] = React.useState<TemplateSummary[] | null>(null);
  const [reference, setReference] = React.useState<Reference | null>(null);
  const [selected, setSelected] = React.useState<string | null>(null);
  const [language, setLanguage] = React.useState<Locale>('zh-Hans');
  // The language chosen now, for a template whose text arrives after the tab was clicked.
  const languageNow = React.useRef<Locale>('zh-Hans');
  // Which template and channel the text on screen belongs to (null while the selected one loads).
  const loadedFor = React.useRef<string | null>(null);
  const [template, setTemplate] = React.useState<EditableTemplate | null>(null);
  const [draft, setDraft] = React.useState<{ subject: string; body: string }>({ subject: '', body: '' });
  const [records, setRecords] = React.useState<RecordChoice[]>([]);
  const [record, setRecord] = React.useState<RecordChoice | null>(null);
  const [preview, setPreview] = React.useState<{ subject: string; text: string; html: string | null } | null>(null);
  const [previewError, setPreviewError] = React.useState<string | null>(null);
  const [saveError, setSaveError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [failed, setFailed] = React.useState<unknown>(null);

  const loadList = React.useCallback(async () => {
    const [list, ref, known] = await Promise.all([
      get<{ data: TemplateSummary[] }>(`/after-sales/messages/editor/templates?channel=${encodeURIComponent(channel)}`),
      get<{ data: Reference }>('/after-sales/messages/templates'),
      get<{ data: Channel[] }>('/after-sales/messages/channels'),
    ]);
    setChannels(known.data.data);
    setTemplates(list.data.data);
    setReference(ref.data.data);
    setSelected((current) => current ?? list.data.data[0]?.key ?? null);
  }, [get, channel]);

  React.useEffect(() => {
    loadList().catch((error) => setFailed(error ?? true));
  }, [loadList]);

  const searchRecords = React.useCallback(
    async (q: string) => {
      const response = await get<{ data: RecordChoice[] }>(`/after-sales/messages/editor/records?q=${encodeURIComponent(q)}`);
      setRecords(response.data.data);
      setRecord((current) => current ?? response.data.data[0] ?? null);
    },
    [get]
  );
  React.useEffect(() => {
    searchRecords('').catch(() => setRecords([]));
  }, [searchRecords]);

  const show = (next: EditableTemplate, lang: Locale, loaded: string) => {
    loadedFor.current = loaded;
    setTemplate(next);
    setDraft({ subject: next.locales[lang].subject, body: next.locales[lang].body });
    setSaveError(null);
  };

  React.useEffect(() => {
    if (!selected) return;
    // Only the answer for the current template and channel is shown (an earlier, slower one is dropped).
    let live = true;
    loadedFor.current = null;
    get<{ data: EditableTemplate }>(`/after-sales/messages/editor/templates/${encodeURIComponent(selected)}?channel=${encodeURIComponent(channel)}`)
      // In the language chosen by the time it arrives (a tab clicked while it loaded).
      .then((response) => live && show(response.data.data, languageNow.current, `${selected}|${channel}`))
      .catch((error) => live && setFailed(error ?? true));
    return () => {
      live = false;
    };
  }, [selected, channel, get]);

  const chooseLanguage = (lang: Locale) => {
    setLanguage(lang);
    languageNow.current = lang;
    // The text of the template on screen; one still loading is shown in this language when it arrives
    // (the previous template's text is never put in the editor of the one selected).
    if (template && loadedFor.current === `${selected}|${channel}`) setDraft({ subject: template.locales[lang].subject, body: template.locales[lang].body });
  };

  // Live preview: re-render the unsaved text against the chosen record shortly after each change.
  React.useEffect(() => {
    if (!selected || !record) return;
    // Only the answer to the latest text, record, language and channel is shown: an earlier, slower one is dropped.
    let live = true;
    const timer = setTimeout(() => {
      post<{ data: { subject: string; text: string; html: string | null } }>('/after-sales/messages/preview', {
        key: selected,
        locale: language,
        uid: record.uid,
        documentId: record.documentId,
        subject: draft.subject,
        body: draft.body,
        channel,
      })
        .then((response) => {
          if (!live) return;
          setPreview(response.data.data);
          setPreviewError(null);
        })
        .catch((error) => {
          if (!live) return;
          setPreview(null);
          setPreviewError(errorText(error, t('templates.previewFailed', 'The preview could not be rendered')));
        });
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, record, language, channel, draft.subject, draft.body, post]);

  const save = async () => {
    if (!selected) return;
    setBusy(true);
    try {
      const response = await put<{ data: EditableTemplate }>(`/after-sales/messages/editor/templates/${encodeURIComponent(selected)}`, {
        data: { channel, locale: language, subject: draft.subject, body: draft.body },
      });
      show(response.data.data, language, `${selected}|${channel}`);
      toggleNotification({ type: 'success', message: t('templates.saved', 'Saved. New messages use this text.') });
      await loadList();
    } catch (error) {
      setSaveError(errorText(error, t('templates.saveFailed', 'The template could not be saved')));
    } finally {
      setBusy(false);
    }
  };

  const revert = async () => {
    if (!selected) return;
    setBusy(true);
    try {
      const response = await del<{ data: EditableTemplate }>(`/after-sales/messages/editor/templates/${encodeURIComponent(selected)}?locale=${language}&channel=${encodeURIComponent(channel)}`);
      show(response.data.data, language, `${selected}|${channel}`);
      toggleNotification({ type: 'success', message: t('templates.reverted', 'Back to the default text.') });
      await loadList();
    } catch (error) {
      setSaveError(errorText(error, t('templates.saveFailed', 'The template could not be saved')));
    } finally {
      setBusy(false);
    }
  };

  if (failed) return <PageFailure error={failed} />;
  if (!templates || !reference || !channels) return <Page.Loading />;
  const chosenChannel = channels.find((c) => c.id === channel);
  const current = template?.locales[language];
  const dirty = !!current && (current.subject !== draft.subject || current.body !== draft.body);
  const helpLocale: Locale = uiLocale.startsWith('zh') ? 'zh-Hans' : 'en';

  return (
    <Page.Main>
      <Page.Title>{t('templates.title', 'Message templates')}</Page.Title>
      <Layouts.Header
        title={t('templates.title', 'Message templates')}
        subtitle={t('templates.subtitle', 'What customers receive at each step. Pick a message, edit it and check the preview before saving.')}
        primaryAction={
          <Flex gap={2}>
            <Button variant="tertiary" startIcon={<ArrowClockwise />} disabled={busy || current?.source !== 'saved'} onClick={revert}>
              {t('templates.revert', 'Back to default')}
            </Button>
            <Button startIcon={<Check />} loading={busy} disabled={!dirty} onClick={save} data-testid="template-save">
              {t('templates.save', 'Save')}
            </Button>
          </Flex>
        }
      />
      <Layouts.Content>
        <Grid.Root gap={4}>
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Box background="neutral0" hasRadius shadow="tableShadow" padding={3}>
              <Box paddingBottom={3}>
                <Field.Root
                  name="channel"
                  hint={chosenChannel && !chosenChannel.configured ? t('templates.channelHeld', 'This channel cannot send yet: its messages are kept until it is set up.') : undefined}
                >
                  <Field.Label>{t('templates.channel', 'Channel')}</Field.Label>
                  <SingleSelect value={channel} onChange={(value: string | number) => setChannel(String(value))} data-testid="template-channel">
                    {channels.map((c) => (
                      <SingleSelectOption key={c.id} value={c.id}>
                        {localizedText(c.title, uiLocale)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Hint />
                </Field.Root>
              </Box>
              <Flex direction="column" alignItems="stretch" gap={1} tag="ul" data-testid="template-list">
                {templates.map((item) => (
                  <Box tag="li" key={item.key}>
                    <Button fullWidth variant={item.key === selected ? 'secondary' : 'ghost'} onClick={() => setSelected(item.key)} style={{ justifyContent: 'flex-start' }}>
                      {t(`template.${item.key}`, item.key)}
                      {item.customised.length ? ` · ${t('templates.customised', 'edited')}` : ''}
                    </Button>
                  </Box>
                ))}
              </Flex>
            </Box>
          </Grid.Item>
          <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
            <Box background="neutral0" hasRadius shadow="tableShadow" padding={5}>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography variant="delta" tag="h2">
                  {selected ? t(`template.${selected}`, selected) : ''}
                </Typography>
                <Typography variant="pi" textColor="neutral600" data-testid="template-source">
                  {selected}
                  {chosenChannel ? ` · ${localizedText(chosenChannel.title, uiLocale)}` : ''}
                  {current
                    ? ` · ${current.source === 'saved' ? t('templates.sourceSaved', 'edited (version {version})', { version: current.version }) : t('templates.sourceDefault', 'default text from the extension')}`
                    : ''}
                </Typography>
                <Tabs.Root value={language} onValueChange={(value: string) => chooseLanguage(value as Locale)}>
                  <Tabs.List aria-label={t('templates.language', 'Language')}>
                    <Tabs.Trigger value="zh-Hans">简体中文</Tabs.Trigger>
                    <Tabs.Trigger value="en">English</Tabs.Trigger>
                  </Tabs.List>
                </Tabs.Root>
                {template?.hasSubject === false ? (
                  <Typography variant="pi" textColor="neutral600" data-testid="template-sms-note">
                    {t(
                      'templates.smsNote',
                      'An SMS has no subject. {count} characters: {parts} message(s) of 70 characters. The provider sends its registered template (template code in the SMS settings) with the variables filled in: keep this text the same as the registered one.',
                      {
                        count: draft.body.trim().length,
                        parts: Math.max(1, Math.ceil(draft.body.trim().length / 70)),
                      }
                    )}
                  </Typography>
                ) : (
                  <Field.Root name="subject">
                    <Field.Label>{t('templates.subject', 'Subject')}</Field.Label>
                    <TextInput value={draft.subject} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, subject: e.target.value })} />
                  </Field.Root>
                )}
                <Field.Root name="body" hint={t('templates.bodyHint', 'Handlebars: put a variable in double braces, as listed below; use #if for optional parts.')}>
                  <Field.Label>{t('templates.body', 'Text')}</Field.Label>
                  <Textarea value={draft.body} rows={14} style={{ fontFamily: 'monospace' }} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setDraft({ ...draft, body: e.target.value })} />
                  <Field.Hint />
                </Field.Root>
                {saveError && (
                  <Typography textColor="danger600" data-testid="template-error" style={{ whiteSpace: 'pre-wrap' }}>
                    {saveError}
                  </Typography>
                )}
                <Box>
                  <Typography variant="sigma" textColor="neutral600">
                    {t('templates.variables', 'Variables')}
                  </Typography>
                  <Typography variant="pi" tag="p" style={{ fontFamily: 'monospace' }}>
                    {reference.variables.map((v) => `{{${v}}}`).join('  ')}
                  </Typography>
                  <Box paddingTop={2}>
                    <Typography variant="sigma" textColor="neutral600">
                      {t('templates.helpers', 'Helpers')}
                    </Typography>
                  </Box>
                  {reference.helpers.map((helper) => (
                    <Typography variant="pi" tag="p" key={helper.name}>
                      <code>{helper.signature}</code> — {helper.description[helpLocale]}
                    </Typography>
                  ))}
                </Box>
              </Flex>
            </Box>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Box background="neutral0" hasRadius shadow="tableShadow" padding={5}>
              <Flex direction="column" alignItems="stretch" gap={3}>
                <Typography variant="delta" tag="h2">
                  {t('templates.preview', 'Preview')}
                </Typography>
                <Field.Root name="record">
                  <Field.Label>{t('templates.record', 'Preview with this record')}</Field.Label>
                  <Combobox
                    value={record?.documentId ?? ''}
                    onInputChange={(e: React.ChangeEvent<HTMLInputElement>) => searchRecords(e.target.value).catch(() => setRecords([]))}
                    onChange={(value?: string) => setRecord(records.find((r) => r.documentId === value) ?? null)}
                    autocomplete={{ type: 'list', filter: 'contains' }}
                  >
                    {records.map((r) => (
                      <ComboboxOption key={r.documentId} value={r.documentId}>
                        {`${r.reference} · ${r.state}`}
                      </ComboboxOption>
                    ))}
                  </Combobox>
                </Field.Root>
                {!record && <Typography textColor="neutral600">{t('templates.noRecord', 'There is no record to preview with yet.')}</Typography>}
                {previewError && (
                  <Typography textColor="danger600" data-testid="template-preview-error" style={{ whiteSpace: 'pre-wrap' }}>
                    {previewError}
                  </Typography>
                )}
                {preview && (
                  <Flex direction="column" alignItems="stretch" gap={2} data-testid="template-preview">
                    {preview.subject && <Typography fontWeight="bold">{preview.subject}</Typography>}
                    {preview.html ? (
                      <iframe title={t('templates.preview', 'Preview')} sandbox="" srcDoc={preview.html} style={{ width: '100%', minHeight: 320, border: '1px solid #eaeaef', borderRadius: 4 }} />
                    ) : (
                      <Box padding={3} background="neutral100" hasRadius>
                        <Typography tag="pre" style={{ whiteSpace: 'pre-wrap' }}>
                          {preview.text}
                        </Typography>
                      </Box>
                    )}
                  </Flex>
                )}
              </Flex>
            </Box>
          </Grid.Item>
        </Grid.Root>
      </Layouts.Content>
    </Page.Main>
  );
};

export default TemplateEditorPage;
