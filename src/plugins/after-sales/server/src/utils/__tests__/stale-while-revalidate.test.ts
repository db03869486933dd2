import { staleWhileRevalidate, type Computed } from '../stale-while-revalidate';

/** A computation the test finishes by hand. */
const deferred = <T>() => {
  let resolve!: (value: Computed<T>) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<Computed<T>>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
};

describe('staleWhileRevalidate', () => {
  let time = 1_000_000;
  const cache = (maxEntries = 10) => staleWhileRevalidate<number>({ freshMs: () => 30_000, staleMs: () => 300_000, maxEntries, now: () => time });
  beforeEach(() => {
    time = 1_000_000;
  });

  it('serves a kept value while fresh, computed once', async () => {
    const c = cache();
    const run = jest.fn(async () => ({ value: 1, keep: true }));
    expect(await c.get('a', run)).toEqual({ value: 1, computedAt: 1_000_000, kept: true });
    time += 29_000;
    expect(await c.get('a', run)).toEqual({ value: 1, computedAt: 1_000_000, kept: true });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('computes a value not kept for every caller', async () => {
    const c = cache();
    let n = 0;
    const run = async () => ({ value: ++n, keep: false });
    expect(await c.get('a', run)).toEqual({ value: 1, computedAt: 1_000_000, kept: false });
    expect((await c.get('a', run)).value).toBe(2);
    expect(c.size).toBe(0);
  });

  it('shares one computation among callers asking at the same time', async () => {
    const c = cache();
    const pending = deferred<number>();
    const run = jest.fn(() => pending.promise);
    const both = Promise.all([c.get('a', run), c.get('a', run)]);
    pending.resolve({ value: 7, keep: false });
    expect((await both).map((s) => s.value)).toEqual([7, 7]);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('serves a stale value at once and refreshes it once in the background', async () => {
    const c = cache();
    await c.get('a', async () => ({ value: 1, keep: true }));
    time += 60_000;
    const refresh = deferred<number>();
    const run = jest.fn(() => refresh.promise);
    expect(await c.get('a', run)).toEqual({ value: 1, computedAt: 1_000_000, kept: true });
    expect(await c.get('a', run)).toEqual({ value: 1, computedAt: 1_000_000, kept: true });
    expect(run).toHaveBeenCalledTimes(1);
    refresh.resolve({ value: 2, keep: true });
    await refresh.promise;
    await new Promise((resolve) => setImmediate(resolve));
    expect(await c.get('a', run)).toEqual({ value: 2, computedAt: 1_060_000, kept: true });
  });

  it('computes again, waiting, past the stale limit', async () => {
    const c = cache();
    await c.get('a', async () => ({ value: 1, keep: true }));
    time += 300_000;
    expect(await c.get('a', async () => ({ value: 2, keep: true }))).toEqual({ value: 2, computedAt: 1_300_000, kept: true });
  });

  it('keeps the stale value when a background refresh fails, and tries again on the next request', async () => {
    const errors: unknown[] = [];
    const c = staleWhileRevalidate<number>({ freshMs: () => 30_000, staleMs: () => 300_000, maxEntries: 10, now: () => time, onRefreshError: (_key, error) => errors.push(error) });
    await c.get('a', async () => ({ value: 1, keep: true }));
    time += 60_000;
    expect((await c.get('a', async () => Promise.reject(new Error('database away')))).value).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toHaveLength(1);
    expect((await c.get('a', async () => ({ value: 3, keep: true }))).value).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await c.get('a', async () => ({ value: 4, keep: true }))).value).toBe(3);
  });

  it('drops a refreshed value that may no longer be kept', async () => {
    const c = cache();
    await c.get('a', async () => ({ value: 1, keep: true }));
    time += 60_000;
    await c.get('a', async () => ({ value: 2, keep: false }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.size).toBe(0);
    expect((await c.get('a', async () => ({ value: 5, keep: false }))).value).toBe(5);
  });

  it('holds at most maxEntries, dropping the least recently used', async () => {
    const c = cache(2);
    await c.get('a', async () => ({ value: 1, keep: true }));
    await c.get('b', async () => ({ value: 2, keep: true }));
    await c.get('a', async () => ({ value: 0, keep: true }));
    await c.get('c', async () => ({ value: 3, keep: true }));
    expect(c.size).toBe(2);
    expect((await c.get('a', async () => ({ value: 9, keep: true }))).value).toBe(1);
    expect((await c.get('b', async () => ({ value: 9, keep: true }))).value).toBe(9);
  });
});
