import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Flex, Link, Modal, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { Link as RouterLink } from 'react-router-dom';
import { casePath } from '../../utils/caseLink';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { useJoins } from '../../utils/joins';

interface MailboxStatus {
  configured: boolean;
  host: string | null;
  port: number;
  user: string | null;
  folder: string;
  pollSeconds: number;
  reopenDays: number;
  lastPollAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  imported: Record<string, number>;
  quarantined: number;
}
interface Quarantined {
  id: number;
  uid: number;
  from: string | null;
  subject: string | null;
  reason: string;
  size: number;
  createdAt: string;
}

/** A quarantined message's raw source, shown as plain text (never rendered). */
const SourceDialog = ({ message }: { message: Quarantined }) => {
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const [source, setSource] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const open = (isOpen: boolean) => {
    if (!isOpen || source !== null) return;
    get<{ data: { source: string } }>(`/after-sales/mailbox/quarantine/${message.id}/source`)
      .then((response) => setSource(response.data.data.source))
      .catch((e) => setError(describe(e, t('mailbox.loadFailed', 'The mailbox could not be read'))));
  };
  return (
    <Modal.Root onOpenChange={open}>
      <Modal.Trigger>
        <Button variant="tertiary" size="S">
          {t('mailbox.viewSource', 'View source')}
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{message.subject || t('mailbox.noSubject', '(no subject)')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {error && <Typography textColor="danger600">{error}</Typography>}
          {source === null && !error ? (
            <Typography>{t('mailbox.loading', 'Loading…')}</Typography>
          ) : (
            <Box padding={3} background="neutral100" hasRadius data-testid="mailbox-source">
              <Typography tag="pre" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontFamily: 'monospace', fontSize: 12 }}>
                {source}
              </Typography>
            </Box>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('mailbox.close', 'Close')}</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

type Decision = 'retry' | 'new-item' | 'discard';
interface DecisionResult {
  decision: Decision;
  outcome: string;
  item: { contentType: string; documentId: string; reference: string | null } | null;
}

/** What an admin may do with a quarantined message: import it again, make it a new case, or discard it (asked twice). All audited. */
const QuarantineActions = ({ message, onDone }: { message: Quarantined; onDone: (result: DecisionResult | null, error?: unknown) => void }) => {
  const { formatMessage } = useIntl();
  const { post } = useFetchClient();
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const [busy, setBusy] = React.useState<Decision | null>(null);
  const decide = async (decision: Decision) => {
    setBusy(decision);
    try {
      const response = await post<{ data: DecisionResult }>(`/after-sales/mailbox/quarantine/${message.id}/${decision}`, {});
      onDone(response.data.data);
    } catch (error) {
      onDone(null, error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Flex gap={1} wrap="wrap">
      <Button variant="secondary" size="S" loading={busy === 'retry'} disabled={!!busy} onClick={() => void decide('retry')}>
        {t('mailbox.retry', 'Retry')}
      </Button>
      {message.from ? (
        <Button variant="secondary" size="S" loading={busy === 'new-item'} disabled={!!busy} onClick={() => void decide('new-item')}>
          {t('mailbox.newItem', 'Make a new case')}
        </Button>
      ) : null}
      <Modal.Root>
        <Modal.Trigger>
          <Button variant="danger-light" size="S" disabled={!!busy}>
            {t('mailbox.discard', 'Discard')}
          </Button>
        </Modal.Trigger>
        <Modal.Content>
          <Modal.Header>
            <Modal.Title>{t('mailbox.discardTitle', 'Discard this message?')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Typography>{t('mailbox.discardText', 'It will not be imported, now or by a later check. The decision is recorded under your name.')}</Typography>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('mailbox.cancel', 'Cancel')}</Button>
            </Modal.Close>
            <Modal.Close>
              <Button variant="danger" onClick={() => void decide('discard')}>
                {t('mailbox.discard', 'Discard')}
              </Button>
            </Modal.Close>
          </Modal.Footer>
        </Modal.Content>
      </Modal.Root>
    </Flex>
  );
};

/** Departments and channels → Inbound email: the mailbox's settings and last poll, what was imported, and the quarantine. */
export const MailboxSection = () => {
  const { formatMessage, formatDate } = useIntl();
  const { get, post } = useFetchClient();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();
  const [status, setStatus] = React.useState<MailboxStatus | null>(null);
  const [quarantine, setQuarantine] = React.useState<Quarantined[]>([]);
  const [error, setError] = React.useState<string | null>(null);
  const [off, setOff] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const [decided, setDecided] = React.useState<DecisionResult | null>(null);

  const loadFailed = t('mailbox.loadFailed', 'The mailbox could not be read');
  // The error texts are read through a ref: `describe` and the message are new on every render,
  // and a `load` that changed with them would reload the section in a loop.
  const texts = React.useRef({ describe, loadFailed });
  texts.current = { describe, loadFailed };
  const load = React.useCallback(() => {
    Promise.all([get<{ data: MailboxStatus }>('/after-sales/mailbox/status'), get<{ data: { results: Quarantined[] } }>('/after-sales/mailbox/quarantine')])
      .then(([s, q]) => {
        setStatus(s.data.data);
        setQuarantine(q.data.data.results);
        setOff(false);
      })
      .catch((e: { response?: { status?: number } }) => {
        if (e?.response?.status === 503) setOff(true);
        else setError(texts.current.describe(e, texts.current.loadFailed));
      });
  }, [get]);
  React.useEffect(() => load(), [load]);

  const pollNow = async () => {
    setBusy(true);
    setError(null);
    try {
      await post('/after-sales/mailbox/poll', {});
    } catch (e) {
      setError(describe(e, t('mailbox.pollFailed', 'The mailbox could not be checked')));
    } finally {
      setBusy(false);
      load();
    }
  };
  const OUTCOMES: [string, string][] = [
    ['created', t('mailbox.outcome.created', 'new cases')],
    ['threaded', t('mailbox.outcome.threaded', 'replies added')],
    ['resumed', t('mailbox.outcome.resumed', 'cases resumed')],
    ['reopened', t('mailbox.outcome.reopened', 'cases reopened')],
    ['linked', t('mailbox.outcome.linked', 'follow-up cases')],
    ['automated', t('mailbox.outcome.automated', 'auto-replies and bounces')],
    ['duplicate', t('mailbox.outcome.duplicate', 'duplicates')],
    ['discarded', t('mailbox.outcome.discarded', 'discarded')],
  ];
  const afterDecision = (result: DecisionResult | null, failure?: unknown) => {
    setDecided(result);
    setError(failure ? describe(failure, t('mailbox.decisionFailed', 'The message could not be handled')) : null);
    load();
  };
  const decisionText = (result: DecisionResult) =>
    result.outcome === 'quarantined'
      ? t('mailbox.stillQuarantined', 'It still cannot be imported: see the reason below.')
      : result.outcome === 'discarded'
        ? t('mailbox.discarded', 'Discarded.')
        : t('mailbox.imported', 'Imported ({outcome}).', { outcome: OUTCOMES.find(([o]) => o === result.outcome)?.[1] ?? result.outcome });
  const when = (iso: string | null) => (iso ? formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' }) : t('mailbox.never', 'never'));

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} data-testid="mailbox-section">
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between">
          <Typography variant="delta" tag="h2">
            {t('mailbox.title', 'Inbound email')}
          </Typography>
          {status?.configured && (
            <Button onClick={pollNow} loading={busy} variant="secondary">
              {t('mailbox.pollNow', 'Check the mailbox now')}
            </Button>
          )}
        </Flex>
        {off && <Typography textColor="neutral600">{t('mailbox.off', 'The inbound email extension is switched off (Settings → After-sales → Extensions).')}</Typography>}
        {error && <Typography textColor="danger600">{error}</Typography>}
        {status && !status.configured && (
          <Typography textColor="neutral600">{t('mailbox.notConfigured', 'No mailbox is set up. Set AFTER_SALES_IMAP_HOST, _USER and _PASSWORD to read customer emails into their cases.')}</Typography>
        )}
        {status?.configured && (
          <>
            <Typography>
              {t('mailbox.account', '{user} on {host}:{port}, folder {folder}, checked every {seconds} s', {
                user: status.user ?? '—',
                host: status.host ?? '—',
                port: status.port,
                folder: status.folder,
                seconds: status.pollSeconds,
              })}
            </Typography>
            <Flex gap={2} wrap="wrap">
              <Typography>{t('mailbox.lastPoll', 'Last check: {when}', { when: when(status.lastPollAt) })}</Typography>
              {status.lastError ? (
                <Badge backgroundColor="danger100" textColor="danger700">
                  {t('mailbox.failing', 'failing')}
                </Badge>
              ) : (
                status.lastPollAt && (
                  <Badge backgroundColor="success100" textColor="success700">
                    {t('mailbox.working', 'working')}
                  </Badge>
                )
              )}
            </Flex>
            {status.lastError && (
              <Typography textColor="danger600" data-testid="mailbox-error">
                {t('mailbox.lastError', 'Error at {when}: {error}', { when: when(status.lastErrorAt), error: status.lastError })}
              </Typography>
            )}
            <Flex gap={2} wrap="wrap">
              {OUTCOMES.map(([outcome, label]) => (
                <Badge key={outcome}>{joins.labelled(label, status.imported[outcome] ?? 0)}</Badge>
              ))}
            </Flex>
            <Typography variant="pi" textColor="neutral600">
              {t(
                'mailbox.rules',
                'Replies join their case by the email headers, else by the reference in the subject ([FB-…]); a reply resumes a waiting case and reopens a case closed less than {days} days ago. Auto-replies and bounces are recorded, never answered.',
                {
                  days: status.reopenDays,
                }
              )}
            </Typography>
          </>
        )}
        {status && (
          <>
            <Typography variant="epsilon" tag="h3">
              {t('mailbox.quarantine', 'Quarantine ({count})', { count: status.quarantined })}
            </Typography>
            {decided && (
              <Flex gap={2} data-testid="mailbox-decided">
                <Typography textColor={decided.outcome === 'quarantined' ? 'danger600' : 'success600'}>{decisionText(decided)}</Typography>
                {decided.item && (
                  <Link tag={RouterLink} to={casePath(decided.item.contentType, decided.item.documentId)}>
                    {decided.item.reference ?? t('case.open', 'Open conversation')}
                  </Link>
                )}
              </Flex>
            )}
            {quarantine.length === 0 ? (
              <Typography textColor="neutral600">{t('mailbox.quarantineEmpty', 'No message was set aside.')}</Typography>
            ) : (
              <Table colCount={6} rowCount={quarantine.length + 1} data-testid="mailbox-quarantine">
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('mailbox.received', 'Received')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('mailbox.from', 'From')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('mailbox.subject', 'Subject')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('mailbox.reason', 'Why it was set aside')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('mailbox.source', 'Source')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('mailbox.decide', 'Decision')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {quarantine.map((message) => (
                    <Tr key={message.id}>
                      <Td>
                        <Typography>{when(message.createdAt)}</Typography>
                      </Td>
                      <Td>
                        <Typography>{message.from ?? '—'}</Typography>
                      </Td>
                      <Td>
                        <Typography>{message.subject || t('mailbox.noSubject', '(no subject)')}</Typography>
                      </Td>
                      <Td>
                        <Typography>{message.reason}</Typography>
                      </Td>
                      <Td>
                        <SourceDialog message={message} />
                      </Td>
                      <Td>
                        <QuarantineActions message={message} onDone={afterDecision} />
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </>
        )}
      </Flex>
    </Box>
  );
};
