import * as React from 'react';
import { Badge, Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { unstable_useDocument as useDocument } from '@strapi/content-manager/strapi-admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';

const CUSTOMER = 'api::customer.customer';

interface Proposal {
  id: number;
  field: 'phone' | 'email';
  value: string;
  sourceReference: string | null;
  state: 'pending' | 'confirmed' | 'rejected';
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  mayDecide: boolean;
}

const STATE_COLOURS = {
  pending: { backgroundColor: 'warning100', textColor: 'warning700' },
  confirmed: { backgroundColor: 'success100', textColor: 'success700' },
  rejected: { backgroundColor: 'neutral150', textColor: 'neutral700' },
} as const;

const ContactProposalsContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage, formatDate } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const { refetch } = useDocument({ model: CUSTOMER, collectionType: 'collection-types', documentId });
  const [proposals, setProposals] = React.useState<Proposal[] | null>(null);
  const [failed, setFailed] = React.useState(false);
  const [busy, setBusy] = React.useState<number | null>(null);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);

  const load = React.useCallback(async () => {
    try {
      const { data } = await get<{ data: Proposal[] }>(`/after-sales/contact-proposals/customers/${documentId}`);
      setProposals(data.data);
    } catch {
      setFailed(true);
    }
  }, [get, documentId]);

  React.useEffect(() => {
    load();
  }, [load]);

  if (failed) return <Typography textColor="danger600">{t('contactProposals.unavailable', 'Proposed contact data is not available.')}</Typography>;
  if (!proposals) return <Loader small>{t('panel.loading', 'Loading')}</Loader>;

  const decide = async (proposal: Proposal, decision: 'confirm' | 'reject') => {
    setBusy(proposal.id);
    try {
      await post(`/after-sales/contact-proposals/${proposal.id}/${decision}`, {});
      toggleNotification({
        type: 'success',
        message: decision === 'confirm' ? t('contactProposals.confirmed', 'The contact data was updated.') : t('contactProposals.rejected', 'The proposal was rejected.'),
      });
      await Promise.all([load(), decision === 'confirm' ? refetch() : Promise.resolve()]);
      // The edit form and the privacy panel hold the profile as loaded: show the confirmed value everywhere.
      if (decision === 'confirm') window.setTimeout(() => window.location.reload(), 1500);
    } catch (error: any) {
      toggleNotification({ type: 'danger', message: describe(error, t('contactProposals.failed', 'This could not be done')) });
      await load();
    } finally {
      setBusy(null);
    }
  };

  const fieldLabel = (field: Proposal['field']) => (field === 'phone' ? t('contactProposals.field.phone', 'Phone') : t('contactProposals.field.email', 'Email'));
  const stateLabel = (state: Proposal['state']) =>
    state === 'pending'
      ? t('contactProposals.state.pending', 'To confirm')
      : state === 'confirmed'
        ? t('contactProposals.state.confirmed', 'Confirmed')
        : t('contactProposals.state.rejected', 'Rejected');
  const pending = proposals.filter((p) => p.state === 'pending');

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-testid="contact-proposals">
      {proposals.length === 0 ? (
        <Typography variant="pi" textColor="neutral600">
          {t('contactProposals.empty', 'No contact data proposed by intakes.')}
        </Typography>
      ) : (
        pending.length > 0 && (
          <Typography variant="pi" textColor="neutral600">
            {t('contactProposals.explanation', 'An intake gave this for a known customer. It is not used until confirmed: check it with the customer on the phone or address on file.')}
          </Typography>
        )
      )}
      {proposals.slice(0, 10).map((proposal) => (
        <Box key={proposal.id} padding={3} hasRadius borderColor="neutral200" data-testid={`contact-proposal-${proposal.id}`}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Flex justifyContent="space-between" gap={2}>
              <Typography variant="sigma">{fieldLabel(proposal.field)}</Typography>
              <Badge {...STATE_COLOURS[proposal.state]}>{stateLabel(proposal.state)}</Badge>
            </Flex>
            <Typography fontWeight="bold">{proposal.value}</Typography>
            <Typography variant="pi" textColor="neutral600">
              {t('contactProposals.source', 'Given with {reference} on {date}', { reference: proposal.sourceReference ?? '—', date: formatDate(proposal.createdAt, { dateStyle: 'medium' }) })}
            </Typography>
            {proposal.decidedAt && (
              <Typography variant="pi" textColor="neutral600">
                {t('contactProposals.decided', '{state} by {name} on {date}', {
                  state: stateLabel(proposal.state),
                  name: proposal.decidedBy ?? '—',
                  date: formatDate(proposal.decidedAt, { dateStyle: 'medium' }),
                })}
              </Typography>
            )}
            {proposal.mayDecide && (
              <Flex gap={2}>
                <Button size="S" onClick={() => decide(proposal, 'confirm')} loading={busy === proposal.id} disabled={busy !== null}>
                  {t('contactProposals.confirm', 'Confirm')}
                </Button>
                <Button size="S" variant="danger-light" onClick={() => decide(proposal, 'reject')} disabled={busy !== null}>
                  {t('contactProposals.reject', 'Reject')}
                </Button>
              </Flex>
            )}
          </Flex>
        </Box>
      ))}
    </Flex>
  );
};

/**
 * Content Manager edit-view side panel for customers: contact data an intake proposed for this
 * (known) customer, to confirm (it replaces the profile's value) or reject. Values are masked
 * for users without *View contact data*.
 */
export const ContactProposalsPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  const { formatMessage } = useIntl();
  if (!documentId || model !== CUSTOMER) return null;
  return {
    title: formatMessage({ id: getTranslation('contactProposals.title'), defaultMessage: 'Proposed contact data' }),
    content: <ContactProposalsContent documentId={documentId} />,
  };
};
