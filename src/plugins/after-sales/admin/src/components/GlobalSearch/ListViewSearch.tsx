import * as React from 'react';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import { Box, TextInput } from '@strapi/design-system';
import { Search } from '@strapi/icons';
import { getTranslation } from '../../utils/getTranslation';
import { useWorkflowContentTypes } from '../../utils/itemKinds';
import { globalSearch } from './searchStore';

/**
 * What is typed in the box, kept outside the component: the Content Manager draws its list's header
 * again while it fetches (its first load, a sort, a page), and a staff member's half-typed text must
 * not vanish with the old header. Another list starts empty.
 */
let draft = { slug: '', text: '' };

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
  const [text, setDraft] = React.useState(() => (draft.slug === slug ? draft.text : ''));
  const setText = (next: string) => {
    draft = { slug: slug ?? '', text: next };
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
