import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Flex, Link, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { Link as RouterLink } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { PageFailure } from '../../components/NoAccess';
import { Section } from '../../components/Layout/Section';
import { DataTable } from '../../components/Layout/DataTable';
import { PLUGIN_ID } from '../../pluginId';
import { useJoins } from '../../utils/joins';

type Reason = { kind: 'inactive'; lastActivity: string; days: number } | { kind: 'low-scores'; count: number; scores: number[] };
interface Row {
  documentId: string;
  name: string;
  company: string | null;
  segment: string | null;
  segmentTitle: { en: string; 'zh-Hans': string } | null;
  phone?: string | null;
  email?: string | null;
  lastPurchase: string | null;
  lastContact: string | null;
  reasons: Reason[];
  suggestedCall: { kind: 'apology-call' | 'check-in-call'; channel: string };
}
interface WinBack {
  settings: { inactiveDays: number; lowScoreBelow: number; lowScoreCount: number };
  customers: Row[];
}

/** After-sales → Win-back: customers silent for the configured time or twice unhappy, with the call to make; contact data as the role may read it. */
const WinBackPage = () => {
  const { formatMessage, formatDate, locale } = useIntl();
  const { get } = useFetchClient();
  const [view, setView] = React.useState<WinBack | null>(null);
  const [error, setError] = React.useState<unknown>(null);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();
  const date = (value: string | null) => (value ? formatDate(value, { dateStyle: 'medium' }) : '—');

  React.useEffect(() => {
    get<{ data: WinBack }>(`/${PLUGIN_ID}/segments/win-back`)
      .then(({ data }) => setView(data.data))
      .catch((err) => setError(err ?? true));
  }, [get]);

  if (error) return <PageFailure error={error} />;
  if (!view) return <Page.Loading />;
  const reasonText = (reason: Reason) =>
    reason.kind === 'inactive'
      ? t('winBack.reason.inactive', 'No purchase or contact for {days} days', { days: reason.days })
      : t('winBack.reason.lowScores', '{count} low satisfaction scores ({scores})', { count: reason.count, scores: reason.scores.join(', ') });
  const callText = (call: Row['suggestedCall']) =>
    call.kind === 'apology-call'
      ? t('winBack.call.apology', 'Apology call: ask what went wrong and offer a remedy')
      : t('winBack.call.checkIn', 'Check-in call: ask how the product serves them, offer maintenance or an upgrade');

  return (
    <Page.Main>
      <Page.Title>{t('winBack.title', 'Win-back')}</Page.Title>
      <Layouts.Header
        title={t('winBack.title', 'Win-back')}
        subtitle={t('winBack.subtitle', 'Customers with no purchase or contact for {days} days, or with {count} satisfaction scores under {below}.', {
          days: view.settings.inactiveDays,
          count: view.settings.lowScoreCount,
          below: view.settings.lowScoreBelow,
        })}
      />
      <Layouts.Content>
        <Section title={t('winBack.list', 'Customers to win back')} subtitle={t('winBack.count', '{count} customer(s)', { count: view.customers.length })}>
          <DataTable
            testId="win-back"
            rows={view.customers}
            rowKey={(r) => r.documentId}
            empty={t('winBack.empty', 'No customer to win back.')}
            columns={[
              {
                header: t('winBack.customer', 'Customer'),
                cell: (r) => (
                  <Flex direction="column" alignItems="flex-start">
                    <Link tag={RouterLink} to={`/plugins/${PLUGIN_ID}/customers/${r.documentId}`}>
                      {r.name}
                    </Link>
                    {r.company && (
                      <Typography variant="pi" textColor="neutral600">
                        {r.company}
                      </Typography>
                    )}
                  </Flex>
                ),
              },
              {
                header: t('winBack.segment', 'Segment'),
                cell: (r) => <Badge>{r.segmentTitle ? (locale.startsWith('zh') ? r.segmentTitle['zh-Hans'] : r.segmentTitle.en) : (r.segment ?? '—')}</Badge>,
              },
              { header: t('customers.page.field.phone', 'Phone'), cell: (r) => ('phone' in r ? (r.phone ?? '—') : t('customers.page.hidden', 'Not shown to your role')) },
              { header: t('winBack.lastContact', 'Last contact'), cell: (r) => date(r.lastContact) },
              { header: t('winBack.why', 'Why'), cell: (r) => r.reasons.map(reasonText).join('; ') },
              {
                header: t('winBack.suggestedCall', 'Suggested call'),
                cell: (r) => joins.parenthesised(callText(r.suggestedCall), t(`reports.channel.${r.suggestedCall.channel}`, r.suggestedCall.channel)),
              },
            ]}
          />
        </Section>
      </Layouts.Content>
    </Page.Main>
  );
};

export default WinBackPage;
