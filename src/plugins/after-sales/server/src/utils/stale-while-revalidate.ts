/**
 * A small in-process cache of figures that are costly to compute and may be a little old
 * (stale-while-revalidate): an entry younger than `freshMs` is served as it is; one younger than
 * `staleMs` is served as well while one refresh runs in the background; an older one, or none, is
 * computed while the caller waits. Callers asking for the same key at the same time share one
 * computation (sixteen agents opening the dashboard at nine start one count, not sixteen).
 *
 * A computation says whether its value may be kept (`keep`): figures cheap to compute again are
 * not, so they are always exact. Each process has its own cache (several instances: several
 * caches, each at most `staleMs` behind). Entries beyond `maxEntries` go, the least recently used first.
 */
export interface Computed<T> {
  value: T;
  /** Whether the value may be served again (false: computed for every caller). */
  keep: boolean;
}

export interface Served<T> {
  value: T;
  /** When the value was computed (epoch ms). */
  computedAt: number;
  /** Whether the value is kept (served to later callers too, up to `staleMs` old). */
  kept: boolean;
}

interface Entry<T> {
  value: T;
  computedAt: number;
  refreshing: boolean;
}

export interface StaleWhileRevalidateOptions {
  freshMs: () => number;
  staleMs: () => number;
  maxEntries: number;
  /** The wall clock (epoch ms). */
  now?: () => number;
  /** A background refresh that failed (the stale value stays until `staleMs`). */
  onRefreshError?: (key: string, error: unknown) => void;
}

export const staleWhileRevalidate = <T>({ freshMs, staleMs, maxEntries, now = Date.now, onRefreshError }: StaleWhileRevalidateOptions) => {
  const entries = new Map<string, Entry<T>>();
  const pending = new Map<string, Promise<Served<T>>>();

  /** One computation per key at a time; a kept value is stored (most recently used last). */
  const compute = (key: string, run: () => Promise<Computed<T>>): Promise<Served<T>> => {
    const running = pending.get(key);
    if (running) return running;
    const started = now();
    const promise = run()
      .then(({ value, keep }) => {
        entries.delete(key);
        if (keep) {
          entries.set(key, { value, computedAt: started, refreshing: false });
          while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
        }
        return { value, computedAt: started, kept: keep };
      })
      .finally(() => pending.delete(key));
    pending.set(key, promise);
    return promise;
  };

  return {
    async get(key: string, run: () => Promise<Computed<T>>): Promise<Served<T>> {
      const entry = entries.get(key);
      const age = entry ? now() - entry.computedAt : Infinity;
      if (entry && age < staleMs()) {
        // Most recently used last.
        entries.delete(key);
        entries.set(key, entry);
        if (age >= freshMs() && !entry.refreshing) {
          entry.refreshing = true;
          compute(key, run).catch((error: unknown) => {
            entry.refreshing = false;
            onRefreshError?.(key, error);
          });
        }
        return { value: entry.value, computedAt: entry.computedAt, kept: true };
      }
      return compute(key, run);
    },
    /** Forgets every entry (tests; a settings change). */
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
};
