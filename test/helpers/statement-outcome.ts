/**
 * What a raw database statement did: `changed <result>` when it succeeded, else the error message.
 *
 * Use this instead of `expect(query).rejects.toThrow()` for errors raised by the database driver.
 * better-sqlite3 builds its errors with the `SqliteError` class of the first test file that loaded
 * it in a jest worker (the native addon keeps that class for the life of the process), so in later
 * test files of the same worker the error is not `instanceof Error` of the test's realm and jest's
 * `toThrow` reports "did not throw". That made two tests fail only when they were not the first
 * file of their worker. A message is a message in every realm.
 */
export const statementOutcome = (statement: PromiseLike<unknown>): Promise<string> =>
  Promise.resolve(statement).then(
    (changed) => `changed ${JSON.stringify(changed)}`,
    (error: { message?: string }) => String(error?.message ?? error)
  );
