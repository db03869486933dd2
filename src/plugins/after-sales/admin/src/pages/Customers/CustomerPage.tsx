import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Flex, Grid, Link, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { PageFailure } from '../../components/NoAccess';
import { Section } from '../../components/Layout/Section';
import { DataTable } from '../../components/Layout/DataTable';
import { PLUGIN_ID } from '../../pluginId';
import { CaseLinkCell } from '../../components/ListCells/CaseLinkCell';
import { ReasonDialog } from '../../components/PrivacyPanel/ReasonDialog';
import { useServerErrors } from '../../utils/serverErrors';
import { SegmentSection } from '../../components/Segments/SegmentSection';
import type { CustomerLoyaltyInvitation } from '../../../../shared/loyalty';

type Localized = Record<string, string> | string | null;
interface CustomerView {
  customer: Record<string, any>;
  cases: {
    kind: string;
    contentType: string;
    documentId: string;
    reference: string | null;
    state: string | null;
    stateTitle: Localized;
    summary: string | null;
    product: { model: string; name: string } | null;
    createdAt: string;
  }[];
  hiddenCases: number;
  units: { model: string; productName: string | null; batch: string | null; serialNumber: string | null; purchaseDate: string | null; warrantyEnd: string | null; references: string[] }[];
  messages: {
    direction: 'in' | 'out';
    at: string;
    reference: string | null;
    channel: string | null;
    template?: string;
    recipient?: string | null;
    subject?: string | null;
    text?: string | null;
    status?: string;
  }[];
  satisfaction: { reference: string | null; score: number | null; comment: string | null; at: string }[];
  /** Loyalty (NPS) invitations, newest first (absent from an older server). */
  loyalty?: LoyaltyRow[];
  consents: { contactConsent: boolean; contactConsentAt: string | null; preferredChannel: string | null };
}

type LoyaltyRow = CustomerLoyaltyInvitation;

