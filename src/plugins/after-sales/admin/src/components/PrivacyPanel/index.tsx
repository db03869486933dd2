import * as React from 'react';
import { Badge, Box, Divider, Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { unstable_useDocument as useDocument } from '@strapi/content-manager/strapi-admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { ReasonDialog } from './ReasonDialog';

const CUSTOMER = 'api::customer.customer';

interface Summary {
  documentId: string;
  name: string;
  phone: string | null;
  email: string | null;
  privacyState: 'active' | 'erased';
  anonymisedAt: string | null;
  version: number;
  items: { feedback: number; complaints: number; serviceRecords: number };
  may: { reveal: boolean; export: boolean; erase: boolean; readAudit: boolean };
}

interface Revealed {
  phone: string | null;
  email: string | null;
  wechat: string | null;
  address: string | null;
}

const PrivacyPanelContent = ({ documentId }: { documentId: string }) => {
  const { formatMessage, formatDate } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const [summary, setSummary] = React.useState<Summary | null>(null);
  const [revealed, setRevealed] = React.useState<Revealed | null>(null);
  const [failed, setFailed] = React.useState(false);
  const { refetch } = useDocument({ model: CUSTOMER, collectionType: 'collection-types', documentId });
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);

  const load = React.useCallback(async () => {
    try {
      const { data } = await get<{ data: Summary }>(`/after-sales/privacy/customers/${documentId}`);
      setSummary(data.data);
    } catch {
      setFailed(true);
    }
  }, [get, documentId]);

  React.useEffect(() => {
    load();
  }, [load]);

  if (failed) return <Typography textColor="danger600">{t('privacy.unavailable', 'Privacy data is not available for this customer.')}</Typography>;
  if (!summary) return <Loader small>{t('panel.loading', 'Loading')}</Loader>;

  const reveal = async (reason: string) => {
    try {
      const { data } = await post<{ data: Revealed }>(`/after-sales/privacy/customers/${documentId}/reveal`, { reason });
      setRevealed(data.data);
    } catch (error) {
      return describe(error, t('privacy.failed', 'This could not be done'));
    }
  };

  const exportData = async (reason: string) => {
    try {
      const { data } = await post<Record<string, unknown>>(`/after-sales/privacy/customers/${documentId}/export`, { reason });
      const blob = new Blob([typeof data === 'string' ? data : JSON.stringify(data, null, 2)], { type: 'application/json' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `customer-${documentId}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      return describe(error, t('privacy.failed', 'This could not be done'));
    }
  };

  const erase = async (reason: string) => {
    try {
      await post(`/after-sales/privacy/customers/${documentId}/erase`, { reason, version: summary.version });
      toggleNotification({ type: 'success', message: t('privacy.erased', 'The customer’s personal data was replaced by a pseudonym.') });
      setRevealed(null);
      await Promise.all([load(), refetch()]);
    } catch (error: any) {
      if (error?.response?.status === 409) await Promise.all([load(), refetch()]);
      return describe(error, t('privacy.failed', 'This could not be done'));
    }
  };

  const erased = summary.privacyState === 'erased';
  const line = (label: string, value: string | null) => (
    <Flex justifyContent="space-between" gap={2}>
      <Typography variant="pi" textColor="neutral600">
        {label}
      </Typography>
      <Typography variant="pi">{value ?? '—'}</Typography>
    </Flex>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%">
      <Flex gap={2}>
        <Badge backgroundColor={erased ? 'neutral150' : 'success100'} textColor={erased ? 'neutral700' : 'success700'}>
          {erased ? t('privacy.state.erased', 'Erased (anonymised)') : t('privacy.state.active', 'Active')}
        </Badge>
        {summary.anonymisedAt && <Typography variant="pi">{formatDate(summary.anonymisedAt, { dateStyle: 'medium' })}</Typography>}
      </Flex>
      <Box>
        {line(t('privacy.phone', 'Phone'), revealed ? revealed.phone : summary.phone)}
        {line(t('privacy.email', 'Email'), revealed ? revealed.email : summary.email)}
        {revealed && line(t('privacy.wechat', 'WeChat'), revealed.wechat)}
        {revealed && line(t('privacy.address', 'Address'), revealed.address)}
      </Box>
      <Typography variant="pi" textColor="neutral600">
        {t('privacy.items', '{feedback} feedback, {complaints} complaints, {serviceRecords} service records', summary.items)}
      </Typography>
      <Divider />
      {!erased && summary.may.reveal && !revealed && (
        <ReasonDialog
          label={t('privacy.reveal', 'Reveal contact data')}
          title={t('privacy.reveal', 'Reveal contact data')}
          explanation={t('privacy.reveal.explanation', 'The full phone, email, WeChat id and address are shown to you, and your reason is recorded in the access audit.')}
          onConfirm={reveal}
        />
      )}
      {summary.may.export && (
        <ReasonDialog
          label={t('privacy.export', 'Export customer data')}
          title={t('privacy.export', 'Export customer data')}
          explanation={t(
            'privacy.export.explanation',
            'Downloads everything held about this customer (profile, items, messages, survey answers) as a JSON file. The export is recorded in the access audit.'
          )}
          onConfirm={exportData}
        />
      )}
      {!erased && summary.may.erase && (
        <ReasonDialog
          danger
          label={t('privacy.erase', 'Erase personal data')}
          title={t('privacy.erase', 'Erase personal data')}
          explanation={t(
            'privacy.erase.explanation',
            'Replaces this customer’s name and contact data everywhere they are stored (profile, items, messages, survey comments, signatures) with a pseudonym. Items, states, dates and scores are kept, so reports do not change. This cannot be undone. Do not quote the customer in the reason.'
          )}
          onConfirm={erase}
        />
      )}
      {!summary.may.reveal && !erased && (
        <Typography variant="pi" textColor="neutral600">
          {t('privacy.masked', 'Contact data is masked. Ask a manager if you need the full value.')}
        </Typography>
      )}
    </Flex>
  );
};

/** Content Manager edit-view side panel for customers: masked contact data, reveal, export and erasure. */
export const PrivacyPanel = ({ model, documentId }: { model: string; documentId?: string }) => {
  const { formatMessage } = useIntl();
  if (!documentId || model !== CUSTOMER) return null;
  return {
    title: formatMessage({ id: getTranslation('privacy.title'), defaultMessage: 'Privacy' }),
    content: <PrivacyPanelContent documentId={documentId} />,
  };
};
