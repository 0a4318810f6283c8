import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { tempDir } from '../support/temp-dir.ts';

const herald = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['src/cli/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });

describe('herald CLI', () => {
  it('rejects an unknown command with usage and exit code 2', () => {
    const r = herald(['fly']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command "fly"/);
    assert.match(r.stderr, /usage: herald/);
  });

  it('refuses an invalid config file with one line naming the setting', () => {
    const dir = tempDir('cli');
    const file = join(dir, 'herald.yaml');
    writeFileSync(file, 'server:\n  port: "eighty"\n');
    const r = herald(['serve', '--config', file, '--data-dir', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /server\.port/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('refuses a bad flag', () => {
    const r = herald(['serve', '--colour', 'blue']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /colour/);
  });

  it('prints cluster manifests that parse as YAML, with the watch RBAC and admission webhook', () => {
    const r = herald(['manifests', '--namespace', 'ops', '--kinds', 'Deployment,StatefulSet', '--allow-no-ca-bundle']);
    assert.equal(r.status, 0, r.stderr);
    const kinds = parseAllDocuments(r.stdout).map((d) => d.toJS()?.kind);
    for (const k of ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget', 'ValidatingWebhookConfiguration']) {
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(',')}`);
    }
    const deployment = parseAllDocuments(r.stdout).map((d) => d.toJS()).find((d) => d?.kind === 'Deployment');
    const env = deployment.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name);
    const config = parseAllDocuments(r.stdout).map((d) => d.toJS()).find((d) => d?.kind === 'ConfigMap').data['herald.yaml'];
    assert.match(config, /host: 0\.0\.0\.0/, 'listens beyond loopback in a pod');
    // Every HERALD_* variable the manifest sets is one `herald serve` reads; the others are ${NAME}s in herald.yaml.
    const readers = readFileSync('src/config/load-config.ts', 'utf8') + readFileSync('src/herald.ts', 'utf8');
    for (const name of env) {
      if (name === 'NODE_OPTIONS') continue;
      if (name.startsWith('HERALD_')) assert.match(readers, new RegExp(`env\\.${name}\\b`), `${name} is read by herald serve`);
      else assert.ok(config.includes(`\${${name}}`), `${name} is used by herald.yaml`);
    }
  });
});

describe('herald --version', () => {
  it('prints the package.json version and the commit (HERALD_COMMIT, set in the image, wins over git)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const r = herald(['--version'], { HERALD_COMMIT: 'abc1234' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `herald ${pkg.version} (abc1234)\n`);
    const fromGit = herald(['--version'], { HERALD_COMMIT: '' });
    const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
    assert.equal(fromGit.stdout, `herald ${pkg.version} (${head})\n`, 'a checkout asks git');
  });
});

describe('herald webhooks (API client)', () => {
  it('creates, lists and tests a webhook on a running Herald, and reports API errors with exit code 2', async () => {
    const { startTestHerald, ADMIN_TOKEN } = await import('../support/herald.ts');
    const { startReceiver } = await import('../support/receiver.ts');
    const { spawn } = await import('node:child_process');
    const server = await startTestHerald();
    const receiver = await startReceiver();
    // Async spawn: the server runs in this process and must keep answering.
    const run = (args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['src/cli/main.ts', 'webhooks', ...args], { env: { ...process.env, HERALD_URL: server.url, HERALD_TOKEN: ADMIN_TOKEN } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    try {
      const created = await run(['create', '--name', 'from-cli', '--url', receiver.url]);
      assert.equal(created.status, 0, created.stderr);
      const id = JSON.parse(created.stdout).id as string;
      const list = await run(['list']);
      assert.match(list.stdout, new RegExp(`${id}\\s+from-cli\\s+custom\\s+enabled`));
      const test = await run(['test', id]);
      assert.equal(test.status, 0);
      assert.match(test.stdout, /^ok: 200/);
      assert.equal(receiver.requests.length, 1);
      const bad = await run(['create', '--name', 'bad', '--url', 'nope']);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /400 VALIDATION: url/);
    } finally {
      await receiver.close();
      await server.close();
    }
  });
});
