import * as React from 'react';
import { useIntl } from 'react-intl';
import { Button, Flex, Modal, Radio, Typography } from '@strapi/design-system';
import { getTranslation } from '../../utils/getTranslation';
import type { QueueItem } from './types';

const keyOf = (row: { contentType: string; documentId: string }) => `${row.contentType}:${row.documentId}`;

/**
 * Merge duplicate cases: the staff member picks, among the selected cases, the one to keep; the others are
 * marked as its duplicates and hand it their conversation, links and tags (`POST /queues/bulk`, `merge`).
 */
export const MergeDialog = ({ rows, busy, onMerge }: { rows: QueueItem[]; busy: boolean; onMerge: (target: QueueItem) => Promise<void> }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const [open, setOpen] = React.useState(false);
  const [keep, setKeep] = React.useState('');
  React.useEffect(() => {
    if (open) setKeep(rows[0] ? keyOf(rows[0]) : '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const target = rows.find((row) => keyOf(row) === keep);
  return (
    <Modal.Root open={open} onOpenChange={setOpen}>
      <Modal.Trigger>
        <Button variant="secondary" disabled={busy || rows.length < 2} data-testid="queue-merge">
          {t('queues.bulk.merge', 'Merge')}
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('queues.merge.title', 'Merge duplicate cases')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography textColor="neutral700">{t('queues.merge.hint', 'Choose the case to keep. The others are marked as its duplicates; their conversation, links and tags move to it.')}</Typography>
            <Radio.Group value={keep} onValueChange={(value: string) => setKeep(value)} aria-label={t('queues.merge.keep', 'Case to keep')}>
              {rows.map((row) => (
                <Flex key={keyOf(row)} gap={2} paddingBottom={2}>
                  <Radio.Item value={keyOf(row)} aria-label={row.reference ?? row.documentId}>
                    {row.reference ?? row.documentId}
                  </Radio.Item>
                  <Typography variant="pi" textColor="neutral600" ellipsis style={{ maxWidth: 320 }}>
                    {[row.stateTitle, row.summary].filter(Boolean).join(' · ')}
                  </Typography>
                </Flex>
              ))}
            </Radio.Group>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('queues.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button
            disabled={busy || !target}
            onClick={() => {
              if (!target) return;
              setOpen(false);
              void onMerge(target);
            }}
            data-testid="queue-merge-confirm"
          >
            {t('queues.merge.confirm', 'Merge into the chosen case')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
