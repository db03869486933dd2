import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Field, Flex, Link, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Link as RouterLink } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { Section } from '../../components/Layout/Section';
import { PageFailure } from '../../components/NoAccess';
import { useServerErrors } from '../../utils/serverErrors';
import { PLUGIN_ID } from '../../pluginId';

const OUTCOMES = ['reached', 'not-reached', 'issue-raised', 'satisfied'] as const;
type Outcome = (typeof OUTCOMES)[number];

interface CareCall {
  documentId: string;
  reference: string | null;
  state: string;
  dueOn: string | null;
  callBy: string | null;
  overdue: boolean;
  channel: string | null;
  plan: { name: string } | null;
  assignee: string | null;
  customer: { documentId: string; name: string | null; company: string | null; segment: string | null; phone: string | null; wechat: string | null; email: string | null } | null;
  outcome: Outcome | null;
  outcomeNote: string | null;
  calledAt: string | null;
  nextCallOn: string | null;
  feedback: { documentId: string; reference: string | null } | null;
}

type Localized = Record<string, string> | string | null;
interface History {
  cases: { documentId: string; reference: string | null; state: string | null; stateTitle: Localized; summary: string | null; createdAt: string }[];
  messages: { direction: 'in' | 'out'; at: string; reference: string | null; channel: string | null; subject?: string | null; text?: string | null }[];
}

const BUSINESS_TIME_ZONE = 'Asia/Shanghai';
const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_TIME_ZONE, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);

/** The customer's recent history, one click away: the latest cases and messages (as the customer page shows them to this user). */
const CustomerHistory = ({ documentId }: { documentId: string }) => {
  const { formatMessage, formatDate, locale } = useIntl();
  const { get } = useFetchClient();
  const [history, setHistory] = React.useState<History | null>(null);
  const [failed, setFailed] = React.useState(false);
  const t = (id: string, defaultMessage: string) => formatMessage({ id: getTranslation(id), defaultMessage });
  const text = (value: Localized) => (value && typeof value === 'object' ? (value[locale] ?? value.en ?? Object.values(value)[0]) : (value ?? ''));
  React.useEffect(() => {
    get<{ data: History }>(`/after-sales/customers/${documentId}`)
      .then((res) => setHistory(res.data.data))
      .catch(() => setFailed(true));
  }, [get, documentId]);
  if (failed) return <Typography textColor="danger600">{t('care.history.failed', 'The customer’s history could not be loaded.')}</Typography>;
  if (!history) return <Typography textColor="neutral600">{t('panel.loading', 'Loading')}</Typography>;
  const day = (at: string) => formatDate(at, { dateStyle: 'medium', timeZone: BUSINESS_TIME_ZONE });
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="care-history">
      <Typography variant="sigma">{t('care.history.cases', 'Recent cases')}</Typography>
      {history.cases.length === 0 && <Typography textColor="neutral600">{t('care.history.noCases', 'No cases')}</Typography>}
      {history.cases.slice(0, 5).map((c) => (
        <Typography key={c.documentId} variant="pi">
          <Badge>{c.reference ?? '—'}</Badge> {text(c.stateTitle) || c.state} · {c.summary ?? ''} · {day(c.createdAt)}
        </Typography>
      ))}
      <Typography variant="sigma">{t('care.history.messages', 'Last messages')}</Typography>
      {history.messages.length === 0 && <Typography textColor="neutral600">{t('care.history.noMessages', 'No messages')}</Typography>}
      {history.messages.slice(0, 5).map((m, i) => (
        <Typography key={`${m.at}-${i}`} variant="pi">
          {m.direction === 'in' ? t('care.history.in', 'From the customer') : t('care.history.out', 'To the customer')} · {day(m.at)} · {m.subject ?? ''} {m.text ? `— ${m.text.slice(0, 120)}` : ''}
        </Typography>
      ))}
      <Link tag={RouterLink} to={`/plugins/${PLUGIN_ID}/customers/${documentId}`}>
        {t('care.history.open', 'Open the customer page')}
      </Link>
    </Flex>
  );
};

