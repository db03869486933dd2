import * as React from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Field, Flex, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import { SearchResults, useSearchHits } from '../../components/GlobalSearch/SearchResults';

/**
 * The search box of the queue page: a reference, a phone number or email, a customer's name, or
 * words of what the customer said; ranked, 10 a page. Customers show as the role may read them.
 * The same answers as the global search (Ctrl+K, the menu's Search), drawn by the same component.
 */
export const QueueSearch = ({ locale }: { locale: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get } = useFetchClient();
  const { describe } = useServerErrors();
  const [q, setQ] = React.useState('');
  const { hits, page, hasMore, error, run } = useSearchHits(get, locale);

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run(q, 1);
        }}
      >
        <Flex gap={2} alignItems="flex-end">
          <Box grow={1}>
            <Field.Root name="queue-search" hint={t('queues.search.hint', 'Reference, phone or email, customer name, or words of what the customer said')}>
              <Field.Label>{t('queues.search.label', 'Find a case or a customer')}</Field.Label>
              <TextInput value={q} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)} data-testid="queue-search" />
              <Field.Hint />
            </Field.Root>
          </Box>
          <Button type="submit" disabled={q.trim().length < 2}>
            {t('queues.search.submit', 'Search')}
          </Button>
        </Flex>
      </form>
      {error ? <Typography textColor="danger600">{describe(error, t('queues.search.failed', 'The search failed.'))}</Typography> : null}
      {hits && (
        <Box data-testid="queue-search-results" background="neutral0" padding={3} hasRadius shadow="tableShadow">
          {!hits.length ? (
            <Typography textColor="neutral600">{t('queues.search.none', 'Nothing found.')}</Typography>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={2}>
              <SearchResults hits={hits} />
              {hasMore && (
                <Box>
                  <Button variant="tertiary" onClick={() => void run(q, page + 1)}>
                    {t('queues.search.more', 'Show 10 more')}
                  </Button>
                </Box>
              )}
            </Flex>
          )}
        </Box>
      )}
    </Flex>
  );
};
