/** How urgent a running SLA clock is, from the working time left on it. */
export type Urgency = 'breached' | 'at-risk' | 'on-track';

/** Working time left below which a clock shows as at risk on the dashboard (half a working day). */
const AT_RISK_WORKING_MS = 4 * 60 * 60 * 1000;

export const urgencyOf = (remainingWorkingMs: number, atRiskMs = AT_RISK_WORKING_MS): Urgency => (remainingWorkingMs < 0 ? 'breached' : remainingWorkingMs <= atRiskMs ? 'at-risk' : 'on-track');

/** The most pressing of a record's clocks: the one with the least working time left. */
export const mostPressing = <C extends { remainingWorkingMs: number; paused?: boolean }>(clocks: C[]): C | null =>
  clocks.filter((c) => !c.paused).reduce<C | null>((best, c) => (best === null || c.remainingWorkingMs < best.remainingWorkingMs ? c : best), null);
