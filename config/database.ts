import path from 'path';

/**
 * SQLite (better-sqlite3) by default, at .tmp/data.db or DATABASE_FILENAME.
 * PostgreSQL when DATABASE_CLIENT=postgres, with DATABASE_URL (and optionally DATABASE_SCHEMA).
 */
/**
 * PostgreSQL's parallel query settings on every connection of the app, as startup options: the workers per query
 * (`DATABASE_PARALLEL_WORKERS`, `max_parallel_workers_per_gather`) and the planner's cost of starting them
 * (`DATABASE_PARALLEL_SETUP_COST`, `parallel_setup_cost`); -1 leaves the server's setting.
 */
const parallelOptions = (workersText: string, setupCostText: string): { options?: string } => {
  const setting = (name: string, text: string, what: string) => {
    const value = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || value < -1) throw new Error(`${name} must be -1 (the server's setting) or a whole number ${what}, got "${text}"`);
    return value;
  };
  const workers = setting('DATABASE_PARALLEL_WORKERS', workersText, 'of workers');
  const setupCost = setting('DATABASE_PARALLEL_SETUP_COST', setupCostText, 'of cost units');
  const options = [...(workers === -1 ? [] : [`-c max_parallel_workers_per_gather=${workers}`]), ...(setupCost === -1 ? [] : [`-c parallel_setup_cost=${setupCost}`])];
  return options.length ? { options: options.join(' ') } : {};
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
          // Parallel workers: -1 (the default) leaves the server's setting (PostgreSQL's own default is 2); 0 made the
          // dashboard and the common-word search faster at a million items and the Content Manager's list, some
          // queue views and the monthly report slower (bench/README.md, 2026-12-07): the operator's trade-off.
          // Their setup cost: 10000 by default (PostgreSQL's is 1000), so that the short lists the screens read (a
          // LIMIT 20 found in 2 ms, for which starting two workers took 7-60 ms) run without workers while long
          // scans (the list's count, the report) keep them (bench/README.md, 2026-12-07, night).
          ...parallelOptions(String(env('DATABASE_PARALLEL_WORKERS', '-1')), String(env('DATABASE_PARALLEL_SETUP_COST', '10000'))),
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
