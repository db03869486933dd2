import * as React from 'react';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import { Box, TextInput } from '@strapi/design-system';
import { Search } from '@strapi/icons';
import { getTranslation } from '../../utils/getTranslation';
import { useWorkflowContentTypes } from '../../utils/itemKinds';
import { globalSearch } from './searchStore';

/**
 * Injected into the Content Manager's list view (zone `listView.actions`) of the item kinds: a box
 * that hands what is typed to the global search (Enter), whose answers are the queue page's. Not
 * shown to staff who may not search (no Search entry in their menu).
 */
export const ListViewSearch = () => {
  const { formatMessage } = useIntl();
  const { slug } = useParams<{ slug: string }>();
  const contentTypes = useWorkflowContentTypes();
  const canSearch = React.useSyncExternalStore(globalSearch.subscribe, globalSearch.hasHost);
  // Kept in the search store (see listDraftOf): the list's header, and this box with it, is drawn again while the list loads.
  const [text, setDraft] = React.useState(() => globalSearch.listDraftOf(slug ?? ''));
  const setText = (next: string) => {
    globalSearch.setListDraft(slug ?? '', next);
    setDraft(next);
  };
  if (!slug || !contentTypes.includes(slug) || !canSearch) return null;
  const label = formatMessage({ id: getTranslation('search.listBox'), defaultMessage: 'Find a case or a customer (Ctrl+K)' });
  return (
    <Box width="28rem">
      <TextInput
        aria-label={label}
        placeholder={label}
        startAction={<Search aria-hidden />}
        value={text}
        size="S"
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)}
        onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          // What the field holds now (the state may lag a keystroke behind a fast typist or a paste).
          globalSearch.open(e.currentTarget.value.trim());
          setText('');
        }}
      />
    </Box>
  );
};
