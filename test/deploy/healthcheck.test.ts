import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { startTestHerald } from '../support/herald.ts';
import { selfSignedCert } from '../support/tls-cert.ts';

/** The image's HEALTHCHECK script, run as the container runtime runs it, against a real Herald (async: Herald runs in this process). */
function check(env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['deploy/image/healthcheck.ts'], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('deploy/image/healthcheck.ts', () => {
  it('passes against Herald over HTTP and over HTTPS with a self-signed certificate', async () => {
    const plain = await startTestHerald();
    try {
      assert.equal((await check({ HERALD_PORT: new URL(plain.url).port })).status, 0);
    } finally { await plain.close(); }
    const tls = selfSignedCert();
    const secure = await startTestHerald({ server: { host: '127.0.0.1', port: 0, tls: { certFile: tls.certFile, keyFile: tls.keyFile } } });
    try {
      const r = await check({ HERALD_PORT: new URL(secure.url).port, HERALD_TLS_CERT_FILE: tls.certFile });
      assert.equal(r.status, 0, r.stderr);
    } finally { await secure.close(); }
  });

  it('fails when nothing answers on the port', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const r = await check({ HERALD_PORT: String(port) });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /healthcheck: /);
  });
});
