import * as React from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Field, Flex, Link, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { Link as RouterLink } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { caseLink } from '../../utils/caseLink';
import { PLUGIN_ID } from '../../pluginId';
import { useServerErrors } from '../../utils/serverErrors';
import type { SearchHit } from './types';

/**
 * The search box of the queue page: a reference, a phone number or email, a customer's name, or
 * words of what the customer said; ranked, 10 a page. Customers show as the role may read them.
 */
export const QueueSearch = ({ locale }: { locale: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get } = useFetchClient();
  const { describe } = useServerErrors();
  const [q, setQ] = React.useState('');
  const [hits, setHits] = React.useState<SearchHit[] | null>(null);
  const [page, setPage] = React.useState(1);
  const [hasMore, setHasMore] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);

  const run = async (nextPage: number) => {
    setError(null);
    try {
      const params = new URLSearchParams({ q: q.trim(), page: String(nextPage), locale });
      const { data } = await get<{ data: SearchHit[]; meta: { hasMore: boolean } }>(`/after-sales/queues/search?${params}`);
      setHits(nextPage === 1 ? data.data : [...(hits ?? []), ...data.data]);
      setHasMore(data.meta.hasMore);
      setPage(nextPage);
    } catch (e) {
      setHits(null);
      setError(describe(e, t('queues.search.failed', 'The search failed.')));
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run(1);
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
      {error && <Typography textColor="danger600">{error}</Typography>}
      {hits && (
        <Box data-testid="queue-search-results" background="neutral0" padding={3} hasRadius shadow="tableShadow">
          {!hits.length ? (
            <Typography textColor="neutral600">{t('queues.search.none', 'Nothing found.')}</Typography>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={2}>
              {hits.map((hit) =>
                hit.type === 'customer' ? (
                  <Flex key={`c:${hit.documentId}`} gap={3}>
                    <Typography fontWeight="bold">{t('queues.search.customer', 'Customer')}</Typography>
                    <Link tag={RouterLink} to={`/plugins/${PLUGIN_ID}/customers/${hit.documentId}`}>
                      {hit.name}
                    </Link>
                    <Typography textColor="neutral600">{[hit.company, hit.phone, hit.email].filter(Boolean).join(' · ')}</Typography>
                  </Flex>
                ) : (
                  <Flex key={`${hit.contentType}:${hit.documentId}`} gap={3}>
                    <Link tag={RouterLink} to={caseLink(hit.contentType!, hit.documentId!)}>
                      {hit.reference}
                    </Link>
                    <Typography>{hit.stateTitle}</Typography>
                    <Typography textColor="neutral600" ellipsis>
                      {[hit.customer?.name, hit.summary].filter(Boolean).join(' · ')}
                    </Typography>
                  </Flex>
                )
              )}
              {hasMore && (
                <Box>
                  <Button variant="tertiary" onClick={() => void run(page + 1)}>
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
