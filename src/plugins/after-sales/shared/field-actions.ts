/** Shapes of field actions and recalls shared by the server (extension after-sales.field-actions) and the admin. */

export const FIELD_ACTION_KINDS = ['onsite-replacement', 'mail-in-repair', 'exchange'] as const;
export type FieldActionKind = (typeof FIELD_ACTION_KINDS)[number];

/** How many units of a field action (or of all of a record's) are done, refused, unreachable, still open. */
export interface FieldActionProgress {
  total: number;
  done: number;
  refused: number;
  unreachable: number;
  open: number;
  /** Done of all units, in whole percent (0 without units). */
  percentDone: number;
  /** Done, refused or unreachable: no longer waiting, in whole percent. */
  percentSettled: number;
}
