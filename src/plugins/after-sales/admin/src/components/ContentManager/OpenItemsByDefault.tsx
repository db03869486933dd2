import * as React from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { useFetchClient } from '@strapi/strapi/admin';
import { listSearch } from '../../utils/listLinks';
import { useWorkflowContentTypes } from '../../utils/itemKinds';

interface WorkflowState {
  id: string;
  category: string;
}
let doneStates: Promise<Record<string, string[]>> | null = null;

/**
 * Injected into the Content Manager's list view (zone `listView.actions`, renders nothing): a list
 * of feedback, complaints, service records or improvement records opened without a filter shows
 * the open items (state ≠ each finished state of its workflow). The finished ones are one click
 * away: remove the filter chips.
 */
export const OpenItemsByDefault = () => {
  const { slug } = useParams<{ slug: string }>();
  const location = useLocation();
  const navigate = useNavigate();
  const { get } = useFetchClient();
  const contentTypes = useWorkflowContentTypes();

  React.useEffect(() => {
    if (!slug || !contentTypes.includes(slug)) return;
    if (new URLSearchParams(location.search).toString().includes('filters')) return;
    let live = true;
    doneStates ??= get<{ data: { contentType: string; states: WorkflowState[] }[] }>('/after-sales/workflows')
      .then(({ data }) => Object.fromEntries(data.data.map((w) => [w.contentType, w.states.filter((s) => s.category === 'done').map((s) => s.id)])))
      .catch(() => ({}));
    doneStates.then((byType) => {
      const done = byType[slug] ?? [];
      if (!live || !done.length) return;
      navigate({ pathname: location.pathname, search: listSearch(done.map((state) => ({ field: 'state', operator: '$ne', value: state }))) }, { replace: true });
    });
    return () => {
      live = false;
    };
    // Only when the list is entered: removing the filter afterwards keeps it removed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [slug]);

  return null;
};
