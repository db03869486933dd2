/**
 * Staff notifications: the kinds, what each member chose for each kind, and when email goes out
 * at once or waits for the digest. No storage here; the notifications extension applies it.
 */
export const NOTIFICATION_KINDS = ['new-in-department', 'assigned', 'customer-replied', 'approval-waiting', 'department-informed', 'mentioned', 'about-to-breach'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Where a member wants one kind: the admin's list, email, both, or nowhere. */
export const DELIVERY_CHOICES = ['admin', 'email', 'both', 'off'] as const;
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number];
export type NotificationPreferences = Record<NotificationKind, DeliveryChoice>;

/**
 * In the admin only, until the member chooses otherwise: the SLA's own escalation email already
 * reaches the assignee of an item about to breach, and mail nobody asked for is mail nobody reads.
 */
export const DEFAULT_PREFERENCES: NotificationPreferences = Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, 'admin'])) as NotificationPreferences;

export const isNotificationKind = (value: unknown): value is NotificationKind => typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);

/** Saved choices over the defaults (unknown kinds and values from an older version are dropped). */
export const preferencesOf = (saved: unknown): NotificationPreferences => {
  const result = { ...DEFAULT_PREFERENCES };
  if (saved && typeof saved === 'object') {
    for (const [kind, choice] of Object.entries(saved as Record<string, unknown>)) {
      if (isNotificationKind(kind) && (DELIVERY_CHOICES as readonly unknown[]).includes(choice)) result[kind] = choice as DeliveryChoice;
    }
  }
  return result;
};

/** Checks a PUT of preferences: an object of kind → choice; the first problem names its field. */
export const checkPreferences = (input: unknown): { preferences: Partial<NotificationPreferences> } | { field: string; message: string } => {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { field: 'preferences', message: 'must be an object of notification kind → admin, email, both or off' };
  const preferences: Partial<NotificationPreferences> = {};
  for (const [kind, choice] of Object.entries(input as Record<string, unknown>)) {
    if (!isNotificationKind(kind)) return { field: `preferences.${kind}`, message: `unknown notification kind (one of ${NOTIFICATION_KINDS.join(', ')})` };
    if (!(DELIVERY_CHOICES as readonly unknown[]).includes(choice)) return { field: `preferences.${kind}`, message: `must be one of ${DELIVERY_CHOICES.join(', ')}` };
    preferences[kind] = choice as DeliveryChoice;
  }
  return { preferences };
};

export const deliveryOf = (preferences: NotificationPreferences, kind: NotificationKind) => {
  const choice = preferences[kind];
  return { admin: choice === 'admin' || choice === 'both', email: choice === 'email' || choice === 'both' };
};

/**
 * A member who got `emailedInLastHour` notification emails already gets this one at once while the
 * hour's count stays within `perHour`; beyond it, it waits for the next digest.
 */
export const emailTiming = (emailedInLastHour: number, perHour: number): 'now' | 'digest' => (emailedInLastHour < Math.max(0, perHour) ? 'now' : 'digest');

/** The admin language of a member (`preferedLanguage`); Chinese unless they chose English. */
export const languageOf = (preferedLanguage: string | null | undefined): 'zh-Hans' | 'en' => (preferedLanguage && preferedLanguage.toLowerCase().startsWith('en') ? 'en' : 'zh-Hans');
