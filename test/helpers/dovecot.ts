import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { ImapFlow } from 'imapflow';

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Env of the app for this mailbox. */
  env: Record<string, string>;
  /** Puts a raw message into the INBOX (IMAP APPEND); answers its UID. */
  deliver(raw: string, flags?: string[]): Promise<number>;
  /** Puts many raw messages into the INBOX over one connection; answers their UIDs. */
  deliverMany(raws: string[]): Promise<number[]>;
  /** Flags of every message in the INBOX by UID. */
  flags(): Promise<Map<number, string[]>>;
  stop(): Promise<void>;
}

const DOVECOT = process.env.DOVECOT_BIN || '/usr/sbin/dovecot';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const waitForPort = async (port: number, timeoutMs: number) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`dovecot did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

/**
 * A throwaway IMAP server: Debian's dovecot (`apt-get install dovecot-imapd`) with its own
 * configuration in a temporary directory, listening on a free loopback port, one user from a
 * password file, mail in the temporary directory, no TLS. Never touches the system's dovecot.
 */
export const startDovecot = async (): Promise<Dovecot> => {
  if (!fs.existsSync(DOVECOT)) throw new Error(`${DOVECOT} not found: apt-get install dovecot-imapd (.ci/run does)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dovecot-test-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'support';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const passwdEntry = (name: string) => {
    const fields = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .find((f) => f[0] === name);
    return fields ? { name, uid: Number(fields[2]), gid: Number(fields[3]) } : null;
  };
  const groupName = (gid: number) =>
    fs
      .readFileSync('/etc/group', 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .find((f) => Number(f[2]) === gid)?.[0];
  // Dovecot refuses to run its login process, and mail, as root: as root (CI containers) it runs
  // them as the package's `dovenull` and `dovecot` users; otherwise as the current user.
  const me = os.userInfo();
  const asRoot = me.uid === 0;
  const internal = asRoot ? passwdEntry('dovecot') : { name: me.username, uid: me.uid, gid: me.gid };
  const login = asRoot ? passwdEntry('dovenull') : internal;
  if (!internal || !login) throw new Error('the dovecot and dovenull users are missing (apt-get install dovecot-imapd creates them)');
  const { uid, gid } = internal;
  const username = internal.name;
  const group = groupName(gid);
  for (const sub of ['run', 'state', 'mail']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}:${uid}:${gid}::${path.join(dir, 'mail', user)}::\n`);
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${username}
default_internal_group = ${group ?? username}
default_login_user = ${login.name}
first_valid_uid = ${uid}
first_valid_gid = ${gid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
mail_location = maildir:${dir}/mail/%u/Maildir
namespace inbox {
  inbox = yes
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  if (asRoot) for (const sub of ['mail', 'state']) fs.chownSync(path.join(dir, sub), uid, gid);
  const configFile = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(configFile, config);
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await Promise.race([
      waitForPort(port, 15_000),
      exited.then(() => {
        throw new Error(`dovecot exited: ${output}${fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : ''}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  const withClient = async <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    env: {
      AFTER_SALES_IMAP_HOST: '127.0.0.1',
      AFTER_SALES_IMAP_PORT: String(port),
      AFTER_SALES_IMAP_SECURE: 'false',
      AFTER_SALES_IMAP_USER: user,
      AFTER_SALES_IMAP_PASSWORD: password,
      AFTER_SALES_IMAP_MAILBOX: 'INBOX',
    },
    deliver: (raw, flags = []) =>
      withClient(async (client) => {
        const appended = await client.append('INBOX', raw, flags);
        if (!appended || typeof appended !== 'object' || !appended.uid) throw new Error('APPEND returned no UID');
        return appended.uid;
      }),
    deliverMany: (raws) =>
      withClient(async (client) => {
        const uids: number[] = [];
        for (const raw of raws) {
          const appended = await client.append('INBOX', raw);
          if (!appended || typeof appended !== 'object' || !appended.uid) throw new Error('APPEND returned no UID');
          uids.push(appended.uid);
        }
        return uids;
      }),
    flags: () =>
      withClient(async (client) => {
        const lock = await client.getMailboxLock('INBOX');
        const result = new Map<number, string[]>();
        try {
          const box = client.mailbox;
          if (box && typeof box === 'object' && box.exists > 0) {
            for await (const message of client.fetch('1:*', { uid: true, flags: true })) result.set(message.uid, [...(message.flags ?? [])]);
          }
        } finally {
          lock.release();
        }
        return result;
      }),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (process.env.DOVECOT_DEBUG) console.log(fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8'));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** A raw RFC 5322 message (UTF-8 body, encoded subject). */
export const rawMail = (m: {
  from: string;
  to?: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
  date?: Date;
}) => {
  const encode = (value: string) => (/^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`);
  const lines = [
    `From: ${m.from}`,
    `To: ${m.to ?? 'support@example.cn'}`,
    `Subject: ${encode(m.subject)}`,
    `Date: ${(m.date ?? new Date()).toUTCString()}`,
    `Message-ID: ${m.messageId ?? `<${Math.random().toString(36).slice(2)}.${Date.now()}@customer.example>`}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    ...(m.references ? [`References: ${m.references}`] : []),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(m.text, 'utf8')
      .toString('base64')
      .replace(/(.{76})/g, '$1\r\n'),
    '',
  ];
  return lines.join('\r\n');
};
