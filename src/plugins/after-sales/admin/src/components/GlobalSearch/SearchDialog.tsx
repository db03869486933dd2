import * as React from 'react';
import { useIntl } from 'react-intl';
import { Box, Button, Field, Flex, Modal, TextInput, Typography } from '@strapi/design-system';
import { getTranslation } from '../../utils/getTranslation';
import { useServerErrors } from '../../utils/serverErrors';
import type { SearchHit } from '../../pages/Queues/types';
import { globalSearch } from './searchStore';
import { SearchResults, hitPath, useSearchHits } from './SearchResults';

/** Typing waits this long before it asks the server. */
const PAUSE_MS = 250;

/**
 * The global search dialog (Ctrl+K, ⌘K, "/", the menu's Search): the queue page's search as you
 * type, the same ranked answers; ↑/↓ move through them, Enter opens one (a case on the case screen,
 * a customer on the staff customer page), Esc closes. The focus stays in the text field.
 */
export const SearchDialog = ({ get, navigate, locale }: { get: <T>(url: string) => Promise<{ data: T }>; navigate: (to: string) => void; locale: string }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) => formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { describe } = useServerErrors();
  const { open, query } = React.useSyncExternalStore(globalSearch.subscribe, globalSearch.get);
  const { hits, page, hasMore, error, loading, run, clear } = useSearchHits(get, locale);
  const [active, setActive] = React.useState(0);
  const input = React.useRef<HTMLInputElement>(null);

  React.useEffect(() => {
    if (!open) return;
    if (query.trim().length < 2) {
      clear();
      return;
    }
    const timer = window.setTimeout(() => void run(query, 1), PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [open, query, run, clear]);

  // A new answer starts at its first line; more lines keep the place.
  React.useEffect(() => {
    if (page === 1) setActive(0);
  }, [hits, page]);

  React.useEffect(() => {
    document.getElementById(`global-search-hit-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const openHit = (hit: SearchHit) => {
    globalSearch.close();
    navigate(hitPath(hit));
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const count = hits?.length ?? 0;
    if (event.key === 'ArrowDown' && count) setActive((a) => Math.min(count - 1, a + 1));
    else if (event.key === 'ArrowUp' && count) setActive((a) => Math.max(0, a - 1));
    else if (event.key === 'Home' && count && event.ctrlKey) setActive(0);
    else if (event.key === 'End' && count && event.ctrlKey) setActive(count - 1);
    else if (event.key === 'Enter') {
      if (hits?.[active]) openHit(hits[active]);
    } else return;
    event.preventDefault();
  };

  const listLabel = t('search.results', 'Cases and customers found');
  const status =
    query.trim().length < 2
      ? t('search.typeMore', 'Type at least 2 characters.')
      : loading && !hits
        ? t('search.searching', 'Searching…')
        : hits && !hits.length
          ? t('queues.search.none', 'Nothing found.')
          : '';

  return (
    <Modal.Root open={open} onOpenChange={(next) => (next ? globalSearch.open() : globalSearch.close())}>
      <Modal.Content
        data-global-search=""
        data-testid="global-search"
        // Esc closes it whatever else is open: Radix counts its layers (tooltips, menus) across the admin's React
        // root and this one, and lets only the newest take Esc, which may be a tooltip of the page behind.
        onKeyDown={(event: React.KeyboardEvent) => {
          if (event.key !== 'Escape') return;
          event.preventDefault();
          globalSearch.close();
        }}
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          input.current?.focus();
          input.current?.select();
        }}
      >
        <Modal.Header closeLabel={t('search.close', 'Close the search')}>
          <Modal.Title>{t('search.title', 'Search cases and customers')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={3}>
            <Field.Root name="global-search" hint={t('queues.search.hint', 'Reference, phone or email, customer name, or words of what the customer said')}>
              <Field.Label>{t('queues.search.label', 'Find a case or a customer')}</Field.Label>
              <TextInput
                ref={input}
                value={query}
                autoComplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-expanded={!!hits?.length}
                aria-controls="global-search-hit-list"
                aria-activedescendant={hits?.length ? `global-search-hit-${active}` : undefined}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => globalSearch.setQuery(e.target.value)}
                onKeyDown={onKeyDown}
              />
              <Field.Hint />
            </Field.Root>
            <Box aria-live="polite">
              {error ? (
                <Typography textColor="danger600">{describe(error, t('queues.search.failed', 'The search failed.'))}</Typography>
              ) : status ? (
                <Typography textColor="neutral600">{status}</Typography>
              ) : null}
            </Box>
            {hits?.length ? (
              <Box maxHeight="50vh" overflow="auto">
                <SearchResults hits={hits} activeIndex={active} onOpen={openHit} onHover={setActive} idPrefix="global-search-hit" label={listLabel} />
                {hasMore && (
                  <Box paddingTop={2}>
                    <Button variant="tertiary" onClick={() => void run(query, page + 1)}>
                      {t('queues.search.more', 'Show 10 more')}
                    </Button>
                  </Box>
                )}
              </Box>
            ) : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Typography variant="pi" textColor="neutral600">
            {t('search.keys', '↑ ↓ move · Enter opens · Esc closes · Ctrl+K or / opens this search on any page')}
          </Typography>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
