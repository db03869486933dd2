import * as React from 'react';
import { useForm, useQueryParams } from '@strapi/strapi/admin';
import { buildValidParams, unstable_useDocument as useDocument } from '@strapi/content-manager/strapi-admin';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Fields that never carry a person's typing: the workflow and the server own them (read-only in the form). */
const SERVER_FIELDS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'status', 'state', 'version', 'reference']);

/**
 * The Content Manager form beside the panel, kept in step with the workflow without losing text:
 * after an action the document is read again (the form then shows the new state and version), and
 * what the person had typed and not saved yet is put back into the form, except in the fields the
 * action itself wrote.
 */
export const useFormSync = (model: string, documentId: string) => {
  const values = useForm('WorkflowPanel', (state) => state.values) as Record<string, unknown>;
  const initialValues = useForm('WorkflowPanel', (state) => state.initialValues) as Record<string, unknown>;
  const onChange = useForm('WorkflowPanel', (state) => state.onChange) as (name: string, value: unknown) => void;
  const isSubmitting = useForm('WorkflowPanel', (state) => state.isSubmitting) as boolean;
  // The same query (and so the same cache entry) as the edit view's own, so that refetching refreshes the form.
  const [{ query }] = useQueryParams();
  const params = React.useMemo(() => buildValidParams(query ?? {}), [query]);
  const { refetch } = useDocument({ model, collectionType: 'collection-types', documentId, params });
  const pending = React.useRef<{ fields: Record<string, unknown>; baseline: Record<string, unknown> } | null>(null);

  /** What the person typed in the form and has not saved (field → value). */
  const unsaved = React.useCallback((): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(values ?? {})) {
      if (!SERVER_FIELDS.has(name) && !same(value, initialValues?.[name])) result[name] = value;
    }
    return result;
  }, [values, initialValues]);

  /** Reads the document again, then puts the unsaved text back (except in `written`, the fields just saved by an action). */
  const refresh = React.useCallback(
    async (written: string[] = []) => {
      const keep = Object.fromEntries(Object.entries(unsaved()).filter(([name]) => !written.includes(name)));
      pending.current = { fields: keep, baseline: initialValues };
      await refetch();
    },
    [unsaved, initialValues, refetch]
  );

  // The form replaces its values when the document changes: put the unsaved text back right after.
  React.useEffect(() => {
    const restore = pending.current;
    if (!restore || initialValues === restore.baseline) return;
    pending.current = null;
    for (const [name, value] of Object.entries(restore.fields)) onChange(name, value);
  }, [initialValues, onChange]);

  const formVersion = typeof initialValues?.version === 'number' ? (initialValues.version as number) : null;
  return { values, unsaved, refresh, formVersion, isSubmitting, refreshing: () => pending.current !== null };
};
