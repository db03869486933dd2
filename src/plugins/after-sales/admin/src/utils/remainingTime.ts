const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A working day on the default calendar (09:00–12:00 and 13:30–18:30). */
const WORKING_DAY = 8 * HOUR;

/** Working time as days, hours and minutes: `1 d 2 h`, `3 h 20 min`, `45 min`. */
export const workingDuration = (ms: number, units: { day: string; hour: string; minute: string }) => {
  const abs = Math.abs(ms);
  const days = Math.floor(abs / WORKING_DAY);
  const hours = Math.floor((abs % WORKING_DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  const parts = [days ? `${days} ${units.day}` : '', hours ? `${hours} ${units.hour}` : '', !days && minutes ? `${minutes} ${units.minute}` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : `0 ${units.minute}`;
};
