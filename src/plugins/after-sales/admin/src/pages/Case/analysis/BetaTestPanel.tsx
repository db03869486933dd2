import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Checkbox, Field, Flex, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../../utils/getTranslation';
import { useServerErrors } from '../../../utils/serverErrors';
import type { BetaTestsView, VerificationView } from './types';

const CHOICES = ['yes', 'partly', 'no'] as const;

/**
 * On an improvement record's case screen: the internal verification of the analysis reports' test
 * cases (passed / failed, by someone other than the fix's author) and each beta test's customer
 * verification report (客户验证报告: per question the count and % of each answer, and the comments).
 */
export const BetaTestPanel = ({ documentId }: { documentId: string }) => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const lang = locale.startsWith('zh') ? 'zh-Hans' : 'en';
  const { get, post } = useFetchClient();
  const { describe } = useServerErrors();
  const [tests, setTests] = React.useState<BetaTestsView | null>(null);
  const [verification, setVerification] = React.useState<VerificationView | null>(null);
  const [notes, setNotes] = React.useState<Record<string, string>>({});
  const [message, setMessage] = React.useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [name, setName] = React.useState('');
  const [chosen, setChosen] = React.useState<string[]>([]);
  const [inviteMessage, setInviteMessage] = React.useState<{ ok: boolean; text: string } | null>(null);

  const load = React.useCallback(async () => {
    const [b, v] = await Promise.all([
      get<{ data: BetaTestsView }>(`/after-sales/improvements/${documentId}/beta-tests`),
      get<{ data: VerificationView }>(`/after-sales/improvements/${documentId}/internal-verification`),
    ]);
    setTests(b.data.data);
    setVerification(v.data.data);
  }, [get, documentId]);
  React.useEffect(() => {
    void load().catch(() => setTests(null));
  }, [load]);
  if (!tests || !verification) return null;

  const pct = (value: number | null) => (value === null ? '–' : `${value}%`);
  const record = async (report: string, testCase: number, result: 'passed' | 'failed') => {
    setBusy(true);
    try {
      const note = notes[`${report}#${testCase}`]?.trim();
      const res = await post<{ data: VerificationView }>(`/after-sales/improvements/${documentId}/internal-verification`, {
        data: { results: [{ report, testCase, result, ...(note ? { note } : {}) }] },
      });
      setVerification(res.data.data);
      setMessage({ ok: true, text: t('beta.verify.saved', 'Verdict recorded.') });
    } catch (err) {
      setMessage({ ok: false, text: describe(err, t('beta.verify.failed', 'Not recorded.')) });
    } finally {
      setBusy(false);
    }
  };

  const invite = async () => {
    setBusy(true);
    try {
      const res = await post<{ data: { invited: number } }>(`/after-sales/improvements/${documentId}/beta-tests`, { data: { name, customers: chosen } });
      setInviteMessage({ ok: true, text: t('beta.invite.sent', '{count} customers invited.', { count: res.data.data.invited }) });
      setChosen([]);
      setName('');
      await load();
    } catch (err) {
      setInviteMessage({ ok: false, text: describe(err, t('beta.invite.failed', 'Nobody was invited.')) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box background="neutral0" padding={5} shadow="tableShadow" hasRadius data-testid="beta-tests">
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {t('beta.verify.title', 'Internal verification (test cases of the analysis report)')}
        </Typography>
        <Typography variant="pi" textColor="neutral600" data-testid="beta-verify-summary">
          {t('beta.verify.summary', '{passed} of {total} passed, {failed} failed, {open} open', {
            passed: verification.summary.passed,
            total: verification.summary.total,
            failed: verification.summary.failed,
            open: verification.summary.open,
          })}
        </Typography>
        {verification.cases.length ? (
          <Table colCount={5} rowCount={verification.cases.length + 1}>
            <Thead>
              <Tr>
                <Th>{t('beta.verify.case', 'Test case')}</Th>
                <Th>{t('beta.verify.expected', 'Expected')}</Th>
                <Th>{t('beta.verify.result', 'Result')}</Th>
                <Th>{t('beta.verify.by', 'Verified by')}</Th>
                <Th>{t('beta.verify.record', 'Record')}</Th>
              </Tr>
            </Thead>
            <Tbody>
              {verification.cases.map((c) => {
                const key = `${c.report}#${c.testCase}`;
                return (
                  <Tr key={key}>
                    <Td>
                      <Typography>
                        {c.reportReference ? `${c.reportReference} · ` : ''}
                        {c.title}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{c.expected}</Typography>
                    </Td>
                    <Td>
                      {c.result ? (
                        <Badge backgroundColor={c.result === 'passed' ? 'success100' : 'danger100'} textColor={c.result === 'passed' ? 'success700' : 'danger700'}>
                          {c.result === 'passed' ? t('beta.verify.passed', 'Passed') : t('beta.verify.failedCase', 'Failed')}
                        </Badge>
                      ) : (
                        <Typography textColor="neutral600">{t('beta.verify.open', 'Not verified')}</Typography>
                      )}
                      {c.note ? <Typography variant="pi"> {c.note}</Typography> : null}
                    </Td>
                    <Td>
                      <Typography variant="pi">{c.verifiedBy ? `${c.verifiedBy} · ${new Date(c.verifiedAt as string).toLocaleString(locale)}` : '–'}</Typography>
                    </Td>
                    <Td>
                      {verification.mayVerify ? (
                        <Flex gap={1} wrap="wrap">
                          <TextInput
                            aria-label={t('beta.verify.note', 'Note (required when failed)')}
                            placeholder={t('beta.verify.note', 'Note (required when failed)')}
                            value={notes[key] ?? ''}
                            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setNotes({ ...notes, [key]: e.target.value })}
                          />
                          <Button size="S" variant="success-light" disabled={busy} onClick={() => void record(c.report, c.testCase, 'passed')}>
                            {t('beta.verify.pass', 'Passed')}
                          </Button>
                          <Button size="S" variant="danger-light" disabled={busy} onClick={() => void record(c.report, c.testCase, 'failed')}>
                            {t('beta.verify.fail', 'Failed')}
                          </Button>
                        </Flex>
                      ) : null}
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        ) : (
          <Typography textColor="neutral600">{t('beta.verify.none', 'The linked analysis reports have no test cases.')}</Typography>
        )}
        {!verification.mayVerify ? (
          <Typography variant="pi" textColor="neutral600">
            {t('beta.verify.author', 'You are an author of this fix: someone else verifies it.')}
          </Typography>
        ) : null}
        {message ? <Typography textColor={message.ok ? 'success600' : 'danger600'}>{message.text}</Typography> : null}

        <Typography variant="delta" tag="h2">
          {t('beta.report.title', 'Beta tests and customer verification reports')}
        </Typography>
        {tests.tests.length === 0 ? (
          <Typography textColor="neutral600">
            {t('beta.report.none', 'No beta test yet: invite {min} to {max} customers once the plan is approved.', { min: tests.minCustomers, max: tests.maxCustomers })}
          </Typography>
        ) : null}
        {tests.mayStart ? (
          <Box padding={4} hasRadius borderColor="neutral200" data-testid="beta-invite">
            <Flex direction="column" alignItems="stretch" gap={3}>
              <Typography variant="epsilon" tag="h3">
                {t('beta.invite.title', 'Invite customers to a beta test')}
              </Typography>
              <Field.Root name="name">
                <Field.Label>{t('beta.invite.name', 'Name of the beta test')}</Field.Label>
                <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
              </Field.Root>
              <Typography variant="pi" textColor="neutral600">
                {t('beta.invite.choose', 'Choose {min} to {max} customers (the issue’s customers first, then the product’s owners): {count} chosen', {
                  min: tests.minCustomers,
                  max: tests.maxCustomers,
                  count: chosen.length,
                })}
              </Typography>
              <Flex wrap="wrap" gap={3}>
                {tests.candidates.map((c) => (
                  <Checkbox
                    key={c.documentId}
                    checked={chosen.includes(c.documentId)}
                    onCheckedChange={(v: boolean) => setChosen(v ? [...chosen, c.documentId] : chosen.filter((id) => id !== c.documentId))}
                  >
                    {c.name || c.documentId}
                  </Checkbox>
                ))}
              </Flex>
              <Flex>
                <Button onClick={() => void invite()} loading={busy} data-testid="beta-invite-send">
                  {t('beta.invite.send', 'Send the invitations')}
                </Button>
              </Flex>
              {inviteMessage ? <Typography textColor={inviteMessage.ok ? 'success600' : 'danger600'}>{inviteMessage.text}</Typography> : null}
            </Flex>
          </Box>
        ) : null}
        {tests.tests.map((test) => (
          <Box key={test.id} padding={4} hasRadius borderColor="neutral200" data-testid={`beta-report-${test.id}`}>
            <Flex direction="column" alignItems="stretch" gap={3}>
              <Typography variant="epsilon" tag="h3">
                {t('beta.report.heading', 'Customer verification report: {name}', { name: test.name })}
              </Typography>
              <Typography data-testid="beta-report-response">
                {t('beta.report.response', '{answered} of {invited} customers answered ({rate})', {
                  answered: test.report.answered,
                  invited: test.report.invited,
                  rate: pct(test.report.responseRate),
                })}
              </Typography>
              {test.report.questions.map((q) => (
                <Flex key={q.key} direction="column" alignItems="stretch" gap={2}>
                  <Typography fontWeight="bold">{q.title[lang] || q.title['zh-Hans']}</Typography>
                  <Table colCount={3} rowCount={4}>
                    <Thead>
                      <Tr>
                        <Th>{t('beta.report.answer', 'Answer')}</Th>
                        <Th>{t('beta.report.count', 'Customers')}</Th>
                        <Th>{t('beta.report.share', 'Share')}</Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {CHOICES.filter((choice) => q.kind === 'yes-partly-no' || choice !== 'partly').map((choice) => (
                        <Tr key={choice} data-testid={`beta-${q.key}-${choice}`}>
                          <Td>
                            <Typography>{t(`beta.choice.${choice}`, choice)}</Typography>
                          </Td>
                          <Td>
                            <Typography>{q.counts[choice]}</Typography>
                          </Td>
                          <Td>
                            <Typography>{pct(q.percents[choice])}</Typography>
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                  {q.comments.length ? (
                    <Box tag="ul" paddingLeft={4}>
                      {q.comments.map((c, i) => (
                        <li key={i}>
                          <Typography variant="pi">
                            {t(`beta.choice.${c.choice}`, c.choice)}:{c.comment}
                          </Typography>
                        </li>
                      ))}
                    </Box>
                  ) : null}
                </Flex>
              ))}
            </Flex>
          </Box>
        ))}
      </Flex>
    </Box>
  );
};
