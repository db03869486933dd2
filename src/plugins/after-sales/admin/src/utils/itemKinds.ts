import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { WORKFLOW_CONTENT_TYPES } from '../components/WorkflowPanel/types';

/** An item kind as `GET /after-sales/item-kinds` lists it (server: `contributes.itemKinds`). */
export interface ItemKindSummary {
  id: string;
  contentType: string;
  referencePrefix: string;
  clocks?: { field: string }[];
}

let cache: ItemKindSummary[] | null = null;
let pending: Promise<ItemKindSummary[] | null> | null = null;

/** The item kinds of the usable extensions, asked once per admin session (null until the server answers). */
export const useItemKinds = (): ItemKindSummary[] | null => {
  const { get } = useFetchClient();
  const [kinds, setKinds] = React.useState<ItemKindSummary[] | null>(cache);
  React.useEffect(() => {
    if (cache) return;
    let live = true;
    pending ??= get<{ data: ItemKindSummary[] }>('/after-sales/item-kinds')
      .then(({ data }) => (cache = data.data))
      .catch(() => {
        pending = null;
        return null;
      });
    pending.then((found) => live && found && setKinds(found));
    return () => {
      live = false;
    };
  }, [get]);
  return kinds;
};

/** Content types run by a workflow with an item kind: the server's list, the built-ins until it answers. */
export const useWorkflowContentTypes = (): string[] => {
  const kinds = useItemKinds();
  return kinds ? kinds.map((kind) => kind.contentType) : WORKFLOW_CONTENT_TYPES;
};
