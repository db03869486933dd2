import * as React from 'react';
import { Button, Modal } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { ActionFields, actionFieldNames, isSimpleAction, typedValues } from './ActionFields';
import type { WorkflowAction, WorkflowActions } from './types';

interface Props {
  model: string;
  documentId: string;
  action: WorkflowAction;
  current: WorkflowActions;
  record: Record<string, unknown> | undefined;
  /** Whether the record has a value for a field, where the caller knows it without the record (the case screen). */
  filled?: (name: string) => boolean;
  /** What the person typed in the form and has not saved: the dialog starts from it, so it is not lost. */
  draft: () => Record<string, unknown>;
  /** Called after the action (with the fields it wrote) or after a conflict (with none). */
  onDone: (written: string[]) => void;
}

/** A button for one action; it opens a small form with the action's fields and a note. */
export const ActionDialog = ({ model, documentId, action, current, record, filled, draft, onDone }: Props) => {
  const { formatMessage } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { byField: errorsByField, describe } = useServerErrors();
  const [open, setOpen] = React.useState(false);
  const [values, setValues] = React.useState<Record<string, unknown>>({});
  const [note, setNote] = React.useState('');
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [busy, setBusy] = React.useState(false);
  const fields = actionFieldNames(action);
  const simple = isSimpleAction(action);

  // Opening the dialog takes over the text typed in the form for the action's fields (relations excepted).
  const openDialog = (next: boolean) => {
    if (next) {
      const typed = draft();
      setValues(Object.fromEntries(fields.filter((name) => name in typed && current.fields[name]?.type !== 'relation' && current.fields[name]?.type !== 'media').map((name) => [name, typed[name]])));
      setErrors({});
    }
    setOpen(next);
  };

  const submit = async () => {
    setBusy(true);
    setErrors({});
    const data = typedValues(values);
    try {
      const response = await post<{ data: { changedFields?: string[] } }>(`/after-sales/workflows/${model}/${documentId}/actions/${action.id}`, {
        version: current.version,
        note: note || undefined,
        data,
      });
      toggleNotification({ type: 'success', message: formatMessage({ id: getTranslation('panel.done'), defaultMessage: '{action}: done' }, { action: action.title }) });
      setOpen(false);
      setValues({});
      setNote('');
      onDone([...Object.keys(data), ...(response.data?.data?.changedFields ?? [])]);
    } catch (error: any) {
      const byField = errorsByField(error);
      setErrors(byField);
      const status = error?.response?.status;
      const message =
        status === 409
          ? formatMessage({ id: getTranslation('panel.conflict'), defaultMessage: 'Someone changed this item meanwhile. It has been reloaded; check it and try again.' })
          : describe(error, formatMessage({ id: getTranslation('panel.failed'), defaultMessage: 'The action could not be done' }));
      toggleNotification({ type: 'danger', message });
      if (status === 409) onDone([]);
    } finally {
      setBusy(false);
    }
  };

  if (simple) {
    return (
      <Button fullWidth variant={action.id === 'reject' || action.id === 'reject-plan' ? 'danger-light' : 'secondary'} loading={busy} onClick={submit}>
        {action.title}
      </Button>
    );
  }

  return (
    <Modal.Root open={open} onOpenChange={openDialog}>
      <Modal.Trigger>
        <Button fullWidth variant="secondary">
          {action.title}…
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{action.title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <ActionFields
            action={action}
            descriptors={current.fields}
            filled={filled ?? ((name) => !(record?.[name] === null || record?.[name] === undefined || record?.[name] === ''))}
            initial={(name) => record?.[name]}
            values={values}
            onChange={(name, value) => setValues((prev) => ({ ...prev, [name]: value }))}
            errors={errors}
            note={{ value: note, onChange: setNote }}
          />
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{formatMessage({ id: getTranslation('panel.cancel'), defaultMessage: 'Cancel' })}</Button>
          </Modal.Close>
          <Button loading={busy} onClick={submit}>
            {action.title}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
