import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { fieldErrors } from './shared';

/**
 * The state of a settings page that edits one row of a list at a time (SLA calendars, SLA
 * policies): the rows, the chosen one and its draft, the field errors of the last save, and
 * reloading (keeping a row chosen by id). `fetchRows` must be stable (React.useCallback).
 */
export const useEditableList = <Row extends { id: string }, Draft>({
  fetchRows,
  draftOf,
  preferred,
  onSelect,
}: {
  fetchRows: () => Promise<Row[]>;
  draftOf: (row: Row) => Draft;
  /** The row chosen when none is asked for (else the first). */
  preferred: (rows: Row[]) => Row | undefined;
  /** Page state that follows the chosen row (its "active" or "default" toggle…). */
  onSelect?: (row: Row) => void;
}) => {
  const { del } = useFetchClient();
  const [rows, setRows] = React.useState<Row[] | null>(null);
  const [selected, setSelected] = React.useState<string | null>(null);
  const [draft, setDraft] = React.useState<Draft | null>(null);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [failed, setFailed] = React.useState<unknown>(null);
  const callbacks = React.useRef({ draftOf, preferred, onSelect });
  callbacks.current = { draftOf, preferred, onSelect };

  const select = React.useCallback((row: Row) => {
    setSelected(row.id);
    setDraft(structuredClone(callbacks.current.draftOf(row)));
    setErrors({});
    callbacks.current.onSelect?.(row);
  }, []);

  const reload = React.useCallback(
    async (keep?: string) => {
      try {
        const list = await fetchRows();
        setRows(list);
        const pick = list.find((r) => r.id === keep) ?? callbacks.current.preferred(list) ?? list[0];
        if (pick) select(pick);
      } catch (error) {
        setFailed(error ?? true);
      }
    },
    [fetchRows, select]
  );
  React.useEffect(() => {
    reload();
  }, [reload]);

  const row = rows?.find((r) => r.id === selected) ?? null;
  return {
    rows,
    row,
    selected,
    draft,
    setDraft,
    errors,
    setErrors,
    failed,
    reload,
    choose: (id: string) => {
      const next = rows?.find((r) => r.id === id);
      if (next) select(next);
    },
    /** Deletes the chosen row at `url` and reloads; a refusal (the default calendar…) shows as errors. */
    remove: async (url: string) => {
      try {
        await del(url);
        await reload();
      } catch (error) {
        setErrors(fieldErrors(error));
      }
    },
  };
};
