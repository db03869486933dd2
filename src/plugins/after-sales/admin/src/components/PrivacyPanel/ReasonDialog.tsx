import * as React from 'react';
import { Button, Field, Flex, Modal, Textarea, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../../utils/getTranslation';

interface Props {
  label: string;
  title: string;
  explanation: string;
  danger?: boolean;
  /** Runs the action with the reason; returns an error message to show, or nothing when done. */
  onConfirm: (reason: string) => Promise<string | void>;
}

/** A button that asks for the short reason every access to personal data needs, then runs the action. */
export const ReasonDialog = ({ label, title, explanation, danger, onConfirm }: Props) => {
  const { formatMessage } = useIntl();
  const [open, setOpen] = React.useState(false);
  const [reason, setReason] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const problem = await onConfirm(reason.trim());
      if (problem) setError(problem);
      else {
        setOpen(false);
        setReason('');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button fullWidth variant={danger ? 'danger-light' : 'secondary'}>
          {label}…
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography>{explanation}</Typography>
            <Field.Root name="reason" required error={error ?? undefined} hint={t('privacy.reason.hint', 'A short reason (5 to 500 characters). It is kept in the access audit.')}>
              <Field.Label>{t('privacy.reason', 'Reason')}</Field.Label>
              <Textarea value={reason} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('panel.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button variant={danger ? 'danger' : 'default'} loading={busy} disabled={reason.trim().length < 5} onClick={confirm}>
            {label}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
