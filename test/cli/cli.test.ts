import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';

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
    const dir = mkdtempSync(join(tmpdir(), 'herald-cli-'));
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
    const r = herald(['manifests', '--namespace', 'ops', '--kinds', 'Deployment,StatefulSet']);
    assert.equal(r.status, 0, r.stderr);
    const kinds = parseAllDocuments(r.stdout).map((d) => d.toJS()?.kind);
    for (const k of ['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Service', 'ValidatingWebhookConfiguration']) {
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(',')}`);
    }
    const deployment = parseAllDocuments(r.stdout).map((d) => d.toJS()).find((d) => d?.kind === 'Deployment');
    const env = deployment.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name);
    assert.ok(env.includes('HERALD_HOST'), 'listens beyond loopback in a pod');
    // Every HERALD_* variable the manifest sets is one `herald serve` reads.
    const loader = readFileSync('src/config/load-config.ts', 'utf8');
    for (const name of env) assert.match(loader, new RegExp(`env\\.${name}\\b`), `${name} is read by the config loader`);
  });
});
