import * as React from 'react';
import { Box, Button, Field, Flex, Modal, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';

interface Props {
  model: string;
  documentId: string;
  onSent: () => void;
}

/** "Send a message": pick a template, see it rendered for this record, queue it in the outbox. */
export const SendMessageDialog = ({ model, documentId, onSent }: Props) => {
  const { formatMessage } = useIntl();
  const { get, post } = useFetchClient();
  const { describe } = useServerErrors();
  const { toggleNotification } = useNotification();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const [open, setOpen] = React.useState(false);
  const [keys, setKeys] = React.useState<string[]>([]);
  const [key, setKey] = React.useState<string>('');
  const [language, setLanguage] = React.useState<'zh-Hans' | 'en'>('zh-Hans');
  const [preview, setPreview] = React.useState<{ subject: string; text: string; reachability?: { email: boolean; phone: boolean; channel?: string | null } } | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  React.useEffect(() => {
    if (!open || keys.length) return;
    get<{ data: { templates: { id: string }[] } }>('/after-sales/messages/templates')
      .then((response) => {
        // The customer messages of this kind of item (feedback.*, complaint.*, service.*), as on the
        // case screen: staff templates (escalation.*) and other kinds' messages are not offered.
        const prefix = `${(model.split('::')[1] ?? '').split('.')[0].split('-')[0]}.`;
        const ids = response.data.data.templates.map((template) => template.id).filter((id) => id.startsWith(prefix));
        setKeys(ids);
        setKey((current) => current || ids[0] || '');
      })
      .catch(() => setError(t('send.failed', 'The message could not be sent')));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, get]);

  React.useEffect(() => {
    if (!open || !key) return;
    setPreview(null);
    post<{ data: { subject: string; text: string; reachability?: { email: boolean; phone: boolean; channel?: string | null } } }>('/after-sales/messages/preview', {
      key,
      locale: language,
      uid: model,
      documentId,
    })
      .then((response) => {
        setPreview(response.data.data);
        setError(null);
      })
      .catch((err: any) => setError(describe(err, t('templates.previewFailed', 'The preview could not be rendered'))));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, key, language, model, documentId, post]);

  // Messages sent by hand go by email: say before sending when the customer has no address for it.
  // The server says which channel the message would go out on (the customer's preferred one, else the fallback order).
  const unreachable = preview?.reachability ? (preview.reachability.channel === undefined ? preview.reachability.email === false : preview.reachability.channel === null) : false;

  const send = async () => {
    setBusy(true);
    try {
      await post('/after-sales/messages/send', { key, uid: model, documentId });
      toggleNotification({ type: 'success', message: t('send.done', 'The message is on its way') });
      setOpen(false);
      onSent();
    } catch (err: any) {
      setError(describe(err, t('send.failed', 'The message could not be sent')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button fullWidth variant="tertiary" startIcon={<Mail />}>
          {t('send.button', 'Send a message')}
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('send.title', 'Send a message to the customer')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="template">
              <Field.Label>{t('send.template', 'Message')}</Field.Label>
              <SingleSelect value={key} onChange={(value: string | number) => setKey(String(value))}>
                {keys.map((id) => (
                  <SingleSelectOption key={id} value={id}>
                    {t(`template.${id}`, id)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Field.Root name="language" hint={t('send.languageHint', 'The customer receives it in their own language; this only changes the preview.')}>
              <Field.Label>{t('templates.language', 'Language')}</Field.Label>
              <SingleSelect value={language} onChange={(value: string | number) => setLanguage(value as 'zh-Hans' | 'en')}>
                <SingleSelectOption value="zh-Hans">简体中文</SingleSelectOption>
                <SingleSelectOption value="en">English</SingleSelectOption>
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
            {unreachable && (
              <Box padding={3} background="warning100" hasRadius data-testid="send-unreachable">
                <Typography textColor="warning700">
                  {t('error.customer-unreachable', 'This customer cannot be reached by email or SMS: call them, or add an email address or a mobile number to the customer first.')}
                </Typography>
              </Box>
            )}
            {error && <Typography textColor="danger600">{error}</Typography>}
            {preview && (
              <Box padding={3} background="neutral100" hasRadius data-testid="send-message-preview">
                <Typography fontWeight="bold" tag="p">
                  {preview.subject}
                </Typography>
                <Typography tag="pre" style={{ whiteSpace: 'pre-wrap' }}>
                  {preview.text}
                </Typography>
              </Box>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('panel.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={send} loading={busy} disabled={!preview || unreachable}>
            {t('send.confirm', 'Send')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
