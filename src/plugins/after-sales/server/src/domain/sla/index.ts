/** Business calendars and SLA deadline arithmetic: pure, no Strapi. */
export * from './calendar';
export { DAY_MS, addDays, isIsoDate, weekdayOf } from './local-date';
export { instantAt, isValidTimeZone, offsetAt, wallClockAt, type WallClock } from './zoned-time';
export * from './business-time';
export * from './target';
export * from './clock-state';
export * from './ics';
export * from './default-calendar';
