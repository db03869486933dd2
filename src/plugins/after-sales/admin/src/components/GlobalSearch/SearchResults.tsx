import * as React from 'react';
import { useIntl } from 'react-intl';
import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';
import { getTranslation } from '../../utils/getTranslation';
import { caseLink } from '../../utils/caseLink';
import { PLUGIN_ID } from '../../pluginId';
import type { SearchHit } from '../../pages/Queues/types';

/** Where a hit opens: a case on the case screen, a customer on the staff customer page. */
export const hitPath = (hit: SearchHit) => (hit.type === 'customer' ? `/plugins/${PLUGIN_ID}/customers/${hit.documentId}` : caseLink(hit.contentType!, hit.documentId!));

const hitKey = (hit: SearchHit) => (hit.type === 'customer' ? `c:${hit.documentId}` : `${hit.contentType}:${hit.documentId}`);

/** What a hit says: the customer's name, company and contact as the role reads them; a case's reference, state, customer and summary. */
const HitLine = ({ hit, title }: { hit: SearchHit; title: React.ReactNode }) => {
  const { formatMessage } = useIntl();
  return hit.type === 'customer' ? (
    <Flex gap={3} minWidth={0}>
      <Typography fontWeight="bold">{formatMessage({ id: getTranslation('queues.search.customer'), defaultMessage: 'Customer' })}</Typography>
      {title}
      <Typography textColor="neutral600" ellipsis>
        {[hit.company, hit.phone, hit.email].filter(Boolean).join(' · ')}
      </Typography>
    </Flex>
  ) : (
    <Flex gap={3} minWidth={0}>
      {title}
      <Typography>{hit.stateTitle}</Typography>
      <Typography textColor="neutral600" ellipsis>
        {[hit.customer?.name, hit.summary].filter(Boolean).join(' · ')}
      </Typography>
    </Flex>
  );
};

const titleOf = (hit: SearchHit) => (hit.type === 'customer' ? hit.name : hit.reference);

/**
 * The search's answers, one line each, as the queue page and the global search dialog show them.
 * Without `onOpen`: links (the queue page). With `onOpen`: a list box whose options the dialog's
 * text field moves through (`activeIndex`, `aria-activedescendant`); a click opens the hit.
 */
export const SearchResults = ({
  hits,
  activeIndex = -1,
  onOpen,
  onHover,
  idPrefix = 'search-hit',
  label,
}: {
  hits: SearchHit[];
  activeIndex?: number;
  onOpen?: (hit: SearchHit) => void;
  onHover?: (index: number) => void;
  idPrefix?: string;
  label?: string;
}) => {
  if (!onOpen)
    return (
      <Flex direction="column" alignItems="stretch" gap={2}>
        {hits.map((hit) => (
          <HitLine
            key={hitKey(hit)}
            hit={hit}
            title={
              <Link tag={RouterLink} to={hitPath(hit)}>
                {titleOf(hit)}
              </Link>
            }
          />
        ))}
      </Flex>
    );
  return (
    <Box tag="ul" role="listbox" id={`${idPrefix}-list`} aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {hits.map((hit, index) => (
        <Box
          tag="li"
          key={hitKey(hit)}
          id={`${idPrefix}-${index}`}
          role="option"
          aria-selected={index === activeIndex}
          data-active={index === activeIndex ? 'true' : undefined}
          background={index === activeIndex ? 'primary100' : undefined}
          paddingTop={2}
          paddingBottom={2}
          paddingLeft={3}
          paddingRight={3}
          hasRadius
          style={{ cursor: 'pointer' }}
          // The text field keeps the focus: the keyboard goes on moving through the list.
          onMouseDown={(event: React.MouseEvent) => event.preventDefault()}
          onMouseEnter={() => onHover?.(index)}
          onClick={() => onOpen(hit)}
        >
          <HitLine
            hit={hit}
            title={
              <Typography fontWeight="bold" textColor="primary600">
                {titleOf(hit)}
              </Typography>
            }
          />
        </Box>
      ))}
    </Box>
  );
};

/**
 * The search's requests (`GET /after-sales/queues/search`, ranked, 10 a page; the server masks
 * what the role may not read): the latest query's answer wins when answers cross.
 */
export const useSearchHits = (get: <T>(url: string) => Promise<{ data: T }>, locale: string) => {
  const [hits, setHits] = React.useState<SearchHit[] | null>(null);
  const [page, setPage] = React.useState(1);
  const [hasMore, setHasMore] = React.useState(false);
  const [error, setError] = React.useState<unknown>(null);
  const [loading, setLoading] = React.useState(false);
  const latest = React.useRef(0);
  const hitsRef = React.useRef<SearchHit[] | null>(null);

  const run = React.useCallback(
    async (q: string, nextPage = 1) => {
      const ticket = ++latest.current;
      setError(null);
      setLoading(true);
      try {
        const params = new URLSearchParams({ q: q.trim(), page: String(nextPage), locale });
        const { data } = await get<{ data: SearchHit[]; meta: { hasMore: boolean } }>(`/after-sales/queues/search?${params}`);
        if (ticket !== latest.current) return;
        hitsRef.current = nextPage === 1 ? data.data : [...(hitsRef.current ?? []), ...data.data];
        setHits(hitsRef.current);
        setHasMore(data.meta.hasMore);
        setPage(nextPage);
      } catch (e) {
        if (ticket !== latest.current) return;
        hitsRef.current = null;
        setHits(null);
        setError(e);
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    },
    [get, locale]
  );

  const clear = React.useCallback(() => {
    latest.current += 1;
    hitsRef.current = null;
    setHits(null);
    setHasMore(false);
    setError(null);
    setLoading(false);
  }, []);

  return { hits, page, hasMore, error, loading, run, clear };
};
