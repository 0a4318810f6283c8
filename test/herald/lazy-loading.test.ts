import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { writeKubeconfig } from '../fake-kube-api/kubeconfig.ts';
import { DEPLOYMENTS, FakeKubeApi } from '../fake-kube-api/server.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * What a configuration does not use is not loaded: the Kubernetes client
 * only with a cluster watch or cluster health, each broker or SMTP library
 * only when a webhook of its transport first sends, undici only at the first
 * HTTP delivery, pg only for a PostgreSQL store, yaml only for a config file. Each costs start-up time and resident memory (docs/benchmarks.md,
 * "Memory"). A child process starts a whole Herald and lists the packages
 * its module hooks saw loaded, CommonJS and ESM alike.
 */
const run = promisify(execFile);

const CHILD = `
import { registerHooks } from 'node:module';
const packages = new Set();
registerHooks({ load(url, context, next) {
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url);
  if (m !== null) packages.add(m[1]);
  return next(url, context);
} });
const { startTestHerald } = await import(new URL('test/support/herald.ts', 'file://' + process.cwd() + '/').href);
const herald = await startTestHerald(JSON.parse(process.argv[1]));
const res = await fetch(herald.url + '/api/v1/webhooks', { headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' } });
await herald.close();
process.stdout.write(JSON.stringify({ status: res.status, packages: [...packages].sort() }));
`;

async function loadedPackages(overrides: object): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD, JSON.stringify(overrides)], { cwd: process.cwd() });
  const out = JSON.parse(stdout) as { status: number; packages: string[] };
  assert.equal(out.status, 200, 'the Herald in the child answered its API');
  return out.packages;
}

const OPTIONAL = ['@kubernetes/client-node', 'amqplib', 'ioredis', 'mqtt', 'nats', 'nodemailer', 'pg'];

describe('herald: loads only what its configuration uses', () => {
  it('a SQLite Herald watching no cluster loads neither the Kubernetes client, a broker or SMTP library, nor pg', async () => {
    const packages = await loadedPackages({});
    // The hooks do see packages loaded both ways: pino by require(), hono by import.
    for (const seen of ['pino', 'hono']) assert.ok(packages.includes(seen), `${seen} not seen among ${packages.join(', ')}`);
    assert.deepEqual(packages.filter((p) => OPTIONAL.includes(p)), []);
    assert.ok(!packages.includes('undici'), 'undici is loaded by the first HTTP delivery, not at start');
  });

  it('a config from the environment alone loads no YAML parser; a config file does', async () => {
    const child = (file: string | undefined) => `
      import { registerHooks } from 'node:module';
      let yaml = false;
      registerHooks({ load(url, context, next) { yaml ||= url.includes('/node_modules/yaml/'); return next(url, context); } });
      const { loadConfig } = await import(new URL('src/config/load-config.ts', 'file://' + process.cwd() + '/').href);
      loadConfig({ env: {}, file: ${JSON.stringify(file)} });
      process.stdout.write(String(yaml));`;
    const file = join(tempDir('herald-lazy'), 'herald.yaml');
    writeFileSync(file, 'log:\n  level: warn\n');
    assert.equal((await run(process.execPath, ['--input-type=module', '-e', child(undefined)])).stdout, 'false');
    assert.equal((await run(process.execPath, ['--input-type=module', '-e', child(file)])).stdout, 'true');
  });

  it('a cluster watch brings the Kubernetes client, and still no broker library', async () => {
    const api = await FakeKubeApi.start();
    try {
      const kubeconfig = writeKubeconfig(tempDir('herald-lazy'), [{ name: 'kind-dev', server: api.url }]);
      const packages = await loadedPackages({ watch: { clusters: [{ name: 'dev', kubeconfig }], kinds: ['Deployment'] } });
      assert.ok(packages.includes('@kubernetes/client-node'), packages.join(', '));
      assert.deepEqual(packages.filter((p) => OPTIONAL.includes(p) && p !== '@kubernetes/client-node'), []);
      assert.ok(api.requests.some((r) => r.includes(DEPLOYMENTS.plural)), 'the watch listed Deployments');
    } finally {
      await api.close();
    }
  });
});
