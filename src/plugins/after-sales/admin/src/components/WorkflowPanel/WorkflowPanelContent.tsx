import * as React from 'react';
import { Badge, Box, Divider, Flex, Link, Loader, Typography } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';
import { casePath } from '../../utils/caseLink';
import { useIntl } from 'react-intl';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useStateTitle } from '../../utils/workflowStates';
import { useEscalationNote } from '../../utils/escalationNote';
import { ActionDialog } from './ActionDialog';
import { SlaClocks } from './SlaClocks';
import { ApprovalProgress } from './ApprovalProgress';
import { SendMessageDialog } from './SendMessageDialog';
import { ConflictBox } from './ConflictBox';
import { CustomerContact } from './CustomerContact';
import { useFormSync } from './useFormSync';
import type { MessageSummary, TimelineEvent, WorkflowActions } from './types';

const CATEGORY_COLOURS: Record<string, [string, string]> = {
  new: ['primary100', 'primary700'],
  open: ['secondary100', 'secondary700'],
  paused: ['warning100', 'warning700'],
  done: ['success100', 'success700'],
};

interface Props {
  model: string;
  documentId: string;
  record: Record<string, unknown> | undefined;
}

/** The current state, the actions this user may take now, and the timeline. All rules come from the server. */
export const WorkflowPanelContent = ({ model, documentId, record }: Props) => {
  const { formatMessage, formatDate, locale } = useIntl();
  const { get } = useFetchClient();
  const [current, setCurrent] = React.useState<WorkflowActions | null>(null);
  const [timeline, setTimeline] = React.useState<TimelineEvent[]>([]);
  const [messages, setMessages] = React.useState<MessageSummary[]>([]);
  const [failed, setFailed] = React.useState(false);
  const apiLocale = locale.startsWith('zh') ? 'zh-Hans' : 'en';
  const stateTitle = useStateTitle(model);
  /** An escalation note in the user's language (the same reading as the case screen's thread). */
  const describeNote = useEscalationNote();

  const load = React.useCallback(async () => {
    try {
      const [actions, events, history] = await Promise.all([
        get<{ data: WorkflowActions }>(`/after-sales/workflows/${model}/${documentId}/actions?locale=${apiLocale}`),
        get<{ data: TimelineEvent[] }>(`/after-sales/workflows/${model}/${documentId}/timeline`),
        get<{ data: MessageSummary[] }>(`/after-sales/messages/${model}/${documentId}`),
      ]);
      setCurrent(actions.data.data);
      setTimeline(events.data.data);
      setMessages(history.data.data);
    } catch {
      setFailed(true);
    }
  }, [get, model, documentId, apiLocale]);

  // The edit form on the left: refreshed after every action, keeping what the person typed and has not saved.
  const form = useFormSync(model, documentId);
  const reload = (written: string[] = []) => {
    void Promise.all([load(), form.refresh(written)]);
  };
  // The form was saved (a new version) or a save just ended (it may have been refused as stale): read the panel again,
  // so that its actions carry the current version and a conflict shows below.
  const recordVersion = record?.version;
  const submitting = form.isSubmitting;
  React.useEffect(() => {
    if (!submitting) void load();
  }, [recordVersion, submitting, load]);
  // A form behind the saved item with nothing typed (e.g. the SLA sweep raised the severity) simply reads it again.
  const behind = !!current && form.formVersion !== null && form.formVersion < current.version;
  React.useEffect(() => {
    if (behind && Object.keys(form.unsaved()).length === 0) void form.refresh([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [behind, current?.version]);
  React.useEffect(() => {
    const onFocus = () => void load();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [load]);

  if (failed) return <Typography textColor="danger600">{formatMessage({ id: getTranslation('panel.unavailable'), defaultMessage: 'The workflow is not available for this item.' })}</Typography>;
  if (!current) return <Loader small>{formatMessage({ id: getTranslation('panel.loading'), defaultMessage: 'Loading' })}</Loader>;
  const [background, text] = CATEGORY_COLOURS[current.stateCategory ?? 'open'] ?? CATEGORY_COLOURS.open;

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="workflow-panel">
      <Flex gap={2} justifyContent="space-between">
        <Typography variant="sigma" textColor="neutral600">
          {formatMessage({ id: getTranslation('panel.state'), defaultMessage: 'State' })}
        </Typography>
        <Badge backgroundColor={background} textColor={text} data-testid="workflow-state">
          {current.stateTitle}
        </Badge>
      </Flex>
      <Typography variant="pi" textColor="neutral600">
        {current.reference} · v{current.version}
      </Typography>
      <Link tag={RouterLink} to={casePath(model, documentId)} data-testid="case-link">
        {formatMessage({ id: getTranslation('case.open'), defaultMessage: 'Open conversation' })}
      </Link>
      {(form.conflicts.length > 0 || (form.formVersion !== null && form.formVersion < current.version && Object.keys(form.unsaved()).length > 0)) && (
        <ConflictBox
          formVersion={form.formVersion ?? current.version}
          savedVersion={current.version}
          conflicts={form.conflicts}
          onLoad={() => void form.refresh([])}
          onKeepMine={form.keepMine}
          onUseSaved={form.useSaved}
        />
      )}
      <CustomerContact model={model} documentId={documentId} />
      <SlaClocks model={model} documentId={documentId} version={current.version} />
      <ApprovalProgress model={model} documentId={documentId} version={current.version} />
      {current.actions.length === 0 ? (
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({ id: getTranslation('panel.noActions'), defaultMessage: 'Nothing for you to do on this item now.' })}
        </Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Typography variant="sigma" textColor="neutral600">
            {formatMessage({ id: getTranslation('panel.nextSteps'), defaultMessage: 'Next steps' })}
          </Typography>
          {current.actions.map((action) => (
            <ActionDialog key={action.id} model={model} documentId={documentId} action={action} current={current} record={record} draft={form.unsaved} onDone={reload} />
          ))}
        </Flex>
      )}
      <Divider />
      <Typography variant="sigma" textColor="neutral600">
        {formatMessage({ id: getTranslation('panel.timeline'), defaultMessage: 'Timeline' })}
      </Typography>
      <Box tag="ol" data-testid="workflow-timeline">
        {[...timeline].reverse().map((event) => (
          <Box tag="li" key={event.id} paddingBottom={2}>
            <Typography variant="omega" fontWeight="semiBold">
              {formatMessage({ id: getTranslation(`action.${event.action}`), defaultMessage: event.action })}
              {event.to && event.from !== event.to ? ` → ${stateTitle(event.to)}` : ''}
            </Typography>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {formatDate(event.at, { dateStyle: 'medium', timeStyle: 'short' })}
              {event.actor ? ` · ${event.actor.name}` : ''}
            </Typography>
            {event.note && (
              <Typography variant="pi" tag="p">
                {describeNote(event)}
              </Typography>
            )}
          </Box>
        ))}
      </Box>
      <Divider />
      <Typography variant="sigma" textColor="neutral600">
        {formatMessage({ id: getTranslation('panel.messages'), defaultMessage: 'Messages to the customer' })}
      </Typography>
      <SendMessageDialog model={model} documentId={documentId} onSent={() => void load()} />
      {messages.length === 0 ? (
        <Typography variant="pi" textColor="neutral600">
          {formatMessage({ id: getTranslation('panel.noMessages'), defaultMessage: 'No message yet.' })}
        </Typography>
      ) : (
        <Box tag="ul" data-testid="workflow-messages">
          {messages.map((message) => (
            <Box tag="li" key={message.id} paddingBottom={2}>
              <Flex gap={2} justifyContent="space-between">
                <Typography variant="omega">{message.subject ?? message.templateKey}</Typography>
                <Badge>{formatMessage({ id: getTranslation(`message.${message.status}`), defaultMessage: message.status })}</Badge>
              </Flex>
              <Typography variant="pi" textColor={message.status === 'failed' ? 'danger600' : 'neutral600'} tag="p">
                {formatDate(message.sentAt ?? message.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
                {message.lastError ? ` · ${message.lastError}` : ''}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </Flex>
  );
};
