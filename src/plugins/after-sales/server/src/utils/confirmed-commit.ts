import type { Core } from '@strapi/strapi';

type Transactor = { executionPromise?: Promise<unknown> };
type TransactionFn = (cb?: (params: { trx: Transactor } & Record<string, unknown>) => unknown) => Promise<unknown>;

const CONFIRMED = Symbol.for('after-sales.confirmed-commit');

/**
 * Makes `strapi.db.transaction` fail when its COMMIT fails.
 *
 * Strapi ends a transaction with knex's `trx.commit()`, and knex resolves that call even when the
 * COMMIT statement fails (the connection was cut by a database restart, a deferred constraint
 * failed): the error only rejects the transaction's `executionPromise` (knex issues #3847 and
 * #6141). Strapi's `transaction()` then returns as if everything was stored, so an intake answered
 * 201 with a reference whose item was never written; the fault test saw it once, as a reference
 * handed to two customers. Here the outermost transaction waits for that promise after the commit,
 * so a failed COMMIT throws to the caller (the client gets a 5xx and retries with its
 * Idempotency-Key) — on every path: the intake, the document service, the Content Manager, the
 * engine. A nested call shares its outer transaction and is left alone (its commit is the outer one).
 */
export const confirmCommits = (strapi: Core.Strapi) => {
  const db = strapi.db as unknown as { transaction: TransactionFn & { [CONFIRMED]?: true }; inTransaction(): boolean };
  if (db.transaction[CONFIRMED]) return;
  const original = db.transaction.bind(db) as TransactionFn;
  const confirmed = (async (cb?: Parameters<TransactionFn>[0]) => {
    if (!cb || db.inTransaction()) return original(cb);
    let outer: Transactor | undefined;
    const result = await original((params) => {
      outer = params.trx;
      return cb(params);
    });
    // Settled by now: resolved on a commit, rejected with the driver's error when COMMIT failed.
    await outer?.executionPromise;
    return result;
  }) as TransactionFn & { [CONFIRMED]?: true };
  confirmed[CONFIRMED] = true;
  db.transaction = confirmed;
};
