import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { selfSignedCert } from '../support/tls-cert.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * `herald serve` that cannot start prints one line naming the problem and exits
 * with status 2 on its own: it closes what it had opened (store, pools, the
 * dispatcher), or the process would stay alive. The real CLI runs in a child.
 */
interface Exit { status: number | null; stderr: string; hung: boolean }

function serve(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  const dataDir = tempDir('start-failure');
  const child = spawn(process.execPath, ['src/cli/main.ts', 'serve', '--data-dir', dataDir, ...args], {
    env: { ...process.env, HERALD_CONFIG: '', HERALD_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => {
    // Not a timing assertion: a process still running after this long has hung on an open resource.
    const guard = setTimeout(() => { child.kill('SIGKILL'); }, 30_000);
    let hung = false;
    child.once('exit', (status, signal) => {
      clearTimeout(guard);
      hung = signal === 'SIGKILL';
      resolve({ status, stderr, hung });
    });
  });
}

function assertOneLine(r: Exit, names: RegExp): void {
  assert.equal(r.hung, false, `herald serve did not exit by itself; stderr: ${r.stderr}`);
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0]!, /^herald: /);
  assert.match(lines[0]!, names);
  assert.doesNotMatch(r.stderr, /\n\s+at |Error:/, 'no stack trace');
}

describe('herald serve that cannot start', () => {
  let busy: Server;
  let busyPort: number;
  before(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('names a port already in use, after having opened the store and the dispatcher', async () => {
    assertOneLine(await serve(['--host', '127.0.0.1', '--port', String(busyPort)]), new RegExp(`127\\.0\\.0\\.1:${busyPort}: the port is already in use.*--port`));
  });

  it('names a TLS file it cannot read', async () => {
    const missing = join(tempDir('tls-missing'), 'tls.crt');
    const { keyFile } = selfSignedCert();
    assertOneLine(await serve(['--port', '0'], { HERALD_TLS_CERT_FILE: missing, HERALD_TLS_KEY_FILE: keyFile }),
      new RegExp(`server\\.tls\\.certFile: cannot read ${missing.replaceAll('.', '\\.')}: ENOENT`));
  });

  it('names a TLS file that holds no certificate', async () => {
    const { keyFile } = selfSignedCert();
    const junk = join(tempDir('tls-junk'), 'tls.crt');
    writeFileSync(junk, 'not a certificate\n');
    assertOneLine(await serve(['--port', '0'], { HERALD_TLS_CERT_FILE: junk, HERALD_TLS_KEY_FILE: keyFile }), /server\.tls: cannot use the certificate and key/);
  });

  it('names a store URL of an unknown kind', async () => {
    assertOneLine(await serve(['--port', '0', '--store-url', 'mysql://db/herald']), /--store-url: store\.url: must start with sqlite: or postgres:\/\//);
  });

  it('names a SQLite store it cannot open', async () => {
    // Under a regular file, so not even root can create it.
    const file = join(tempDir('sqlite-under-file'), 'plain-file');
    writeFileSync(file, '');
    assertOneLine(await serve(['--port', '0', '--store-url', `sqlite:${file}/herald.db`]), /cannot open the SQLite store at .*plain-file\/herald\.db/);
  });

  it('names a PostgreSQL store it cannot reach', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    assertOneLine(await serve(['--port', '0', '--store-url', 'postgres://postgres@127.0.0.1:1/test']), /cannot open the PostgreSQL store: .*ECONNREFUSED/);
  });

  it('names a config file it cannot read', async () => {
    assertOneLine(await serve(['--config', '/nonexistent/herald.yaml']), /cannot read the config file \/nonexistent\/herald\.yaml: ENOENT/);
    // A directory is unreadable as a file for every user (a mode 000 file is not, for root).
    assertOneLine(await serve(['--config', tempDir('config-dir')]), /cannot read the config file .*: EISDIR/);
    const broken = join(tempDir('config-yaml'), 'herald.yaml');
    writeFileSync(broken, 'server: [\n');
    assertOneLine(await serve(['--config', broken]), /herald\.yaml is not valid YAML/);
  });

  it('names a data directory it cannot write', async () => {
    const file = join(tempDir('datadir-file'), 'not-a-dir');
    writeFileSync(file, '');
    assertOneLine(await serve(['--port', '0', '--data-dir', file]), /dataDir: cannot read or create .*not-a-dir\/secret\.key: (ENOTDIR|EEXIST)/);
  });
});
