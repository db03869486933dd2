import * as React from 'react';
import { useForm, useQueryParams } from '@strapi/strapi/admin';
import { buildValidParams, unstable_useDocument as useDocument } from '@strapi/content-manager/strapi-admin';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Fields that never carry a person's typing: the workflow and the server own them (read-only in the form). */
const SERVER_FIELDS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'status', 'state', 'version', 'reference']);

/** A field both the person (unsaved) and someone else (saved) changed. */
export interface FieldConflict {
  name: string;
  yours: unknown;
  saved: unknown;
}

const unsavedIn = (values: Record<string, unknown> | undefined, initial: Record<string, unknown> | undefined) => {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (!SERVER_FIELDS.has(name) && !same(value, initial?.[name])) result[name] = value;
  }
  return result;
};

/**
 * The Content Manager form beside the panel, kept in step with the workflow without losing text.
 * The form replaces all its values whenever the document is read again (after a panel action,
 * and also after a refused save); this hook puts back what the person had typed and not saved,
 * except in the fields a panel action has just written, and records the fields that someone else
 * changed meanwhile as conflicts (both versions), so that nothing is overwritten unseen.
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
  const written = React.useRef<string[] | null>(null);
  const previous = React.useRef<{ values: Record<string, unknown>; initialValues: Record<string, unknown> } | null>(null);
  const [conflicts, setConflicts] = React.useState<FieldConflict[]>([]);

  const unsaved = React.useCallback(() => unsavedIn(values, initialValues), [values, initialValues]);

  /** Reads the document again (the form follows); `fields` were just written by a panel action and take the saved value. */
  const refresh = React.useCallback(
    async (fields: string[] = []) => {
      written.current = fields;
      await refetch();
    },
    [refetch]
  );

  // The form has just replaced its values with a newer read of the document: put the unsaved text back.
  React.useEffect(() => {
    const before = previous.current;
    if (!before || before.initialValues === initialValues) return;
    const skip = written.current ?? [];
    written.current = null;
    const found: FieldConflict[] = [];
    for (const [name, typed] of Object.entries(unsavedIn(before.values, before.initialValues))) {
      if (skip.includes(name) || same(initialValues?.[name], typed)) continue; // written by the action, or saved as typed
      onChange(name, typed);
      if (!same(initialValues?.[name], before.initialValues?.[name])) found.push({ name, yours: typed, saved: initialValues?.[name] });
    }
    if (found.length) setConflicts(found);
  }, [initialValues, onChange]);
  React.useEffect(() => {
    previous.current = { values, initialValues };
  });

  const formVersion = typeof initialValues?.version === 'number' ? (initialValues.version as number) : null;
  return {
    unsaved,
    refresh,
    formVersion,
    isSubmitting,
    conflicts,
    /** The person keeps their text (it is already in the form). */
    keepMine: () => setConflicts([]),
    /** The person takes the saved text for every conflicting field. */
    useSaved: () => {
      for (const conflict of conflicts) onChange(conflict.name, conflict.saved);
      setConflicts([]);
    },
  };
};
