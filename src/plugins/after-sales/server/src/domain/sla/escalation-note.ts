/**
 * The note of an escalation step in the timeline (`resolveBy breached: notified department head
 * Wang Manager`), read back into a code and its values so the admin can say it in the user's
 * language (`sla.note.<code>`). The English note stays as written, for the audit trail and API clients.
 */
const STEP_NOTES: { code: string; pattern: RegExp }[] = [
  { code: 'notified-assignee', pattern: /^notified assignee (?<person>.+)$/ },
  { code: 'notified-head', pattern: /^notified department head (?<person>.+)$/ },
  { code: 'notified-after-sales-head', pattern: /^notified after-sales head (?<person>.+)$/ },
  { code: 'severity-raised', pattern: /^(?<field>\w+) raised from (?<from>\S+) to (?<to>\S+)$/ },
  { code: 'severity-unchanged', pattern: /^(?<field>\w+) already (?<value>\S+)$/ },
  { code: 'no-severity', pattern: /^no severity to raise$/ },
  { code: 'reassigned', pattern: /^reassigned from (?<from>.+) to department head (?<to>.+)$/ },
  { code: 'no-owner', pattern: /^not reassigned: the item has no owner$/ },
  { code: 'no-head', pattern: /^not reassigned: the department has no head$/ },
  { code: 'head-already-owner', pattern: /^not reassigned: the department head (?<person>.+) is already the (?<field>\w+)$/ },
  // A calendar change counted a running clock again (action `sla-recompute`, level `recomputed`).
  { code: 'due-recomputed', pattern: /^due (?<from>\S+) → (?<to>\S+) \(calendar "(?<calendar>[^"]+)" changed\)$/ },
  { code: 'step-unavailable', pattern: /^step "(?<step>[^"]+)" is not available/ },
];

export const ESCALATION_NOTE_CODES = STEP_NOTES.map((n) => n.code);

export const describeEscalationNote = (note: unknown): { code: string; values: Record<string, string> } | null => {
  if (typeof note !== 'string') return null;
  const head = /^(?<clock>\w+) (?<level>[a-z][a-z0-9-]*): (?<rest>.*)$/s.exec(note);
  if (!head?.groups) return null;
  for (const { code, pattern } of STEP_NOTES) {
    const match = pattern.exec(head.groups.rest);
    if (match) return { code, values: { clock: head.groups.clock, level: head.groups.level, ...(match.groups ?? {}) } };
  }
  return null;
};