/** After-sales → Care calls: the due care calls, soonest first, each logged with its outcome from here; the calls logged lately with what they led to. */
export const CareCallsPage = () => {
  const { formatMessage } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [due, setDue] = React.useState<CareCall[] | null>(null);
  const [done, setDone] = React.useState<CareCall[]>([]);
  const [error, setError] = React.useState<unknown>(null);
  const [notes, setNotes] = React.useState<Record<string, string>>({});
  const [open, setOpen] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState<string | null>(null);
  /** The month whose logged calls are listed (who was reached, what they said, what it led to); empty: the latest. */
  const [month, setMonth] = React.useState(thisMonth());

  const load = React.useCallback(() => {
    const logged = /^\d{4}-\d{2}$/.test(month) ? `&month=${month}` : '';
    Promise.all([get<{ data: CareCall[] }>('/after-sales/care/calls?state=due'), get<{ data: CareCall[] }>(`/after-sales/care/calls?state=done${logged}`)])
      .then(([d, l]) => {
        setDue(d.data.data);
        setDone(l.data.data);
      })
      .catch(setError);
  }, [get, month]);
  React.useEffect(load, [load]);

  const log = async (call: CareCall, outcome: Outcome) => {
    setBusy(call.documentId);
    try {
      const res = await post<{ data: CareCall }>(`/after-sales/care/calls/${call.documentId}/outcome`, { data: { outcome, note: notes[call.documentId] ?? '' } });
      const logged = res.data.data;
      toggleNotification({
        type: 'success',
        message: logged.feedback?.reference
          ? t('care.logged.issue', 'Logged. Feedback {reference} opened; next call on {day}', { reference: logged.feedback.reference, day: logged.nextCallOn ?? '—' })
          : t('care.logged', 'Logged. Next call on {day}', { day: logged.nextCallOn ?? '—' }),
      });
      load();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: describe(failure, t('care.failed', 'The outcome could not be logged')) });
    } finally {
      setBusy(null);
    }
  };

  if (error) return <PageFailure error={error} />;
  if (!due) return <Page.Loading />;
  const contact = (c: CareCall['customer']) => [c?.phone, c?.wechat, c?.email].filter(Boolean).join(' · ');
  return (
    <Page.Main>
      <Page.Title>{t('care.title', 'Care calls')}</Page.Title>
      <Layouts.Header title={t('care.title', 'Care calls')} subtitle={t('care.subtitle', 'Regular calls to customers on a care plan, soonest due first. Log each call with its outcome.')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section title={t('care.due', 'Due calls')} actions={<Badge>{t('care.count', '{count} due', { count: due.length })}</Badge>} testId="care-due">
            {due.length === 0 && <Typography textColor="neutral600">{t('care.empty', 'No care calls are due')}</Typography>}
            {due.map((call) => (
              <Box key={call.documentId} padding={3} hasRadius borderColor={call.overdue ? 'danger200' : 'neutral200'} data-testid={`care-call-${call.reference}`}>
                <Flex direction="column" alignItems="stretch" gap={2}>
                  <Flex gap={2} wrap="wrap">
                    <Badge>{call.reference}</Badge>
                    <Typography fontWeight="bold">{call.customer?.company || call.customer?.name}</Typography>
                    {call.customer?.company && <Typography>{call.customer?.name}</Typography>}
                    <Typography textColor="neutral600">{contact(call.customer)}</Typography>
                    {call.overdue && <Badge textColor="danger600">{t('care.overdue', 'Overdue')}</Badge>}
                  </Flex>
                  <Typography variant="pi" textColor="neutral600">
                    {t('care.dueOn', 'Due {day}', { day: call.dueOn ?? '—' })} · {t(`care.channel.${call.channel ?? 'phone'}`, call.channel ?? 'phone')} · {call.plan?.name ?? ''}
                    {call.assignee ? ` · ${call.assignee}` : ''}
                  </Typography>
                  <Flex gap={2} alignItems="flex-end" wrap="wrap">
                    <Box style={{ flex: 1, minWidth: 240 }}>
                      <Field.Root name={`note-${call.documentId}`}>
                        <Field.Label>{t('care.note', 'What the customer said (required when an issue is raised)')}</Field.Label>
                        <TextInput value={notes[call.documentId] ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setNotes((n) => ({ ...n, [call.documentId]: e.target.value }))} />
                      </Field.Root>
                    </Box>
                    {OUTCOMES.map((outcome) => (
                      <Button
                        key={outcome}
                        variant={outcome === 'issue-raised' ? 'danger-light' : outcome === 'not-reached' ? 'tertiary' : 'secondary'}
                        loading={busy === call.documentId}
                        disabled={outcome === 'issue-raised' && !notes[call.documentId]?.trim()}
                        onClick={() => log(call, outcome)}
                      >
                        {t(`care.outcome.${outcome}`, outcome)}
                      </Button>
                    ))}
                    {call.customer && (
                      <Button variant="ghost" onClick={() => setOpen(open === call.documentId ? null : call.documentId)} aria-expanded={open === call.documentId}>
                        {t('care.history', 'Recent history')}
                      </Button>
                    )}
                  </Flex>
                  {open === call.documentId && call.customer && <CustomerHistory documentId={call.customer.documentId} />}
                </Flex>
              </Box>
            ))}
          </Section>
          <Section title={t('care.loggedLately', 'Logged lately')} testId="care-done">
            <Field.Root name="month" hint={t('care.month.hint', 'YYYY-MM; empty shows the latest')}>
              <Field.Label>{t('care.month', 'Month logged')}</Field.Label>
              <TextInput value={month} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setMonth(e.target.value)} />
              <Field.Hint />
            </Field.Root>
            {done.length === 0 && <Typography textColor="neutral600">{t('care.noneLogged', 'No calls logged yet')}</Typography>}
            {done.map((call) => (
              <Typography key={call.documentId} variant="pi">
                <Badge>{call.reference}</Badge> {[call.customer?.name, call.customer?.company].filter(Boolean).join(' · ')} · {call.outcome ? t(`care.outcome.${call.outcome}`, call.outcome) : ''}
                {call.outcomeNote ? ` · ${call.outcomeNote}` : ''} · {t('care.nextOn', 'next call on {day}', { day: call.nextCallOn ?? '—' })}
                {call.feedback?.reference ? ` · ${t('care.feedback', 'feedback {reference}', { reference: call.feedback.reference })}` : ''}
              </Typography>
            ))}
          </Section>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default CareCallsPage;