/** After-sales → Customers → one customer: every case, product unit, message, satisfaction and loyalty (NPS) answer and consent, contact data as the role may read it. */
export const CustomerPage = () => {
  const { documentId = '' } = useParams<{ documentId: string }>();
  const { formatMessage, formatDate, locale } = useIntl();
  const { get, post } = useFetchClient();
  const { describe } = useServerErrors();
  const [view, setView] = React.useState<CustomerView | null>(null);
  /** Whether this user may reveal the contact data (with a reason, kept in the access audit), and what the reveal showed. */
  const [mayReveal, setMayReveal] = React.useState(false);
  const [revealed, setRevealed] = React.useState<Record<string, string | null> | null>(null);
  const [error, setError] = React.useState<unknown>(null);
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const text = (value: Localized) => (value && typeof value === 'object' ? (value[locale] ?? value.en ?? Object.values(value)[0]) : (value ?? ''));
  const contactFields = [
    ['phone', t('customers.page.field.phone', 'Phone')],
    ['email', t('customers.page.field.email', 'Email')],
    ['wechat', t('customers.page.field.wechat', 'WeChat')],
    ['address', t('customers.page.field.address', 'Address')],
  ] as const;
  const date = (value: string | null) => (value ? formatDate(value, { dateStyle: 'medium' }) : '—');
  const npsGroups: Record<NonNullable<LoyaltyRow['group']>, string> = {
    promoter: t('customers.page.npsGroup.promoter', 'Promoter'),
    passive: t('customers.page.npsGroup.passive', 'Passive'),
    detractor: t('customers.page.npsGroup.detractor', 'Detractor'),
  };
  const npsStatuses: Record<LoyaltyRow['status'], string> = {
    answered: t('customers.page.npsStatus.answered', 'Answered'),
    open: t('customers.page.npsStatus.open', 'Not answered yet'),
    expired: t('customers.page.npsStatus.expired', 'Closed unanswered'),
  };

  React.useEffect(() => {
    setView(null);
    get<{ data: CustomerView }>(`/${PLUGIN_ID}/customers/${encodeURIComponent(documentId)}`)
      .then(({ data }) => setView(data.data))
      .catch((err) => setError(err ?? true));
    setRevealed(null);
    setMayReveal(false);
    get<{ data: { may: { reveal: boolean } } }>(`/${PLUGIN_ID}/privacy/customers/${encodeURIComponent(documentId)}`)
      .then(({ data }) => setMayReveal(!!data.data.may?.reveal))
      .catch(() => setMayReveal(false));
  }, [get, documentId]);

  const reveal = async (reason: string) => {
    try {
      const { data } = await post<{ data: Record<string, string | null> }>(`/${PLUGIN_ID}/privacy/customers/${encodeURIComponent(documentId)}/reveal`, { reason });
      setRevealed(data.data);
    } catch (err) {
      return describe(err, t('privacy.failed', 'This could not be done'));
    }
  };

  if (error) return <PageFailure error={error} />;
  if (!view) return <Page.Loading />;
  const { customer } = view;
  const editPath = `/content-manager/collection-types/api::customer.customer/${documentId}`;

  return (
    <Page.Main>
      <Page.Title>{customer.name}</Page.Title>
      <Layouts.Header
        title={customer.name}
        subtitle={[customer.company, customer.privacyState === 'erased' ? t('customers.page.erased', 'Personal data erased') : null].filter(Boolean).join(' · ')}
        navigationAction={
          <Link tag={RouterLink} to={`/plugins/${PLUGIN_ID}/customers`}>
            {t('customers.page.back', 'Duplicate customers')}
          </Link>
        }
        secondaryAction={
          <Link tag={RouterLink} to={editPath}>
            {t('customers.page.edit', 'Edit in the Content Manager')}
          </Link>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4} data-testid="customer-page">
          <Section title={t('customers.page.contact', 'Contact and consent')}>
            <Grid.Root gap={3}>
              {contactFields.map(([field, label]) => (
                <Grid.Item key={field} col={3} s={6} direction="column" alignItems="flex-start">
                  <Typography variant="sigma" textColor="neutral600">
                    {label}
                  </Typography>
                  <Typography data-testid={`customer-${field}`}>
                    {revealed ? (revealed[field] ?? '—') : field in customer ? (customer[field] ?? '—') : t('customers.page.hidden', 'Not shown to your role')}
                  </Typography>
                </Grid.Item>
              ))}
              {mayReveal && !revealed && customer.privacyState !== 'erased' && (
                <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                  <ReasonDialog
                    label={t('privacy.reveal', 'Reveal contact data')}
                    title={t('privacy.reveal', 'Reveal contact data')}
                    explanation={t('privacy.reveal.explanation', 'The full phone, email, WeChat id and address are shown to you, and your reason is recorded in the access audit.')}
                    onConfirm={reveal}
                  />
                </Grid.Item>
              )}
              <Grid.Item col={3} s={6} direction="column" alignItems="flex-start">
                <Typography variant="sigma" textColor="neutral600">
                  {t('customers.page.consent', 'Contact consent')}
                </Typography>
                <Typography>
                  {view.consents.contactConsent ? t('customers.page.consentYes', 'Given {date}', { date: date(view.consents.contactConsentAt) }) : t('customers.page.consentNo', 'Not given')}
                </Typography>
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="flex-start">
                <Typography variant="sigma" textColor="neutral600">
                  {t('customers.page.preferredChannel', 'Preferred channel')}
                </Typography>
                <Typography>{view.consents.preferredChannel ?? '—'}</Typography>
              </Grid.Item>
            </Grid.Root>
          </Section>
          <SegmentSection documentId={documentId} />
          <Section
            title={t('customers.page.cases', 'Cases')}
            subtitle={view.hiddenCases ? t('customers.page.hiddenCases', '{count} more case(s) of other departments are not shown to you.', { count: view.hiddenCases }) : undefined}
          >
            <DataTable
              testId="customer-cases"
              rows={view.cases}
              rowKey={(c) => `${c.contentType}:${c.documentId}`}
              empty={t('customers.page.noCases', 'No cases.')}
              columns={[
                {
                  header: t('customers.page.reference', 'Reference'),
                  cell: (c) => (
                    <Link tag={RouterLink} to={`/content-manager/collection-types/${c.contentType}/${c.documentId}`}>
                      {c.reference ?? c.documentId}
                    </Link>
                  ),
                },
                { header: t('customers.page.kind', 'Kind'), cell: (c) => t(`dashboard.kind.${c.kind}`, c.kind) },
                { header: t('customers.page.state', 'State'), cell: (c) => <Badge>{text(c.stateTitle) || c.state}</Badge> },
                { header: t('customers.page.summary', 'Summary'), cell: (c) => c.summary ?? '' },
                { header: t('customers.page.product', 'Product'), cell: (c) => (c.product ? `${c.product.model} ${c.product.name}` : '') },
                { header: t('customers.page.created', 'Received'), cell: (c) => date(c.createdAt) },
                { header: t('list.caseScreen', 'Conversation'), cell: (c) => <CaseLinkCell model={c.contentType} documentId={c.documentId} /> },
              ]}
            />
          </Section>
          <Section
            title={t('customers.page.units', 'Products and units')}
            subtitle={t('customers.page.unitsHint', 'As the cases record them; warranty end = purchase date + the model’s warranty months.')}
          >
            <DataTable
              testId="customer-units"
              rows={view.units}
              rowKey={(u) => `${u.model}:${u.batch}:${u.serialNumber}`}
              empty={t('customers.page.noUnits', 'No products recorded.')}
              columns={[
                { header: t('customers.page.model', 'Model'), cell: (u) => `${u.model}${u.productName ? ` ${u.productName}` : ''}` },
                { header: t('customers.page.batch', 'Batch'), cell: (u) => u.batch ?? '—' },
                { header: t('customers.page.serial', 'Serial number'), cell: (u) => u.serialNumber ?? '—' },
                { header: t('customers.page.purchased', 'Purchased'), cell: (u) => date(u.purchaseDate) },
                { header: t('customers.page.warrantyEnd', 'Warranty until'), cell: (u) => date(u.warrantyEnd) },
              ]}
            />
          </Section>
          <Section title={t('customers.page.messages', 'Messages')}>
            <DataTable
              testId="customer-messages"
              rows={view.messages}
              rowKey={(m) => `${m.direction}:${m.at}:${m.reference}:${m.template ?? m.text}`}
              empty={t('customers.page.noMessages', 'No messages.')}
              columns={[
                { header: t('customers.page.when', 'When'), cell: (m) => formatDate(m.at, { dateStyle: 'medium', timeStyle: 'short' }) },
                { header: t('customers.page.direction', 'Direction'), cell: (m) => (m.direction === 'in' ? t('customers.page.in', 'From the customer') : t('customers.page.out', 'To the customer')) },
                { header: t('customers.page.reference', 'Reference'), cell: (m) => m.reference ?? '' },
                { header: t('customers.page.channel', 'Channel'), cell: (m) => m.channel ?? '' },
                { header: t('customers.page.message', 'Message'), cell: (m) => [m.subject ?? m.text, m.recipient].filter(Boolean).join(' → ') },
                { header: t('customers.page.status', 'Status'), cell: (m) => m.status ?? '' },
              ]}
            />
          </Section>
          <Section title={t('customers.page.satisfaction', 'Satisfaction')}>
            <DataTable
              rows={view.satisfaction}
              rowKey={(s) => `${s.reference}:${s.at}`}
              empty={t('customers.page.noSatisfaction', 'No survey answered yet.')}
              columns={[
                { header: t('customers.page.when', 'When'), cell: (s) => date(s.at) },
                { header: t('customers.page.reference', 'Reference'), cell: (s) => s.reference ?? '' },
                { header: t('customers.page.score', 'Score'), cell: (s) => (s.score === null ? '—' : `${s.score} / 5`) },
                { header: t('customers.page.comment', 'Comment'), cell: (s) => s.comment ?? '' },
              ]}
            />
          </Section>
          <Section
            title={t('customers.page.loyalty', 'Loyalty surveys (NPS)')}
            subtitle={t('customers.page.loyaltyHint', 'The customer’s latest loyalty survey invitations: answered, or sent and not answered yet.')}
          >
            <DataTable
              testId="customer-loyalty"
              rows={view.loyalty ?? []}
              rowKey={(l) => `${l.campaign}:${l.sentAt}`}
              empty={t('customers.page.noLoyalty', 'No loyalty survey sent to this customer.')}
              columns={[
                { header: t('customers.page.campaign', 'Campaign'), cell: (l) => l.campaign },
                {
                  header: t('customers.page.npsStatus', 'Status'),
                  cell: (l) => <Badge>{npsStatuses[l.status] ?? l.status}</Badge>,
                },
                {
                  header: t('customers.page.npsScore', 'Score (0–10)'),
                  cell: (l) => (l.score === null || !l.group ? '—' : `${l.score} · ${npsGroups[l.group]}`),
                },
                { header: t('customers.page.comment', 'Comment'), cell: (l) => l.comment ?? '' },
                { header: t('customers.page.npsSent', 'Sent'), cell: (l) => date(l.sentAt) },
                { header: t('customers.page.npsAnswered', 'Answered on'), cell: (l) => date(l.answeredAt) },
              ]}
            />
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
