import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Checkbox, Field, Flex, Grid, Link, Radio, SingleSelect, SingleSelectOption, TextInput, Textarea, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { Link as RouterLink } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { Section } from '../../components/Layout/Section';
import { NoAccess } from '../../components/NoAccess';
import { isForbidden, useServerErrors } from '../../utils/serverErrors';
import { casePath } from '../../utils/caseLink';
import { PLUGIN_ID } from '../../pluginId';
import { useJoins } from '../../utils/joins';

const CHANNELS = ['hotline', 'service-point', 'field'] as const;
const TYPES = ['quality', 'usage-question', 'suggestion', 'praise', 'service-complaint'] as const;
const SEVERITIES = ['urgent', 'important', 'general', 'suggestion'] as const;
/** What the agent registers: feedback (反馈) or a complaint (投诉), both through the intake. */
const KINDS = ['feedback', 'complaint'] as const;
type Kind = (typeof KINDS)[number];
const SERIOUSNESS = ['serious', 'minor'] as const;

interface OpenCase {
  uid: string;
  documentId: string;
  reference: string;
  stateTitle: string;
  /** False for another department's case this user may not read: reference and state only. */
  readable: boolean;
  summary: string | null;
  /** The next deadline the customer was promised (null when no clock runs: waiting for the customer, or answered). */
  promise: CasePromise | null;
}
interface CasePromise {
  clock: string;
  dueAt: string;
  breached: boolean;
}
/** The read-out after adding to an open case. */
interface Extended {
  reference: string;
  uid: string;
  documentId: string;
  readable: boolean;
  stateTitle: string;
  promise: CasePromise | null;
}
interface Caller {
  documentId: string;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  openCases: OpenCase[];
  products: { model: string; name: string | null; batches: string[] }[];
}
interface ProductHit {
  model: string;
  name: string | null;
  batches: string[];
}
interface ArticleHit {
  documentId: string;
  title: string;
  problem: string;
}
interface Registered {
  kind: Kind;
  uid: string;
  reference: string;
  documentId: string;
  promisedBy: string | null;
  /** The promise's target worded for the customer ("48 个工作小时"), as the active policy sets it. */
  promisedWithin: Worded | null;
  type: string | null;
  severity: string | null;
  seriousness: string | null;
  complex: boolean;
  /** Answered and closed on the call (the usage question's short path); false when that was refused. */
  answered?: boolean;
  answerRefused?: string;
}
/** A target worded in both languages ("24 个工作小时" / "24 working hours"). */
type Worded = { 'zh-Hans': string; en: string };
interface Mine {
  uid: string;
  kind: Kind;
  documentId: string;
  reference: string;
  stateTitle: string;
  summary: string;
}

/**
 * Waits until the agent stops typing for a moment, then runs the look-up. Clearing a field settles at
 * once: the same number typed again right after (the next call) is a new look-up.
 */
