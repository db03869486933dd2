import type { Core } from '@strapi/strapi';

/**
 * The one place that reads the time. Tests (and the test-clock route, when enabled) set it;
 * everything else asks `now()`.
 */
const clock = (_: { strapi: Core.Strapi }) => {
  let frozen: Date | null = null;
  return {
    now(): Date {
      return frozen ? new Date(frozen.getTime()) : new Date();
    },
    set(instant: Date | null) {
      frozen = instant ? new Date(instant.getTime()) : null;
    },
    isFrozen(): boolean {
      return frozen !== null;
    },
  };
};

export default clock;
