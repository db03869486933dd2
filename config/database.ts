import path from 'path';

/**
 * SQLite (better-sqlite3) by default, at .tmp/data.db or DATABASE_FILENAME.
 * PostgreSQL when DATABASE_CLIENT=postgres, with DATABASE_URL (and optionally DATABASE_SCHEMA).
 */
const parallelWorkers = (text: string): { options?: string } => {
  const workers = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || workers < -1) {
    throw new Error(`DATABASE_PARALLEL_WORKERS must be -1 (the server's setting) or a whole number of workers, got "${text}"`);
  }
  return workers === -1 ? {} : { options: `-c max_parallel_workers_per_gather=${workers}` };
};

export default ({ env }: { env: any }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: env('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/test'),
          schema: env('DATABASE_SCHEMA', 'public'),
          ssl: env.bool('DATABASE_SSL', false) ? { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) } : false,
          // PostgreSQL's parallel workers per query on the app's connections; -1 (the default) leaves the server's
          // setting (PostgreSQL's own default is 2). 0 made the dashboard and the common-word search faster at a
          // million items and the Content Manager's list, some queue views and the monthly report slower
          // (bench/README.md, 2026-12-07): a trade-off for the operator, not a default.
          ...parallelWorkers(String(env('DATABASE_PARALLEL_WORKERS', '-1'))),
        },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }
  if (client !== 'sqlite') {
    throw new Error(`DATABASE_CLIENT must be "sqlite" or "postgres", got "${client}"`);
  }
  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(process.cwd(), env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
    },
  };
};
