import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pino from 'pino';
import { ConfigSchema } from '../../../src/config/config-schema.ts';
import { startHerald, type Herald } from '../../../src/herald.ts';
import { startTestHerald } from '../../support/herald.ts';
import { kill, spawnHerald } from '../../support/herald-process.ts';
import { call, login, rawDatabase } from './support.ts';

/** First run: with no users, Herald makes `admin` with a random password, says so once, and the sign-in works. */
describe('access control: first run', () => {
  const dirs: string[] = [];
  const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'herald-first-run-')); dirs.push(d); return d; };
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  /** A Herald with no configured admin token, the way a laptop user starts it. */
  const start = (dataDir: string): Promise<Herald> => startHerald(ConfigSchema.parse({
    server: { host: '127.0.0.1', port: 0 }, dataDir,
  }), { logger: pino({ level: 'silent' }) });

  it('creates user admin with a random password kept in admin.password (0600), and signing in with it works', async () => {
    const herald = await startTestHerald();
    try {
      const first = herald.firstRun!;
      assert.equal(first.username, 'admin');
      assert.ok(first.password.length >= 20);
      assert.equal(first.passwordFile, join(herald.dataDir, 'admin.password'));
      assert.equal(readFileSync(first.passwordFile!, 'utf8').trim(), first.password);
      assert.equal(statSync(first.passwordFile!).mode & 0o777, 0o600);
      assert.equal(first.tokenFile, undefined, 'with auth.adminToken configured no extra token is made');
      const { cookie } = await login(herald, 'admin', first.password);
      const me = await call(herald, '/api/v1/session', { cookie });
      assert.equal(me.body.user.role, 'admin');
      assert.equal((await call(herald, '/api/v1/users', { cookie })).status, 200);
      assert.ok(!rawDatabase(herald).includes(first.password));
    } finally {
      await herald.close();
    }
  });

  it('does it only once: a restart on the same data keeps the admin and its password', async () => {
    const dataDir = tempDir();
    const one = await start(dataDir);
    const password = one.firstRun!.password;
    await one.stop();
    const two = await start(dataDir);
    try {
      assert.equal(two.firstRun, undefined);
      assert.equal((await two.accounts.listUsers()).length, 1);
      await login(two, 'admin', password);
    } finally {
      await two.stop();
    }
  });

  it('without a configured admin token, gives admin an API token in admin.token (0600) for the CLI, stored hashed', async () => {
    const dataDir = tempDir();
    const herald = await start(dataDir);
    try {
      const file = herald.firstRun!.tokenFile!;
      assert.equal(file, join(dataDir, 'admin.token'));
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const token = readFileSync(file, 'utf8').trim();
      assert.match(token, /^hrd_/);
      const me = await call(herald, '/api/v1/session', { token });
      assert.deepEqual([me.body.user.name, me.body.user.role], ['admin', 'admin']);
      const db = readFileSync(join(dataDir, 'herald.db')).toString('latin1') + readFileSync(join(dataDir, 'herald.db-wal')).toString('latin1');
      assert.ok(!db.includes(token), 'the token is not in the database, only its hash');
    } finally {
      await herald.stop();
    }
  });

  it('adopts an admin.token left by an older Herald, so scripts using it keep working', async () => {
    const dataDir = tempDir();
    const legacy = 'hrd_legacy-token-from-an-older-herald-0123';
    writeFileSync(join(dataDir, 'admin.token'), `${legacy}\n`, { mode: 0o600 });
    const herald = await start(dataDir);
    try {
      assert.equal((await call(herald, '/api/v1/webhooks', { token: legacy })).status, 200);
      assert.equal(readFileSync(join(dataDir, 'admin.token'), 'utf8').trim(), legacy);
    } finally {
      await herald.stop();
    }
  });

  it('herald serve prints the console URL, username and password on first run, and they work', async () => {
    const dataDir = tempDir();
    const p = await spawnHerald({ HERALD_DATA_DIR: dataDir });
    try {
      const text = await waitFor(() => p.output.join('\n'), /password: \S+/);
      const password = /password: (\S+)/.exec(text)![1]!;
      assert.match(text, new RegExp(`URL: +${p.url.replace(/[.]/g, '\\.')}/`));
      assert.match(text, /username: admin/);
      assert.match(text, new RegExp(`${join(dataDir, 'admin.password').replace(/[.]/g, '\\.')}`));
      assert.equal(readFileSync(join(dataDir, 'admin.password'), 'utf8').trim(), password);
      await login({ url: p.url }, 'admin', password);
    } finally {
      await kill(p, 'SIGTERM');
    }
  });
});

async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = read();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${text}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
