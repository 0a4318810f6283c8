import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
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

describe('herald --help', () => {
  it('answers --help on every command and every subcommand with its usage, exit status 0', () => {
    const top = herald(['--help']);
    assert.equal(top.status, 0);
    assert.match(top.stdout, /Exit status: 0 ok, 1 the operation failed, 2 usage or configuration error, 3 not found/);
    const commands = section(top.stdout, 'commands:');
    for (const name of ['serve', 'webhooks', 'deliveries', 'events', 'users', 'tokens', 'audit', 'manifests']) assert.ok(commands.includes(name), name);
    for (const name of commands) {
      const r = herald([name, '--help']);
      assert.equal(r.status, 0, `herald ${name} --help: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`usage: herald ${name}`));
      for (const action of section(r.stdout, 'commands:')) {
        const sub = herald([name, action, '--help']);
        assert.equal(sub.status, 0, `herald ${name} ${action} --help: ${sub.stderr}`);
        assert.match(sub.stdout, new RegExp(`^usage: herald ${name} ${action}`));
        assert.match(sub.stdout, /--server URL/);
      }
    }
    assert.equal(herald(['help', 'serve']).stdout, herald(['serve', '--help']).stdout, 'herald help <command>');
  });

  it('offers -o table|json|yaml on every read', () => {
    for (const [group, action] of [['webhooks', 'list'], ['webhooks', 'get'], ['deliveries', 'list'], ['deliveries', 'show'], ['events', 'list'],
      ['events', 'show'], ['users', 'list'], ['tokens', 'list'], ['audit', 'list']] as const) {
      assert.match(herald([group, action, '--help']).stdout, /-o, --output FORMAT\s+table \(default\), json or yaml/, `${group} ${action}`);
    }
  });

  it('prints usage on stderr with exit status 2 when no command is given', () => {
    const r = herald([]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage: herald/);
    assert.equal(herald(['webhooks']).status, 2);
  });
});

describe('bin/herald.js', () => {
  it('runs under the machine\'s older Node by starting the project\'s Node 24', (t) => {
    const older = olderNode();
    if (older === undefined) {
      t.skip('LOUD: no Node older than 24 on PATH outside node_modules, so the re-exec path cannot be exercised here');
      return;
    }
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    assert.equal(pkg.bin.herald, 'bin/herald.js');
    const r = spawnSync(older, ['bin/herald.js', '--version'], { encoding: 'utf8', env: { ...process.env, HERALD_COMMIT: 'abc1234' }, timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `herald ${pkg.version} (abc1234)\n`);
    const usage = spawnSync(older, ['bin/herald.js', 'fly'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(usage.status, 2, 'the exit status of the re-run CLI is passed on');
  });
});

describe('compile cache (bin/compile-cache.js)', () => {
  // Whether the process ran Node's type stripper, told on exit: it runs only for a module the cache lacks.
  const STRIPPER = "data:text/javascript,process.on('exit',()=>process.stderr.write('stripper:'+process.moduleLoadList.some((m)=>m.includes('amaro'))))";
  const stripped = (r: { stderr: string }) => /stripper:(true|false)/.exec(r.stderr)?.[1];
  const { NODE_COMPILE_CACHE: _set, NODE_DISABLE_COMPILE_CACHE: _off, ...env } = process.env;

  it('bin/herald.js keeps one by default, so a second start strips no TypeScript', () => {
    const run = (extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, ['--import', STRIPPER, 'bin/herald.js', '--version'], { encoding: 'utf8', env: { ...env, ...extra }, timeout: 20_000 });
    assert.equal(run().status, 0);
    assert.equal(stripped(run()), 'false');
    assert.equal(stripped(run({ NODE_DISABLE_COMPILE_CACHE: '1' })), 'true', 'without the cache the sources are stripped');
  });

  it('bin/warm-compile-cache.js fills it with every module `herald serve` loads at start', () => {
    const modules = ['src/cli/commands.ts', 'src/config/load-config.ts', 'src/herald.ts'].map((f) => pathToFileURL(resolve(f)).href);
    const loadServeModules = (cache: string) => spawnSync(process.execPath, ['--import', STRIPPER, '--input-type=module', '-e',
      modules.map((m) => `await import(${JSON.stringify(m)});`).join('')], { encoding: 'utf8', env: { ...env, NODE_COMPILE_CACHE: cache }, timeout: 30_000 });
    assert.equal(stripped(loadServeModules(tempDir('compile-cache'))), 'true', 'an empty cache strips them');
    const fresh = tempDir('compile-cache');
    const warm = spawnSync(process.execPath, ['bin/warm-compile-cache.js'], { encoding: 'utf8', env: { ...env, NODE_COMPILE_CACHE: fresh }, timeout: 60_000 });
    assert.equal(warm.status, 0, warm.stderr);
    assert.match(warm.stdout, new RegExp(`compile cache: ${fresh}`));
    const after = loadServeModules(fresh);
    assert.equal(stripped(after), 'false', after.stderr);
    // The SQLite writer thread's modules too, loaded in the thread: it reports when its first message arrives.
    const WRITER = "data:text/javascript,import{isMainThread,parentPort}from'node:worker_threads';"
      + "if(!isMainThread)parentPort.once('message',()=>process._rawDebug('writer-stripper:'+process.moduleLoadList.some((m)=>m.includes('amaro'))))";
    const writer = spawnSync(process.execPath, ['--import', STRIPPER, '--import', WRITER, '--input-type=module', '-e', `
      const { SqliteDb } = await import(${JSON.stringify(pathToFileURL(resolve('src/store/sqlite/sqlite-db.ts')).href)});
      const { openWriter } = await import(${JSON.stringify(pathToFileURL(resolve('src/store/sqlite/sqlite-writer.ts')).href)});
      const db = new SqliteDb(${JSON.stringify(join(tempDir('compile-cache'), 'herald.db'))});
      const writer = openWriter(db);
      // A scratch file has no tables, so the write fails; the thread has loaded its modules all the same.
      await writer.write({ op: 'claim', owner: 'warm', now: Date.now(), limit: 1, leaseMs: 1, after: '' }).catch(() => {});
      await writer.close();
      db.close();`], { encoding: 'utf8', env: { ...env, NODE_COMPILE_CACHE: fresh }, timeout: 30_000 });
    assert.equal(writer.status, 0, writer.stderr);
    assert.deepEqual(writer.stderr.match(/\b[a-z-]*stripper:\w+/g), ['writer-stripper:false', 'stripper:false'], writer.stderr);
  });

  it('is handed to worker threads, which would otherwise not share it', () => {
    const root = tempDir('compile-cache');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { getCompileCacheDir } from 'node:module';
      import { Worker } from 'node:worker_threads';
      const { enableCompileCache } = await import(${JSON.stringify(pathToFileURL(resolve('bin/compile-cache.js')).href)});
      enableCompileCache(${JSON.stringify(root)});
      const w = new Worker("process.getBuiltinModule('node:worker_threads').parentPort.postMessage(process.getBuiltinModule('node:module').getCompileCacheDir() ?? 'none')", { eval: true });
      w.once('message', (dir) => { process.stdout.write(JSON.stringify([getCompileCacheDir(), dir])); });`], { encoding: 'utf8', env, timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    const [main, worker] = JSON.parse(r.stdout) as [string, string];
    assert.ok(main.startsWith(join(root, 'node_modules', '.cache', 'herald')), main);
    assert.equal(worker, main);
  });
});

/** The words starting each line of a help section (`commands:`). */
function section(help: string, title: string): string[] {
  const lines = help.split(title)[1]?.split('\n\n')[0]?.split('\n') ?? [];
  return lines.map((l) => l.trim().split(/\s+/)[0]!).filter(Boolean);
}

/** A `node` on PATH (not the project's own) whose major version is below 24: the machine's Node. */
function olderNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    if (!existsSync(candidate)) continue;
    const v = spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    if (Number(v.split('.')[0]) < 24) return candidate;
  }
  return undefined;
}
