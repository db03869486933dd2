import * as React from 'react';
import { useForm, useQueryParams } from '@strapi/strapi/admin';
import { buildValidParams, unstable_useDocument as useDocument } from '@strapi/content-manager/strapi-admin';

type Values = Record<string, unknown>;

const scalar = (value: unknown) => value === null || value === undefined || typeof value !== 'object';
/** Empty text and no value are the same to a person. */
const same = (a: unknown, b: unknown) => JSON.stringify(a === '' || a === undefined ? null : a) === JSON.stringify(b === '' || b === undefined ? null : b);

/** Fields that never carry a person's typing: the workflow and the server own them (read-only in the form). */
const SERVER_FIELDS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations', 'status', 'state', 'version', 'reference']);

/**
 * What the person typed and has not saved, per document, kept beyond the panel's own life: the edit
 * view may mount the form (and this panel) again while it reads the document again, which would
 * otherwise drop the text. Kept for two minutes after the panel was last drawn, so an old draft does not
 * come back days later.
 */
const KEEP_TYPED_MS = 120_000;
const keptTyping = new Map<string, { values: Values; at: number }>();

/** A field both the person (not saved) and someone else (saved) changed. */
export interface FieldConflict {
  name: string;
  yours: unknown;
  saved: unknown;
}

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
  /** The stored document at the last version read: the Content Manager patches its cached copy with a refused save's values, at the same version. */
  const baseline = React.useRef<Values | null>(null);
  /** What the person typed and has not saved (field → value), kept across the form's resets. */
  const key = `${model}:${documentId}`;
  const [keptOnMount] = React.useState<Values>(() => {
    const kept = keptTyping.get(key);
    return kept && Date.now() - kept.at < KEEP_TYPED_MS ? { ...kept.values } : {};
  });
  const typed = React.useRef<Values>(keptOnMount);
  const [conflicts, setConflicts] = React.useState<FieldConflict[]>([]);

  const versionOf = (doc: Values | null | undefined) => (typeof doc?.version === 'number' ? (doc.version as number) : -1);

  // Follow the typing (not the form's resets, which replace every value): a field differing from the
  // baseline is unsaved text; one the person set back to it is not.
  const lastInitial = React.useRef(initialValues);
  const reset = lastInitial.current !== initialValues;
  lastInitial.current = initialValues;
  // Before the stored document is first read here, the form's own initial values are what is stored: text
  // typed in that moment (a quick typist, a slow machine) counts too.
  const reference = baseline.current ?? (stored ? null : initialValues);
  if (reference && !reset) {
    for (const [name, value] of Object.entries(values ?? {})) {
      if (SERVER_FIELDS.has(name) || !(name in reference) || !scalar(value) || !scalar(reference[name])) continue;
      if (same(value, reference[name])) delete typed.current[name];
      // Typed = changed in the form (its own initial values) and not what is stored; a render between a newer
      // document and the form's reset shows old values against the new baseline, which is not typing.
      else if (!same(value, initialValues?.[name])) typed.current[name] = value;
    }
  }

  // Kept beyond this panel's life (see keptTyping) after every render, or forgotten when nothing is unsaved.
  const keep = React.useCallback(() => {
    if (Object.keys(typed.current).length) keptTyping.set(key, { values: { ...typed.current }, at: Date.now() });
    else keptTyping.delete(key);
  }, [key]);
  React.useEffect(keep);

  // Text typed into a text field is also noted the moment it is typed, not only when a render shows it: a
  // keystroke that React handles in the same batch as the form's reset (a newer document arriving just then)
  // is drawn only in that reset render, which the loop above must skip, and would be lost at the next reset.
  React.useEffect(() => {
    const onInput = (event: Event) => {
      const field = event.target as HTMLInputElement | HTMLTextAreaElement | null;
      if (!field || !(field instanceof HTMLTextAreaElement || (field instanceof HTMLInputElement && field.type === 'text'))) return;
      const name = field.name;
      // Only the edit form's own fields: not a dialog's (an action's form), not the panel's.
      if (!name || SERVER_FIELDS.has(name) || !field.closest('form') || field.closest('[role="dialog"], [data-testid="workflow-panel"]')) return;
      const saved = baseline.current ?? lastInitial.current;
      if (!saved || !(name in saved) || !scalar(saved[name])) return;
      if (same(field.value, saved[name])) delete typed.current[name];
      else typed.current[name] = field.value;
      keep();
    };
    window.document.addEventListener('input', onInput, true);
    return () => window.document.removeEventListener('input', onInput, true);
  }, [keep]);

  const unsaved = React.useCallback(() => ({ ...typed.current }), []);

  /** Reads the document again (the form follows); `fields` were just written by a panel action and take the saved value. */
  const refresh = React.useCallback(
    async (fields: string[] = []) => {
      written.current = fields;
      await refetch();
    },
    [refetch]
  );

  // A newer version of the document: drop the text it saved or an action wrote; note the fields someone else changed too.
  React.useEffect(() => {
    if (!stored) return;
    const before = baseline.current;
    if (before && versionOf(stored) <= versionOf(before)) return;
    baseline.current = stored;
    if (!before) return;
    const skip = written.current;
    written.current = [];
    const found: FieldConflict[] = [];
    for (const [name, value] of Object.entries(typed.current)) {
      if (skip.includes(name) || same(stored[name], value)) {
        delete typed.current[name]; // written by the action, or saved as typed
        continue;
      }
      if (!same(stored[name], before[name])) found.push({ name, yours: value, saved: stored[name] });
    }
    if (found.length) setConflicts(found);
  }, [stored]);
  // The form has replaced its values (a newer document, or a refused save rolled back): put the unsaved text back.
  // A layout effect: React draws the put-back values before the browser paints, so no frame (and nothing reading
  // the page meanwhile) shows the field emptied; a passive effect ran after the paint, and the text blinked out.
  React.useLayoutEffect(() => {
    for (const [name, value] of Object.entries(typed.current)) if (!same(values?.[name], value)) onChange(name, value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialValues]);

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
      for (const conflict of conflicts) {
        delete typed.current[conflict.name];
        onChange(conflict.name, conflict.saved);
      }
      setConflicts([]);
    },
  };
};
