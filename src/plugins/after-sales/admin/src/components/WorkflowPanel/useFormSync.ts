import * as React from 'react';
import { useForm, useQueryParams } from '@strapi/strapi/admin';
import { buildValidParams, unstable_useDocument as useDocument } from '@strapi/content-manager/strapi-admin';

type Values = Record<string, unknown>;

const scalar = (value: unknown) => value === null || value === undefined || typeof value !== 'object';
/** Empty text and no value are the same to a person. */
const same = (a: unknown, b: unknown) => JSON.stringify(a === '' || a === undefined ? null : a) === JSON.stringify(b === '' || b === undefined ? null : b);

/** Fields that never carry a person's typing: the workflow and the server own them (read-only in the form). */
const SERVER_FIELDS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'status', 'state', 'version', 'reference']);

/** A field both the person (not saved) and someone else (saved) changed. */
export interface FieldConflict {
  name: string;
  yours: unknown;
  saved: unknown;
}

/** Text typed in the form and not in the stored document (scalar fields a person edits). */
const typedIn = (values: Values | undefined, stored: Values | undefined) => {
  const result: Values = {};
  if (!stored) return result;
  for (const [name, value] of Object.entries(values ?? {})) {
    if (!SERVER_FIELDS.has(name) && name in stored && scalar(value) && scalar(stored[name]) && !same(value, stored[name])) result[name] = value;
  }
  return result;
};

/**
 * The Content Manager form beside the panel, kept in step with the workflow without losing text.
 * The form replaces all its values whenever the document is read again: after a panel action, and
 * also after a refused save (the Content Manager then re-reads the item). This hook compares the
 * form with the stored document (the edit view's own query), and when a newer document arrives
 * puts back what the person had typed and not saved, except in the fields a panel action has just
 * written; a field someone else changed meanwhile becomes a conflict (both versions shown), so that
 * nothing is overwritten unseen.
 */
export const useFormSync = (model: string, documentId: string) => {
  const values = useForm('WorkflowPanel', (state) => state.values) as Values;
  const initialValues = useForm('WorkflowPanel', (state) => state.initialValues) as Values;
  const onChange = useForm('WorkflowPanel', (state) => state.onChange) as (name: string, value: unknown) => void;
  const isSubmitting = useForm('WorkflowPanel', (state) => state.isSubmitting) as boolean;
  // The same query (and so the same cache entry) as the edit view's own, so that refetching refreshes the form.
  const [{ query }] = useQueryParams();
  const params = React.useMemo(() => buildValidParams(query ?? {}), [query]);
  const { document, refetch } = useDocument({ model, collectionType: 'collection-types', documentId, params });
  const stored = document as Values | undefined;
  const written = React.useRef<string[]>([]);
  const previous = React.useRef<{ values: Values; stored: Values | undefined } | null>(null);
  const restore = React.useRef<Values | null>(null);
  const [conflicts, setConflicts] = React.useState<FieldConflict[]>([]);

  const unsaved = React.useCallback(() => typedIn(values, stored), [values, stored]);

  /** Reads the document again (the form follows); `fields` were just written by a panel action and take the saved value. */
  const refresh = React.useCallback(
    async (fields: string[] = []) => {
      written.current = fields;
      await refetch();
    },
    [refetch]
  );

  // A newer document: remember the unsaved text (and the conflicts) to put back once the form has reset.
  React.useEffect(() => {
    const before = previous.current;
    if (!before?.stored || !stored || before.stored === stored) return;
    const skip = written.current;
    written.current = [];
    const keep: Values = {};
    const found: FieldConflict[] = [];
    for (const [name, typed] of Object.entries(typedIn(before.values, before.stored))) {
      if (skip.includes(name) || same(stored[name], typed)) continue; // written by the action, or saved as typed
      keep[name] = typed;
      if (!same(stored[name], before.stored[name])) found.push({ name, yours: typed, saved: stored[name] });
    }
    restore.current = Object.keys(keep).length ? keep : null;
    if (found.length) setConflicts(found);
  }, [stored]);
  // The form has replaced its values with the newer document (its effect runs after this component's): put the text back.
  React.useEffect(() => {
    const keep = restore.current;
    if (!keep) return;
    restore.current = null;
    for (const [name, value] of Object.entries(keep)) onChange(name, value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialValues]);
  React.useEffect(() => {
    previous.current = { values, stored };
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
