/**
 * jest setupFilesAfterEnv: on SQLite the app has a single connection, held by a transaction while it runs. A
 * statement sent inside a transaction but outside it (a raw `strapi.db.connection(...)` in a document middleware
 * that an erasure runs, say) waits for that connection until the pool gives up after 60 s, and its error often
 * ends in a catch that only logs: the test passes a minute later with the work not done. Here a test fails when
 * one of its statements waited more than 10 s for the connection, naming where that statement was sent from.
 * (No statement of the whole SQLite suite waited 1.5 s for it, with three files at once.)
 */
/* global afterEach */
const path = require('node:path');
const { nativeRequire } = require('./worker-realm');

// The knex that Strapi uses: loaded with Node's require once per jest worker (worker-realm.js), so it is patched
// once per worker, and each test file starts with no waits recorded.
const Client = nativeRequire(nativeRequire.resolve('knex/lib/client.js', { paths: [path.dirname(nativeRequire.resolve('@strapi/database'))] }));
const LIMIT_MS = 10_000;
if (!Client.prototype.afterSalesWaits) {
  const waits = [];
  const acquire = Client.prototype.acquireConnection;
  Client.prototype.afterSalesWaits = waits;
  Client.prototype.acquireConnection = async function (...args) {
    if (this.driverName !== 'better-sqlite3') return acquire.apply(this, args);
    // Only a statement that finds the connection taken can wait; its stack is kept unformatted (jest formats a
    // stack through the source maps when it is read, too slow to do for every statement).
    const pool = this.pool;
    const taken = !pool || pool.numFree() === 0 || pool.numPendingAcquires() > 0;
    const sentFrom = taken ? new Error('sent from') : null;
    const started = Date.now();
    try {
      return await acquire.apply(this, args);
    } finally {
      const waited = Date.now() - started;
      if (waited > LIMIT_MS) waits.push({ waited, sentFrom });
    }
  };
}
const waits = Client.prototype.afterSalesWaits;
waits.splice(0);

afterEach(() => {
  if (!waits.length) return;
  // The longest wait is the first statement sent while the connection was held; the others may only have queued behind it.
  const [first, ...others] = waits.splice(0).sort((a, b) => b.waited - a.waited);
  throw new Error(
    `A statement waited ${first.waited} ms for SQLite's only connection, held by a transaction it was not part of` +
      `${others.length ? ` (${others.length} more queued behind it)` : ''}: ${first.sentFrom ? first.sentFrom.stack : 'sent while the connection was free'}`
  );
});
