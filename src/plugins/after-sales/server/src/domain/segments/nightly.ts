/**
 * When the nightly re-evaluation of segments is due: once per local calendar day, at or after the
 * configured hour in the business time zone. The job looks often (its interval); this says whether
 * tonight's run is still to be done. Pure, no Strapi.
 */
const localParts = (now: Date, timeZone: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(now).map((p) => [p.type, p.value])
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
};

/** The local day (YYYY-MM-DD) whose nightly run is due now, or null (too early, or done already). */
export const nightlyRunDue = (now: Date, timeZone: string, hour: number, lastRunDay: string | null | undefined): string | null => {
  const local = localParts(now, timeZone);
  if (local.hour < hour) return null;
  return lastRunDay && lastRunDay >= local.day ? null : local.day;
};
