import * as React from 'react';
import { useIntl } from 'react-intl';
import { Badge, Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { Section } from '../../components/Layout/Section';
import { PageFailure } from '../../components/NoAccess';
import { useServerErrors } from '../../utils/serverErrors';

interface Suggestion {
  documentId: string;
  reference: string | null;
  symptom: string;
  expectedSolution: string | null;
  collectedAt: string | null;
}
interface Group {
  model: string | null;
  name: string | null;
  count: number;
  suggestions: Suggestion[];
}

/** The business time zone the backlog's months are counted in (the server's default `timeZone`). */
const BUSINESS_TIME_ZONE = 'Asia/Shanghai';
const thisMonth = () => new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_TIME_ZONE, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);

/** The suggestions backlog (建议池) for the product department: grouped by product with counts, one month at a time; accept or decline each. */
export const SuggestionsPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { describe } = useServerErrors();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const [month, setMonth] = React.useState(thisMonth());
  const [groups, setGroups] = React.useState<Group[] | null>(null);
  const [error, setError] = React.useState<unknown>(null);
  const [notes, setNotes] = React.useState<Record<string, string>>({});

  const load = React.useCallback(() => {
    get<any>(`/after-sales/front-desk/suggestions${/^\d{4}-\d{2}$/.test(month) ? `?month=${month}` : ''}`)
      .then((res) => setGroups(res.data.data.groups))
      .catch(setError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [month]);
  React.useEffect(load, [load]);

  const review = async (suggestion: Suggestion, decision: 'accept' | 'decline') => {
    try {
      const item = await get<any>(`/content-manager/collection-types/api::feedback.feedback/${suggestion.documentId}`);
      await post<any>(`/after-sales/front-desk/suggestions/${suggestion.documentId}/review`, { decision, note: notes[suggestion.documentId] ?? '', version: item.data.data.version });
      toggleNotification({ type: 'success', message: decision === 'accept' ? t('suggestions.accepted', 'Suggestion accepted') : t('suggestions.declined', 'Suggestion declined') });
      load();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: describe(failure, t('suggestions.failed', 'The request failed')) });
    }
  };

  if (error) return <PageFailure error={error} />;
  if (!groups) return <Page.Loading />;
  return (
    <Page.Main>
      <Page.Title>{t('suggestions.title', 'Suggestions backlog')}</Page.Title>
      <Layouts.Header
        title={t('suggestions.title', 'Suggestions backlog')}
        subtitle={t('suggestions.subtitle', 'Customer suggestions collected for the product department, by product; review them once a month')}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Field.Root name="month" hint={t('suggestions.month.hint', 'YYYY-MM; empty shows every month')}>
            <Field.Label>{t('suggestions.month', 'Month collected')}</Field.Label>
            <TextInput value={month} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setMonth(e.target.value)} />
            <Field.Hint />
          </Field.Root>
          {groups.length === 0 && <Typography textColor="neutral600">{t('suggestions.empty', 'No suggestions waiting for review')}</Typography>}
          {groups.map((group) => (
            <Section
              key={group.model ?? '-'}
              title={`${group.model ?? t('suggestions.noProduct', 'No product')}${group.name ? ` · ${group.name}` : ''}`}
              actions={<Badge>{t('suggestions.count', '{count} suggestions', { count: group.count })}</Badge>}
            >
              {group.suggestions.map((suggestion) => (
                <Box key={suggestion.documentId} padding={3} hasRadius borderColor="neutral200">
                  <Flex direction="column" alignItems="stretch" gap={2}>
                    <Typography>
                      <Badge>{suggestion.reference}</Badge> {suggestion.symptom}
                    </Typography>
                    {suggestion.expectedSolution && (
                      <Typography variant="pi" textColor="neutral600">
                        {suggestion.expectedSolution}
                      </Typography>
                    )}
                    <Typography variant="pi" textColor="neutral600">
                      {suggestion.collectedAt ? formatDate(suggestion.collectedAt, { dateStyle: 'medium', timeZone: BUSINESS_TIME_ZONE }) : ''}
                    </Typography>
                    <Flex gap={2} alignItems="flex-end">
                      <Box style={{ flex: 1 }}>
                        <Field.Root name={`note-${suggestion.documentId}`}>
                          <Field.Label>{t('suggestions.note', 'Decision note (required)')}</Field.Label>
                          <TextInput
                            value={notes[suggestion.documentId] ?? ''}
                            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setNotes((n) => ({ ...n, [suggestion.documentId]: e.target.value }))}
                          />
                        </Field.Root>
                      </Box>
                      <Button onClick={() => review(suggestion, 'accept')} disabled={!notes[suggestion.documentId]?.trim()}>
                        {t('suggestions.accept', 'Accept')}
                      </Button>
                      <Button variant="danger-light" onClick={() => review(suggestion, 'decline')} disabled={!notes[suggestion.documentId]?.trim()}>
                        {t('suggestions.decline', 'Decline')}
                      </Button>
                    </Flex>
                  </Flex>
                </Box>
              ))}
            </Section>
          ))}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default SuggestionsPage;