const useDebounced = <T,>(value: T, ms = 250) => {
  const [settled, setSettled] = React.useState(value);
  React.useEffect(() => {
    if ((value as unknown) === '') return setSettled(value);
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
};

/** One customer's page: all their cases, products and units, messages, satisfaction and consents. */
const customerPath = (documentId: string) => `/plugins/${PLUGIN_ID}/customers/${documentId}`;

const EMPTY = { symptom: '', scenario: '', frequency: '', expectedSolution: '', model: '', batch: '', type: '', severity: '', seriousness: '', orderNumber: '' };

/**
 * Register a case (登记来电/来访): find the caller by phone or name (their open cases and products;
 * add to an open case), the product and batch from the catalogue, the customer's words with
 * matching articles (one click sends one), the classifier's suggestion (editable); a complaint (投诉)
 * instead takes the complaint, the customer's demand, its seriousness and the order number. Submit
 * gives the reference and the deadline to read out. Tab moves through the fields, Ctrl+Enter registers.
 */
export const RegisterCasePage = () => {
  const { formatMessage, formatDate, locale } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const joins = useJoins();
  const apiLocale = locale.startsWith('zh') ? 'zh-Hans' : 'en';

  const [forbidden, setForbidden] = React.useState(false);
  const [channel, setChannel] = React.useState<string>('hotline');
  /** The office (办事处 / service point) the desk registers at: the user's own by default, kept from one case to the next. */
  const [office, setOffice] = React.useState('');
  const [offices, setOffices] = React.useState<{ code: string; name: string; region: string; mine: boolean }[]>([]);
  const [kind, setKind] = React.useState<Kind>('feedback');
  const complaint = kind === 'complaint';
  const [lookup, setLookup] = React.useState('');
  const [callers, setCallers] = React.useState<Caller[]>([]);
  const [caller, setCaller] = React.useState<Caller | null>(null);
  const [newCaller, setNewCaller] = React.useState({ name: '', phone: '', email: '' });
  const [form, setForm] = React.useState(EMPTY);
  const [products, setProducts] = React.useState<ProductHit[]>([]);
  const [articles, setArticles] = React.useState<ArticleHit[]>([]);
  const [suggestion, setSuggestion] = React.useState<{ type?: string; severity?: string; department?: string; complex?: boolean } | null>(null);
  /** 004 二(一): complex issues are promised an answer in 48 working hours, not 24. Null: the classifier decides. */
  const [complex, setComplex] = React.useState<boolean | null>(null);
  /** What the active feedback policy promises for a general and a complex issue (working or calendar hours). */
  const [promise, setPromise] = React.useState<{ general: Worded | null; complex: Worded | null } | null>(null);
  const [addition, setAddition] = React.useState<{ target: OpenCase; text: string } | null>(null);
  /** A usage question answered on the call: the answer, and the article sent during the call it came from. */
  const [answer, setAnswer] = React.useState('');
  const [sentArticle, setSentArticle] = React.useState<ArticleHit | null>(null);
  const [registered, setRegistered] = React.useState<Registered | null>(null);
  const [extended, setExtended] = React.useState<Extended | null>(null);
  const [problems, setProblems] = React.useState<Record<string, string>>({});
  const [busy, setBusy] = React.useState(false);
  const [mine, setMine] = React.useState<Mine[]>([]);
  const lookupRef = React.useRef<HTMLInputElement>(null);

  const failed = (error: unknown) => {
    if (isForbidden(error)) setForbidden(true);
    else toggleNotification({ type: 'danger', message: describe(error, t('frontDesk.failed', 'The request failed')) });
  };
  const set = (field: keyof typeof EMPTY) => (event: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: event.target.value }));

  const loadMine = React.useCallback(() => {
    get<any>(`/after-sales/front-desk/mine?locale=${apiLocale}`)
      .then((res) => setMine(res.data.data))
      .catch(failed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [apiLocale]);
  React.useEffect(loadMine, [loadMine]);
  React.useEffect(() => {
    get<any>('/after-sales/front-desk/promise')
      .then((res) => setPromise(res.data.data))
      .catch(failed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  React.useEffect(() => {
    get<any>('/after-sales/front-desk/offices')
      .then((res) => {
        setOffices(res.data.data);
        const own = res.data.data.find((o: { mine: boolean }) => o.mine);
        if (own) setOffice(own.code);
      })
      .catch(failed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const settledLookup = useDebounced(lookup);
  React.useEffect(() => {
    if (settledLookup.trim().length < 2) return setCallers([]);
    get<any>(`/after-sales/front-desk/callers?q=${encodeURIComponent(settledLookup.trim())}&locale=${apiLocale}`)
      .then((res) => setCallers(res.data.data))
      .catch(failed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settledLookup]);

  const settledModel = useDebounced(form.model);
  React.useEffect(() => {
    get<any>(`/after-sales/front-desk/products?q=${encodeURIComponent(settledModel.trim())}`)
      .then((res) => setProducts(res.data.data))
      .catch(failed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settledModel]);

  // Articles match what the caller says: the symptom of a new case, or what they add to an open one.
  const articleWords = useDebounced((addition ? addition.text : form.symptom).trim().slice(0, 100), 400);
  React.useEffect(() => {
    if (!articleWords) return setArticles([]);
    const product = form.model.trim() ? `&product=${encodeURIComponent(form.model.trim())}` : '';
    get<any>(`/after-sales/front-desk/articles?q=${encodeURIComponent(articleWords)}&locale=${apiLocale}${product}`)
      .then((res) => setArticles(res.data.data))
      .catch(failed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [articleWords]);

  const words = useDebounced(`${form.symptom}\n${form.scenario}\n${form.expectedSolution}`, 400);
  React.useEffect(() => {
    // A complaint is not classified: its seriousness is the agent's call.
    if (!form.symptom.trim() || complaint) {
      setSuggestion(null);
      return;
    }
    post<any>('/after-sales/front-desk/classify', { symptom: form.symptom, scenario: form.scenario, expectedSolution: form.expectedSolution })
      .then((res) => setSuggestion(res.data.data))
      .catch(failed);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [words, complaint]);

  const pick = (found: Caller) => {
    setCaller(found);
    setCallers([]);
    const [first] = found.products;
    if (first && !form.model) setForm((f) => ({ ...f, model: first.model, batch: first.batches[0] ?? '' }));
  };

  const reset = () => {
    setCaller(null);
    setLookup('');
    setNewCaller({ name: '', phone: '', email: '' });
    setForm(EMPTY);
    setKind('feedback');
    setComplex(null);
    setProblems({});
    setAddition(null);
    setAnswer('');
    setSentArticle(null);
    lookupRef.current?.focus();
  };

  const submit = async (answered = false) => {
    if (busy) return;
    setBusy(true);
    setProblems({});
    try {
      const customer = caller ? { documentId: caller.documentId } : { ...newCaller, locale: apiLocale };
      const product = form.model.trim() ? { model: form.model.trim(), ...(complaint ? {} : { batch: form.batch.trim() }) } : undefined;
      const data = complaint
        ? {
            kind,
            channel,
            customer,
            symptom: form.symptom,
            expectedSolution: form.expectedSolution,
            seriousness: form.seriousness || undefined,
            order: form.orderNumber.trim() ? { number: form.orderNumber.trim() } : undefined,
            product,
            office: office || undefined,
          }
        : {
            kind,
            channel,
            customer,
            symptom: form.symptom,
            scenario: form.scenario,
            frequency: form.frequency,
            expectedSolution: form.expectedSolution,
            type: form.type || suggestion?.type || undefined,
            severity: form.severity || suggestion?.severity || undefined,
            complex: complex ?? undefined,
            product,
            office: office || undefined,
            // The short path on the call: registered, answered and closed at once.
            answer: answered ? { text: answer, article: sentArticle?.documentId } : undefined,
          };
      const res = await post<any>('/after-sales/front-desk/cases', { data });
      setRegistered(res.data.data);
      setExtended(null);
      reset();
      loadMine();
    } catch (error: any) {
      const fieldErrors = error?.response?.data?.error?.details?.errors as { path: string[]; message: string }[] | undefined;
      if (fieldErrors?.length) setProblems(Object.fromEntries(fieldErrors.map((e) => [e.path.filter((p) => p !== 'data').join('.'), e.message])));
      failed(error);
    } finally {
      setBusy(false);
    }
  };

  const addToCase = async () => {
    if (!addition || !addition.text.trim()) return;
    try {
      const res = await post<any>(`/after-sales/front-desk/cases/${addition.target.uid}/${addition.target.documentId}/additions?locale=${apiLocale}`, { text: addition.text, channel });
      toggleNotification({ type: 'success', message: t('frontDesk.added', 'Added to {reference}', { reference: addition.target.reference }) });
      const { target } = addition;
      setExtended({ reference: target.reference, uid: target.uid, documentId: target.documentId, readable: target.readable, stateTitle: res.data.data.stateTitle, promise: res.data.data.promise });
      setRegistered(null);
      reset();
    } catch (error) {
      failed(error);
    }
  };

  const sendArticle = async (article: ArticleHit) => {
    if (!caller) return;
    try {
      // While adding to an open case, the article is also a reply on that case's conversation.
      const onCase = addition ? { uid: addition.target.uid, documentId: addition.target.documentId } : {};
      const res = await post<any>('/after-sales/front-desk/articles/send', { article: article.documentId, customer: caller.documentId, ...onCase });
      // The channel in the staff member's words (邮件 / 短信), not its code.
      toggleNotification({ type: 'success', message: t('frontDesk.articleSent', 'Article sent by {channel}', { channel: t(`value.${res.data.data.channel}`, res.data.data.channel) }) });
      setSentArticle(article);
    } catch (error) {
      failed(error);
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  const kindLabels: Record<Kind, string> = { feedback: t('frontDesk.kind.feedback', 'Feedback'), complaint: t('frontDesk.kind.complaint', 'Complaint') };
  const newCallerLabels = { name: t('frontDesk.new.name', 'Name (new caller)'), phone: t('frontDesk.new.phone', 'Phone'), email: t('frontDesk.new.email', 'Email') };
  if (forbidden) return <NoAccess />;
  const when = (iso: string | null) => (iso ? formatDate(iso, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }) : '—');
  const typeLabel = (value: string) => t(`value.${value}`, value);
  const severityLabel = (value: string) => t(`value.${value}`, value);
  const error = (field: string) => problems[field];

  return (
    <Page.Main>
      <Page.Title>{t('frontDesk.title', 'Register a case')}</Page.Title>
      <Layouts.Header
        title={t('frontDesk.title', 'Register a case')}
        subtitle={t('frontDesk.subtitle', 'Find the caller, register or add to their case, read out the reference and the promise. Ctrl+Enter registers.')}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4} onKeyDown={onKeyDown}>
          {extended && (
            <Box background="success100" borderColor="success200" hasRadius padding={4} data-testid="front-desk-extended">
              <Typography variant="delta" tag="p">
                {!extended.promise
                  ? t('frontDesk.readOutExtendedNoPromise', 'Read out: we have added what you told us to your case {reference}; it is {state}, and we will be in touch.', {
                      reference: extended.reference,
                      state: extended.stateTitle,
                    })
                  : extended.promise.breached
                    ? t('frontDesk.readOutExtendedLate', 'Apologise: your case {reference} ({state}) was promised an answer by {deadline}; we have added what you told us and are chasing it.', {
                        reference: extended.reference,
                        state: extended.stateTitle,
                        deadline: when(extended.promise.dueAt),
                      })
                    : t('frontDesk.readOutExtended', 'Read out: we have added what you told us to your case {reference}; it is {state}, and we will answer by {deadline}.', {
                        reference: extended.reference,
                        state: extended.stateTitle,
                        deadline: when(extended.promise.dueAt),
                      })}
              </Typography>
              {extended.readable ? (
                <Link tag={RouterLink} to={casePath(extended.uid, extended.documentId)} data-testid="front-desk-extended-case">
                  {t('frontDesk.openCase', 'Open the case')}
                </Link>
              ) : null}
            </Box>
          )}
          {registered && (
            <Box background="success100" borderColor="success200" hasRadius padding={4} data-testid="front-desk-registered">
              <Typography variant="delta" tag="p">
                {registered.answered
                  ? t('frontDesk.readOutAnswered', 'Answered on the call and closed: your reference is {reference}; the answer is on its way to you in writing too.', {
                      reference: registered.reference,
                    })
                  : t('frontDesk.readOut', 'Read out: your reference is {reference}; we will answer by {deadline}.', { reference: registered.reference, deadline: when(registered.promisedBy) })}
              </Typography>
              {registered.answerRefused ? (
                <Typography tag="p" textColor="danger600" data-testid="front-desk-answer-refused">
                  {t('frontDesk.answerRefused', 'Registered, but not closed: {reason}. Answer it from the case screen.', { reason: registered.answerRefused })}
                </Typography>
              ) : null}
              <Link tag={RouterLink} to={casePath(registered.uid, registered.documentId)} data-testid="front-desk-registered-case">
                {t('frontDesk.openCase', 'Open the case')}
              </Link>
              {registered.kind === 'feedback' && registered.complex && registered.promisedWithin ? (
                <Typography tag="p" data-testid="front-desk-registered-complex">
                  {t('frontDesk.registeredComplex', 'Complex issue: the answer is promised within {within}.', { within: registered.promisedWithin[apiLocale] })}
                </Typography>
              ) : null}
            </Box>
          )}
          <Grid.Root gap={4}>
            <Grid.Item col={7} s={12} direction="column" alignItems="stretch">
              <Section title={t('frontDesk.caller', 'Caller')}>
                <Flex gap={2} alignItems="flex-end">
                  <Box style={{ flex: 1 }}>
                    <Field.Root name="lookup" hint={t('frontDesk.lookup.hint', 'Phone number in any format, or a name')}>
                      <Field.Label>{t('frontDesk.lookup', 'Phone or name')}</Field.Label>
                      <TextInput ref={lookupRef} autoFocus value={lookup} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLookup(e.target.value)} data-testid="front-desk-lookup" />
                      <Field.Hint />
                    </Field.Root>
                  </Box>
                  <Field.Root name="channel">
                    <Field.Label>{t('frontDesk.channel', 'Heard by')}</Field.Label>
                    <SingleSelect value={channel} onChange={(value: string | number) => setChannel(String(value))}>
                      {CHANNELS.map((c) => (
                        <SingleSelectOption key={c} value={c}>
                          {t(`reports.channel.${c}`, c)}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                  {offices.length > 0 && (
                    <Field.Root name="office" error={problems.office}>
                      <Field.Label>{t('frontDesk.office', 'Office')}</Field.Label>
                      <SingleSelect value={office || '*'} onChange={(value: string | number) => setOffice(value === '*' ? '' : String(value))} data-testid="front-desk-office">
                        <SingleSelectOption value="*">{t('frontDesk.noOffice', 'Head office (no office)')}</SingleSelectOption>
                        {offices.map((o) => (
                          <SingleSelectOption key={o.code} value={o.code}>
                            {`${o.name} · ${o.region}`}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                      <Field.Error />
                    </Field.Root>
                  )}
                </Flex>
                {callers.length > 0 && !caller && (
                  <Flex direction="column" alignItems="stretch" gap={2} data-testid="front-desk-callers">
                    {callers.map((found) => (
                      <Box key={found.documentId} padding={3} hasRadius borderColor="neutral200">
                        <Flex justifyContent="space-between" gap={2}>
                          <Typography fontWeight="bold">
                            {found.name}
                            {found.company ? ` · ${found.company}` : ''} {found.phone ?? ''} {found.email ?? ''}
                          </Typography>
                          <Flex gap={2}>
                            <Link tag={RouterLink} to={customerPath(found.documentId)} data-testid="front-desk-customer-page">
                              {t('frontDesk.customerPage', 'Customer page')}
                            </Link>
                            <Button variant="secondary" onClick={() => pick(found)}>
                              {t('frontDesk.pick', 'This caller')}
                            </Button>
                          </Flex>
                        </Flex>
                        <Typography variant="pi" textColor="neutral600">
                          {found.products.map((p) => (p.batches.length ? joins.parenthesised(p.model, p.batches.join(', ')) : p.model)).join(' · ') ||
                            t('frontDesk.noProducts', 'No products on record')}
                        </Typography>
                        {found.openCases.map((open) => (
                          <Flex key={open.documentId} gap={2} paddingTop={1} data-testid="front-desk-open-case-row">
                            {open.readable ? (
                              <Link tag={RouterLink} to={casePath(open.uid, open.documentId)} data-testid="front-desk-open-case">
                                {open.reference}
                              </Link>
                            ) : (
                              <Typography variant="pi" fontWeight="bold" data-testid="front-desk-open-case-closed">
                                {open.reference}
                              </Typography>
                            )}
                            <Typography variant="pi">
                              {open.stateTitle} · {open.readable ? open.summary : t('frontDesk.otherDepartmentCase', 'With another department: you may add what the caller says, not read the case')}
                            </Typography>
                            {open.promise ? (
                              <Typography variant="pi" fontWeight="bold" textColor={open.promise.breached ? 'danger600' : 'neutral800'} data-testid="front-desk-open-case-promise">
                                {open.promise.breached
                                  ? t('frontDesk.openCase.late', 'Promised by {deadline}: overdue', { deadline: when(open.promise.dueAt) })
                                  : t('frontDesk.openCase.promise', 'Promised by {deadline}', { deadline: when(open.promise.dueAt) })}
                              </Typography>
                            ) : null}
                            <Button
                              variant="tertiary"
                              size="S"
                              onClick={() => {
                                setCaller(found);
                                setCallers([]);
                                setAddition({ target: open, text: '' });
                              }}
                            >
                              {t('frontDesk.addToCase', 'Add to this case')}
                            </Button>
                          </Flex>
                        ))}
                      </Box>
                    ))}
                  </Flex>
                )}
                {caller ? (
                  <Flex gap={2}>
                    <Typography data-testid="front-desk-caller">
                      {t('frontDesk.callerPicked', 'Caller: {name}', { name: caller.name })} {caller.phone ?? ''}
                    </Typography>
                    <Link tag={RouterLink} to={customerPath(caller.documentId)} data-testid="front-desk-caller-page">
                      {t('frontDesk.customerPage', 'Customer page')}
                    </Link>
                    <Button variant="tertiary" size="S" onClick={() => setCaller(null)}>
                      {t('frontDesk.change', 'Change')}
                    </Button>
                  </Flex>
                ) : (
                  <Flex gap={2} alignItems="flex-start">
                    {(['name', 'phone', 'email'] as const).map((field) => (
                      <Box key={field} style={{ flex: 1 }}>
                        <Field.Root name={`customer.${field}`} error={error(`customer.${field}`)}>
                          <Field.Label>{newCallerLabels[field]}</Field.Label>
                          <TextInput value={newCaller[field]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setNewCaller((c) => ({ ...c, [field]: e.target.value }))} />
                          <Field.Error />
                        </Field.Root>
                      </Box>
                    ))}
                  </Flex>
                )}
              </Section>
              {addition ? (
                <Box paddingTop={4}>
                  <Section title={t('frontDesk.addTitle', 'Add to {reference}', { reference: addition.target.reference })} subtitle={addition.target.summary ?? undefined}>
                    <Field.Root name="addition">
                      <Field.Label>{t('frontDesk.addText', 'What the caller adds')}</Field.Label>
                      <Textarea autoFocus value={addition.text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setAddition({ ...addition, text: e.target.value })} />
                    </Field.Root>
                    <Flex gap={2}>
                      <Button onClick={addToCase} disabled={!addition.text.trim()}>
                        {t('frontDesk.addSave', 'Add to the case')}
                      </Button>
                      <Button variant="tertiary" onClick={() => setAddition(null)}>
                        {t('frontDesk.addCancel', 'Register a new case instead')}
                      </Button>
                    </Flex>
                  </Section>
                </Box>
              ) : (
                <Box paddingTop={4}>
                  <Section title={t('frontDesk.case', 'The case')}>
                    <Field.Root name="kind" error={error('kind')}>
                      <Field.Label>{t('frontDesk.kind', 'What the caller raises')}</Field.Label>
                      <Radio.Group
                        value={kind}
                        onValueChange={(value: string) => setKind(value === 'complaint' ? 'complaint' : 'feedback')}
                        aria-label={t('frontDesk.kind', 'What the caller raises')}
                        data-testid="front-desk-kind"
                      >
                        <Flex gap={4}>
                          {KINDS.map((value) => (
                            <Radio.Item key={value} value={value}>
                              {kindLabels[value]}
                            </Radio.Item>
                          ))}
                        </Flex>
                      </Radio.Group>
                      <Field.Error />
                    </Field.Root>
                    <Flex gap={2} alignItems="flex-start">
                      <Box style={{ flex: 2 }}>
                        <Field.Root name="product.model" error={error('product.model')} hint={products.map((p) => p.model).join(' · ')}>
                          <Field.Label>{t('frontDesk.model', 'Product model')}</Field.Label>
                          <TextInput value={form.model} onChange={set('model')} list="front-desk-models" />
                          <datalist id="front-desk-models">
                            {products.map((p) => (
                              <option key={p.model} value={p.model}>
                                {p.name ?? ''}
                              </option>
                            ))}
                          </datalist>
                          <Field.Hint />
                          <Field.Error />
                        </Field.Root>
                      </Box>
                      {complaint ? (
                        <Box style={{ flex: 1 }}>
                          <Field.Root name="order.number" error={error('order.number')}>
                            <Field.Label>{t('frontDesk.orderNumber', 'Order number')}</Field.Label>
                            <TextInput value={form.orderNumber} onChange={set('orderNumber')} />
                            <Field.Error />
                          </Field.Root>
                        </Box>
                      ) : (
                        <Box style={{ flex: 1 }}>
                          <Field.Root name="product.batch" error={error('product.batch')}>
                            <Field.Label>{t('frontDesk.batch', 'Batch')}</Field.Label>
                            <TextInput value={form.batch} onChange={set('batch')} list="front-desk-batches" />
                            <datalist id="front-desk-batches">
                              {(products.find((p) => p.model === form.model.trim())?.batches ?? []).map((b) => (
                                <option key={b} value={b} />
                              ))}
                            </datalist>
                            <Field.Error />
                          </Field.Root>
                        </Box>
                      )}
                    </Flex>
                    <Field.Root name="symptom" error={error('symptom')} required>
                      <Field.Label>
                        {complaint ? t('frontDesk.complaint.description', 'The complaint (in the customer’s words)') : t('frontDesk.symptom', 'Symptom (in the customer’s words)')}
                      </Field.Label>
                      <Textarea value={form.symptom} onChange={set('symptom')} data-testid="front-desk-symptom" />
                      <Field.Error />
                    </Field.Root>
                    {complaint ? null : (
                      <Flex gap={2} alignItems="flex-start">
                        <Box style={{ flex: 2 }}>
                          <Field.Root name="scenario">
                            <Field.Label>{t('frontDesk.scenario', 'When and where it happens')}</Field.Label>
                            <TextInput value={form.scenario} onChange={set('scenario')} />
                          </Field.Root>
                        </Box>
                        <Box style={{ flex: 1 }}>
                          <Field.Root name="frequency">
                            <Field.Label>{t('frontDesk.frequency', 'How often')}</Field.Label>
                            <TextInput value={form.frequency} onChange={set('frequency')} />
                          </Field.Root>
                        </Box>
                      </Flex>
                    )}
                    <Field.Root name="expectedSolution" error={error('expectedSolution')}>
                      <Field.Label>{complaint ? t('frontDesk.complaint.demand', 'What the customer demands') : t('frontDesk.expectedSolution', 'What the customer expects')}</Field.Label>
                      <TextInput value={form.expectedSolution} onChange={set('expectedSolution')} />
                      <Field.Error />
                    </Field.Root>
                    {complaint ? (
                      <Field.Root name="seriousness" error={error('seriousness')} hint={t('frontDesk.complaint.seriousness.hint', 'Left open: a minor complaint')}>
                        <Field.Label>{t('frontDesk.complaint.seriousness', 'Seriousness')}</Field.Label>
                        <SingleSelect
                          value={form.seriousness}
                          onChange={(value: string | number) => setForm((f) => ({ ...f, seriousness: String(value) }))}
                          placeholder={t('frontDesk.complaint.seriousness.none', 'Not set')}
                          data-testid="front-desk-seriousness"
                        >
                          {SERIOUSNESS.map((value) => (
                            <SingleSelectOption key={value} value={value}>
                              {t(`value.${value}`, value)}
                            </SingleSelectOption>
                          ))}
                        </SingleSelect>
                        <Field.Hint />
                        <Field.Error />
                      </Field.Root>
                    ) : (
                      <Flex gap={2} alignItems="flex-end">
                        <Field.Root name="type" error={error('type')}>
                          <Field.Label>{t('frontDesk.type', 'Type')}</Field.Label>
                          <SingleSelect
                            value={form.type || suggestion?.type || ''}
                            onChange={(value: string | number) => setForm((f) => ({ ...f, type: String(value) }))}
                            placeholder={t('frontDesk.type.none', 'Not classified')}
                          >
                            {TYPES.map((value) => (
                              <SingleSelectOption key={value} value={value}>
                                {typeLabel(value)}
                              </SingleSelectOption>
                            ))}
                          </SingleSelect>
                        </Field.Root>
                        <Field.Root name="severity" error={error('severity')}>
                          <Field.Label>{t('frontDesk.severity', 'Severity')}</Field.Label>
                          <SingleSelect
                            value={form.severity || suggestion?.severity || ''}
                            onChange={(value: string | number) => setForm((f) => ({ ...f, severity: String(value) }))}
                            placeholder={t('frontDesk.severity.none', 'Not classified')}
                          >
                            {SEVERITIES.map((value) => (
                              <SingleSelectOption key={value} value={value}>
                                {severityLabel(value)}
                              </SingleSelectOption>
                            ))}
                          </SingleSelect>
                        </Field.Root>
                        <Field.Root
                          name="complex"
                          error={error('complex')}
                          hint={promise?.general ? t('frontDesk.complex.hint', 'General issues: an answer within {within} (manual 004 二(一))', { within: promise.general[apiLocale] }) : undefined}
                        >
                          <Checkbox data-testid="front-desk-complex" checked={complex ?? suggestion?.complex ?? false} onCheckedChange={(on: boolean) => setComplex(on === true)}>
                            {promise?.complex ? t('frontDesk.complex', 'Complex issue: answer within {within}', { within: promise.complex[apiLocale] }) : t('field.complex', 'Complex issue')}
                          </Checkbox>
                          <Field.Hint />
                          <Field.Error />
                        </Field.Root>
                        {suggestion?.type || suggestion?.severity ? (
                          <Typography variant="pi" textColor="neutral600" data-testid="front-desk-suggestion">
                            {t('frontDesk.suggested', 'Suggested: {type} / {severity}', {
                              type: suggestion.type ? typeLabel(suggestion.type) : '—',
                              severity: suggestion.severity ? severityLabel(suggestion.severity) : '—',
                            })}
                          </Typography>
                        ) : null}
                      </Flex>
                    )}
                    {!complaint && (form.type || suggestion?.type) === 'usage-question' ? (
                      <Field.Root
                        name="answer.text"
                        error={error('answer.text') ?? error('answer')}
                        hint={sentArticle ? t('frontDesk.answer.article', 'From the article sent: {title}', { title: sentArticle.title }) : undefined}
                      >
                        <Field.Label>{t('frontDesk.answer', 'Answer given on the call (a usage question: register, answer and close at once)')}</Field.Label>
                        <Textarea value={answer} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setAnswer(e.target.value)} data-testid="front-desk-answer" />
                        <Field.Hint />
                        <Field.Error />
                      </Field.Root>
                    ) : null}
                    <Flex gap={2}>
                      <Button onClick={() => submit()} loading={busy} data-testid="front-desk-submit">
                        {t('frontDesk.submit', 'Register (Ctrl+Enter)')}
                      </Button>
                      {!complaint && (form.type || suggestion?.type) === 'usage-question' ? (
                        <Button variant="secondary" onClick={() => submit(true)} disabled={busy || !answer.trim()} data-testid="front-desk-answer-close">
                          {t('frontDesk.answerClose', 'Register, answer and close')}
                        </Button>
                      ) : null}
                      <Button variant="tertiary" onClick={reset}>
                        {t('frontDesk.clear', 'Clear')}
                      </Button>
                    </Flex>
                  </Section>
                </Box>
              )}
            </Grid.Item>
            <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
              <Section title={t('frontDesk.articles', 'Matching articles')} subtitle={caller ? undefined : t('frontDesk.articles.pickCaller', 'Pick the caller to send an article')}>
                {articles.length === 0 ? (
                  <Typography textColor="neutral600">{t('frontDesk.articles.none', 'No matching article yet')}</Typography>
                ) : (
                  articles.map((article) => (
                    <Flex key={article.documentId} justifyContent="space-between" gap={2} data-testid="front-desk-article">
                      <Flex direction="column" alignItems="flex-start">
                        <Typography fontWeight="bold">{article.title}</Typography>
                        <Typography variant="pi" textColor="neutral600">
                          {article.problem}
                        </Typography>
                      </Flex>
                      <Button variant="secondary" size="S" disabled={!caller} onClick={() => sendArticle(article)}>
                        {t('frontDesk.articles.send', 'Send to the customer')}
                      </Button>
                    </Flex>
                  ))
                )}
              </Section>
              <Box paddingTop={4}>
                <Section title={t('frontDesk.mine', 'Cases I registered')}>
                  {mine.length === 0 ? (
                    <Typography textColor="neutral600">{t('frontDesk.mine.none', 'None yet')}</Typography>
                  ) : (
                    mine.map((item) => (
                      <Flex key={item.reference} gap={2} data-testid="front-desk-mine-row">
                        <Link tag={RouterLink} to={casePath(item.uid, item.documentId)}>
                          {item.reference}
                        </Link>
                        {item.kind === 'complaint' ? <Badge>{kindLabels.complaint}</Badge> : null}
                        <Typography variant="pi">
                          {item.stateTitle} · {item.summary}
                        </Typography>
                      </Flex>
                    ))
                  )}
                </Section>
              </Box>
            </Grid.Item>
          </Grid.Root>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default RegisterCasePage;
