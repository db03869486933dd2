import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Flex, TextButton, Typography } from '@strapi/design-system';
import { Paperclip } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useEscalationNote } from '../../utils/escalationNote';
import type { Attachment, Delivery, ThreadItem } from './types';
import { useJoins } from '../../utils/joins';

/** How each kind of thread item looks: customer in, reply out, the internal note yellow, the workflow's steps quiet. */
const LOOK: Record<ThreadItem['type'], { background: string; border: string }> = {
  'message-in': { background: 'neutral0', border: 'primary600' },
  reply: { background: 'primary100', border: 'primary200' },
  'message-out': { background: 'neutral100', border: 'neutral200' },
  note: { background: 'warning100', border: 'warning500' },
  'state-change': { background: 'neutral100', border: 'neutral150' },
  escalation: { background: 'danger100', border: 'danger200' },
  survey: { background: 'success100', border: 'success200' },
};

const DELIVERY_COLOURS: Record<string, [string, string]> = {
  sent: ['success100', 'success700'],
  failed: ['danger100', 'danger700'],
  held: ['warning100', 'warning700'],
};

/** The case's thread, oldest first. */
export const CaseThread = ({ items, filePath }: { items: ThreadItem[]; filePath: (fileId: number) => string }) => {
  const { formatMessage, formatDate } = useIntl();
  const { get } = useFetchClient();
  const escalationNote = useEscalationNote();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();

  const download = async (file: Attachment) => {
    const response = await get<Blob>(filePath(file.fileId), { responseType: 'blob' });
    const url = URL.createObjectURL(response.data);
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = file.name;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const channelName = (channel: string) => t(`case.channel.${channel}`, channel);
  const delivery = (d: Delivery | null) => {
    if (!d) return null;
    const receipt = d.deliveryStatus && d.deliveryStatus !== 'accepted' ? d.deliveryStatus : null;
    // Sent, but the receipt says it never reached the phone: shown as a failure.
    const [background, text] = DELIVERY_COLOURS[receipt === 'undelivered' ? 'failed' : d.status] ?? ['neutral150', 'neutral700'];
    return (
      <Badge backgroundColor={background} textColor={text} title={d.error ?? undefined} data-testid="case-delivery">
        {`${channelName(d.channel)} · ${t(`message.${d.status}`, d.status)}${receipt ? ` · ${t(`case.delivery.${receipt}`, receipt)}` : ''}`}
      </Badge>
    );
  };
  /** The channel chosen instead of the customer's preferred one (or the first of the fallback order), and why. */
  const fallbackLine = (d: Delivery | null) => {
    if (d?.unreachable) {
      return (
        <Typography tag="p" variant="pi" textColor="danger600" data-testid="case-fallback">
          {t('case.delivery.unreachable', 'No channel can reach the customer: {reason}', { reason: d.unreachable })}
        </Typography>
      );
    }
    if (!d?.fallback) return null;
    const values = { channel: channelName(d.channel), reason: d.fallback.reason };
    return (
      <Typography tag="p" variant="pi" textColor="neutral600" data-testid="case-fallback">
        {d.fallback.from
          ? t('case.delivery.fallback', 'Sent by {channel} instead of the customer’s preferred {requested}: {reason}', { ...values, requested: channelName(d.fallback.from) })
          : t('case.delivery.fallbackOrder', 'Sent by {channel}, the next channel of the fallback order: {reason}', values)}
      </Typography>
    );
  };

  const heading = (item: ThreadItem): string => {
    switch (item.type) {
      case 'message-in':
        return t('case.thread.in', '{name} wrote', { name: item.author.name || t('case.thread.customer', 'The customer') });
      case 'reply':
        return t('case.thread.reply', 'Reply by {name}', { name: item.author.name });
      case 'note':
        return t('case.thread.note', 'Internal note by {name}', { name: item.author.name });
      case 'message-out':
        return t('case.thread.messageOut', 'Message to the customer: {subject}', { subject: item.subject ?? item.templateKey });
      case 'state-change':
        return t('case.thread.stateChange', '{actor}: {action} → {state}', {
          actor: item.actor ?? t('case.thread.system', 'System'),
          action: item.actionTitle ?? t(`action.${item.action}`, item.action),
          state: item.toTitle ?? item.to ?? '',
        });
      case 'escalation':
        return t('case.thread.escalation', 'Escalated by the SLA');
      case 'survey':
        return t('case.thread.survey', 'Satisfaction survey: {score} / 5', { score: item.score });
    }
  };

  const body = (item: ThreadItem): string | null => {
    switch (item.type) {
      case 'state-change':
        return item.note;
      case 'escalation':
        return escalationNote(item);
      case 'survey':
        return item.comment;
      default:
        return item.text;
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2} paddingBottom={4} data-testid="case-thread" tag="ol" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.length === 0 ? <Typography textColor="neutral600">{t('case.thread.empty', 'Nothing has happened on this case yet.')}</Typography> : null}
      {items.map((item) => {
        const look = LOOK[item.type];
        const compact = item.type === 'state-change';
        const text = body(item);
        return (
          <Box
            key={item.key}
            tag="li"
            background={look.background}
            borderColor={look.border}
            borderStyle="solid"
            borderWidth="1px"
            hasRadius
            padding={compact ? 2 : 4}
            marginLeft={item.type === 'reply' || item.type === 'message-out' ? 8 : 0}
            marginRight={item.type === 'message-in' ? 8 : 0}
            data-testid={`case-item-${item.type}`}
          >
            <Flex justifyContent="space-between" gap={2} wrap="wrap">
              <Typography variant={compact ? 'pi' : 'omega'} fontWeight="semiBold">
                {heading(item)}
              </Typography>
              <Flex gap={2}>
                {item.type === 'reply' || item.type === 'message-out' ? delivery(item.delivery) : null}
                {'mergedFrom' in item && item.mergedFrom ? <Badge data-testid="case-merged-from">{t('case.thread.mergedFrom', 'from {reference}', { reference: item.mergedFrom })}</Badge> : null}
                {item.type === 'note' ? <Badge backgroundColor="warning200">{t('case.thread.internal', 'internal')}</Badge> : null}
                <Typography variant="pi" textColor="neutral600">
                  {formatDate(item.at, { dateStyle: 'medium', timeStyle: 'short' })}
                </Typography>
              </Flex>
            </Flex>
            {text ? (
              <Typography tag="p" variant={compact ? 'pi' : 'omega'} textColor="neutral800" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {text}
              </Typography>
            ) : null}
            {item.type === 'reply' || item.type === 'message-out' ? fallbackLine(item.delivery) : null}
            {'attachments' in item && item.attachments.length ? (
              <Flex gap={3} paddingTop={2} wrap="wrap">
                {item.attachments.map((file) => (
                  <TextButton key={file.fileId} startIcon={<Paperclip />} onClick={() => void download(file)}>
                    {joins.parenthesised(file.name, `${Math.max(1, Math.round(file.size / 1024))} KB`)}
                  </TextButton>
                ))}
              </Flex>
            ) : null}
          </Box>
        );
      })}
    </Flex>
  );
};
