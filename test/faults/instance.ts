import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const APP_DIR = path.resolve(__dirname, '..', '..');

/** One `strapi start` of the built app on a loopback port; its output goes to a log file. */
export class Instance {
  child: ChildProcess | null = null;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  up = false;
  starts = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly env: Record<string, string>,
    readonly logDir: string
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid() {
    return this.child?.pid ?? 0;
  }

  start() {
    this.starts += 1;
    const log = fs.openSync(path.join(this.logDir, `${this.name}-${this.starts}.log`), 'a');
    const child = spawn(path.join(APP_DIR, 'node_modules', '.bin', 'strapi'), ['start'], {
      cwd: APP_DIR,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
      detached: true,
    });
    fs.closeSync(log);
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.exit.then(() => {
      if (this.child === child) this.up = false;
    });
  }

  /** Waits for `/api/after-sales/ready` to answer 200. */
  async ready(timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${this.url}/api/after-sales/ready`, { signal: AbortSignal.timeout(3000) });
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) throw new Error(`${this.name} exited with ${this.child.exitCode} while starting: ${this.logTail()}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms: ${this.logTail()}`);
  }

  kill(signal: NodeJS.Signals) {
    this.up = false;
    if (this.child?.pid) {
      try {
        process.kill(signal === 'SIGKILL' ? -this.child.pid : this.child.pid, signal);
      } catch {
        /* gone already */
      }
    }
  }

  logTail(lines = 40) {
    const file = path.join(this.logDir, `${this.name}-${this.starts}.log`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';
  }
}
