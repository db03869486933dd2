import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A throw-away PostgreSQL 15 cluster for the fault test, so that restarting "the database" never
 * touches the machine's cluster at 127.0.0.1:5432 (other test runs use it). Trust authentication
 * on loopback only; run as the `postgres` OS user when we are root.
 */
const BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * The first port from `start` on where `count` consecutive ports are free on loopback (the app instances'
 * ports: a fixed offset could fall on a port an outgoing connection had just taken, in the ephemeral range).
 */
export const freePorts = async (start: number, count = 2): Promise<number> => {
  let port = start;
  for (;;) {
    let free = true;
    for (let i = 0; i < count && free; i += 1) free = await portIsFree(port + i);
    if (free) return port;
    port += count;
  }
};

export const startPrivatePostgres = async (preferredPort = Number(process.env.FAULTS_PG_PORT || 55432)) => {
  const asRoot = process.getuid?.() === 0;
  const run = (binary: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, binary), ...args], { stdio: 'pipe' }).toString()
      : execFileSync(path.join(BIN, binary), args, { stdio: 'pipe' }).toString();

  let port = preferredPort;
  while (!(await portIsFree(port))) port += 1;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'after-sales-faults-pg-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--locale=C']);
  // fsync=off: the restart below kills PostgreSQL, not the machine, so written WAL survives it
  // (synchronous_commit stays on: a commit that was answered is in the WAL).
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=64MB -c fsync=off`;
  const pgCtl = (...args: string[]) => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', ...args]);
  pgCtl('start');
  const url = (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const admin = new Client({ connectionString: url() });
  await admin.connect();
  await admin.query('CREATE DATABASE faults');
  await admin.end();

  return {
    port,
    dir,
    url: url('faults'),
    /** An immediate restart: every connection is cut, as in a crash, then crash recovery. */
    restart() {
      pgCtl('stop', '-m', 'immediate');
      pgCtl('start');
    },
    stop() {
      try {
        pgCtl('stop', '-m', 'fast');
      } catch {
        /* already stopped */
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    log: () => (fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : ''),
  };
};
