import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

/**
 * The image recipe's rules, read from the Containerfile itself (this machine
 * cannot pull a base image, so the image is not built here; see README,
 * "Container image"). One instruction per logical line, continuations joined.
 */
interface Instruction { op: string; args: string }

function parseContainerfile(text: string): Array<{ from: string; name?: string; body: Instruction[] }> {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const stages: Array<{ from: string; name?: string; body: Instruction[] }> = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const ins = { op: op!.toUpperCase(), args: args! };
    if (ins.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(ins.args)!;
      stages.push({ from: m[1]!, ...(m[2] === undefined ? {} : { name: m[2] }), body: [] });
    } else if (stages.length > 0) stages.at(-1)!.body.push(ins);
  }
  return stages;
}

const text = readFileSync('Containerfile', 'utf8');
const stages = parseContainerfile(text);
const runtime = stages.at(-1)!;
const all = (op: string) => runtime.body.filter((i) => i.op === op);

describe('Containerfile', () => {
  test('is multi-stage on Node 24, the console built and dev dependencies pruned in the build stage', () => {
    assert.ok(stages.length >= 2);
    assert.match(text, /ARG NODE_IMAGE=\S*node:24/);
    const build = stages[0]!.body.map((i) => i.args).join('\n');
    assert.match(build, /npm ci\b/);
    assert.match(build, /npm run build:web/);
    assert.match(build, /npm prune --omit=dev/);
  });

  test('the runtime stage installs nothing and copies production files only', () => {
    for (const i of all('RUN')) assert.doesNotMatch(i.args, /npm (ci|install|i)\b/, 'no install in the final stage');
    const copied = all('COPY').map((i) => i.args);
    assert.ok(copied.every((c) => c.startsWith('--from=build')), 'everything comes from the build stage');
    assert.ok(!copied.some((c) => /\/src\/(test|bench)\b/.test(c)), 'no tests or benchmarks');
  });

  test('runs as a non-root user with /data as the only writable volume', () => {
    const user = all('USER').at(-1)?.args ?? '';
    assert.match(user, /^\d+(:\d+)?$/, 'numeric, so runAsNonRoot can check it');
    assert.notEqual(user.split(':')[0], '0');
    assert.deepEqual(all('VOLUME').map((i) => i.args), ['["/data"]']);
    assert.match(all('ENV').map((i) => i.args).join(' '), /HERALD_DATA_DIR=\/data/);
  });

  test('has a HEALTHCHECK on /healthz, exec-form node as PID 1, and OCI labels from build args', () => {
    const hc = all('HEALTHCHECK')[0]?.args ?? '';
    assert.match(hc, /CMD \["node", "\/app\/deploy\/image\/healthcheck\.ts"\]/);
    assert.match(readFileSync('deploy/image/healthcheck.ts', 'utf8'), /path: '\/healthz'/);
    assert.match(all('ENTRYPOINT')[0]?.args ?? '', /^\["node", /, 'exec form: signals reach Node, no shell in between');
    const labels = all('LABEL').map((i) => i.args).join(' ');
    assert.match(labels, /org\.opencontainers\.image\.version="\$\{VERSION\}"/);
    assert.match(labels, /org\.opencontainers\.image\.revision="\$\{COMMIT\}"/);
    assert.match(all('ENV').map((i) => i.args).join(' '), /HERALD_COMMIT=\$\{COMMIT\}/, 'the commit reaches herald --version');
  });

  test('.containerignore and .dockerignore keep local state and keys out of the build context', () => {
    for (const file of ['.containerignore', '.dockerignore']) {
      assert.ok(existsSync(file), file);
      const rules = readFileSync(file, 'utf8').split('\n');
      for (const r of ['.git', 'node_modules', 'data', 'herald.yaml', '**/*.key']) assert.ok(rules.includes(r), `${file} ignores ${r}`);
    }
  });

  test('buildah parses the whole recipe (when installed), stopping only at the base image it may not pull', () => {
    const which = spawnSync('sh', ['-c', 'command -v buildah'], { encoding: 'utf8' });
    if (which.status !== 0) {
      // Loud on purpose: CI images without buildah still run every rule above.
      console.warn('buildah is not installed: the Containerfile was checked by its rules only');
      return;
    }
    const r = spawnSync('buildah', ['bud', '--pull=never', '--layers=false', '-f', 'Containerfile', '.'], { encoding: 'utf8', timeout: 120_000 });
    const output = `${r.stdout}${r.stderr}`;
    // It read both stages and got to the first FROM: the base image is the only thing missing here.
    assert.match(output, /STEP 1\/\d+: FROM docker\.io\/library\/node:24-bookworm-slim AS build/);
    if (r.status !== 0) assert.match(output, /image not known|unable to find|not found/i, output);
  });
});
