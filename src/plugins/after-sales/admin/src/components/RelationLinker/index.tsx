import { useEffect } from 'react';
import { useForm } from '@strapi/strapi/admin';
import { useWorkflowContentTypes } from '../../utils/itemKinds';

const CREATED = 'after-sales:document-created';
const COLLECTION = /\/content-manager\/collection-types\/([^/?]+)(\?|$)/;

/** Which field of an item a newly created record of a model fills, and the field naming it. */
const LINKS: Record<string, { field: string; mainField: string }> = {
  'api::customer.customer': { field: 'customer', mainField: 'name' },
  'api::product.product': { field: 'product', mainField: 'name' },
};

/**
 * Announces every record the Content Manager creates in this window (its relation pop-up creates
 * through the same API), so the item being created can link it.
 */
export const announceCreatedDocuments = () => {
  if (typeof window === 'undefined' || (window as any).__afterSalesFetch) return;
  const original = window.fetch.bind(window);
  (window as any).__afterSalesFetch = true;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    try {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
      const match = COLLECTION.exec(url);
      if (method === 'POST' && match && response.ok) {
        response
          .clone()
          .json()
          .then((body: { data?: Record<string, unknown> }) => {
            if (body?.data?.documentId) window.dispatchEvent(new CustomEvent(CREATED, { detail: { model: decodeURIComponent(match[1]), data: body.data } }));
          })
          .catch(() => undefined);
      }
    } catch {
      // announcing is a convenience; the request itself is untouched
    }
    return response;
  };
};

/**
 * Rendered (as nothing) beside the Save button of a feedback item, complaint or service record:
 * while one is being created, a customer (or product) created in the relation pop-up fills the
 * item's still empty field, as Strapi does itself for an item that already exists.
 */
const RelationLinkerEffect = () => {
  const onChange = useForm('AfterSalesRelationLinker', (state: any) => state.onChange);
  const getValues = useForm('AfterSalesRelationLinker', (state: any) => state.getValues ?? (() => state.values));
  useEffect(() => {
    const link = (event: Event) => {
      const { model, data } = (event as CustomEvent<{ model: string; data: Record<string, any> }>).detail;
      const target = LINKS[model];
      if (!target || !window.location.pathname.endsWith('/create')) return;
      const current = getValues()?.[target.field];
      if (current?.connect?.length) return;
      const label = String(data[target.mainField] ?? data.documentId);
      onChange(`${target.field}.connect`, [
        {
          id: data.id,
          apiData: { id: data.id, documentId: data.documentId, locale: data.locale ?? null, isTemporary: true },
          __temp_key__: 'a0',
          [target.mainField]: data[target.mainField],
          label,
          href: `../collection-types/${model}/${data.documentId}`,
        },
      ]);
    };
    window.addEventListener(CREATED, link);
    return () => window.removeEventListener(CREATED, link);
  }, [onChange, getValues]);
  return null;
};

export const RelationLinker = ({ slug }: { slug?: string }) => {
  const contentTypes = useWorkflowContentTypes();
  return slug && contentTypes.includes(slug) ? <RelationLinkerEffect /> : null;
};
