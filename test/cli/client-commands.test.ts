import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { kill, spawnHerald, type HeraldProcess } from '../support/herald-process.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * The real CLI (a child process) against a real `herald serve` (another
 * child), as a user runs them: every command group, every output format and
 * every exit status the CLI documents (docs/cli.md).
 */
const ADMIN = 'cli-test-admin-token-0123456789abcdef';
let server: HeraldProcess;
let receiver: Receiver;
let failing: Receiver;
let home: string;

interface Run { status: number | null; stdout: string; stderr: string }

/** Async: the receivers answer from this process, which must keep running while the CLI waits. */
function herald(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  const child = spawn(process.execPath, ['src/cli/main.ts', ...args], {
    // No token from the developer's own ~/.config or ./data leaks into a test.
    env: { ...process.env, HERALD_URL: server.url, HERALD_TOKEN: ADMIN, XDG_CONFIG_HOME: home, HERALD_CLI_CONFIG: '', HERALD_DATA_DIR: home, ...opts.env },
  });
  child.stdin.end(opts.input ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

async function ok(args: string[], opts?: Parameters<typeof herald>[1]): Promise<string> {
  const r = await herald(args, opts);
  assert.equal(r.status, 0, `herald ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const json = async (args: string[], opts?: Parameters<typeof herald>[1]) => JSON.parse(await ok([...args, '-o', 'json'], opts));

before(async () => {
  home = tempDir('cli-home');
  receiver = await startReceiver();
  failing = await startReceiver(() => ({ status: 500 }));
  server = await spawnHerald({
    HERALD_DATA_DIR: tempDir('cli-serve'), HERALD_CONFIG: '', HERALD_ADMIN_TOKEN: ADMIN, HERALD_ALLOWED_NETWORKS: '127.0.0.0/8',
  });
});

after(async () => {
  await kill(server, 'SIGTERM');
  await receiver.close();
  await failing.close();
});

describe('herald webhooks', () => {
  it('creates, lists with headers, reads as json and yaml, updates, disables, enables, tests and deletes', async () => {
    const created = await json(['webhooks', 'create', '--name', 'from-cli', '--url', receiver.url, '--event', 'create,delete']);
    assert.deepEqual(created.filters.events, ['create', 'delete']);
    const list = await ok(['webhooks', 'list']);
    assert.match(list.split('\n')[0]!, /^ID\s+NAME\s+PLATFORM\s+STATUS\s+URL$/, 'a header row');
    assert.match(list, new RegExp(`${created.id}\\s+from-cli\\s+custom\\s+enabled`));
    assert.equal((await json(['webhooks', 'list'])).items[0].id, created.id, '-o json prints the API answer');
    assert.equal(parseYaml(await ok(['webhooks', 'get', created.id, '-o', 'yaml'])).name, 'from-cli');
    assert.match(await ok(['webhooks', 'get', created.id]), /Signing secret:\s+none/);

    const file = join(home, 'webhook.yaml');
    writeFileSync(file, 'name: renamed\nfilters:\n  namespaces: [prod-*]\n');
    assert.equal((await json(['webhooks', 'update', created.id, '--file', file])).name, 'renamed');
    assert.equal((await json(['webhooks', 'disable', created.id])).enabled, false);
    assert.match(await ok(['webhooks', 'list']), /renamed\s+custom\s+disabled/);
    assert.equal((await json(['webhooks', 'enable', created.id])).enabled, true);

    const test = await herald(['webhooks', 'test', created.id]);
    assert.equal(test.status, 0, test.stderr);
    assert.match(test.stdout, /^ok: 200/);

    assert.match(await ok(['webhooks', 'delete', created.id]), /deleted webhook/);
    const gone = await herald(['webhooks', 'get', created.id]);
    assert.equal(gone.status, 3, 'not found is exit status 3');
    assert.match(gone.stderr, /^herald webhooks: 404 NOT_FOUND: /);
  });

  it('exits 1 when a test delivery fails and 2 when the API refuses the input', async () => {
    const w = await json(['webhooks', 'create', '--name', 'failing', '--url', failing.url]);
    const test = await herald(['webhooks', 'test', w.id]);
    assert.equal(test.status, 1);
    assert.match(test.stdout, /^FAILED: 500/);
    const bad = await herald(['webhooks', 'create', '--name', 'bad', '--url', 'nope']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /400 VALIDATION: url/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  });
});

describe('herald deliveries and events', () => {
  it('lists deliveries, shows one with its attempts, redelivers, recovers, and reads the event log', async () => {
    const w = await json(['webhooks', 'create', '--name', 'history', '--url', receiver.url]);
    const before = receiver.requests.length;
    const recorded = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      // Two events, so the export below has a second page to follow.
      body: JSON.stringify([
        { event: 'scale', namespace: 'prod', resource: 'Deployment', name: 'api', changes: [{ field: 'spec.replicas', old: 2, new: 5 }] },
        { event: 'update', namespace: 'prod', resource: 'ConfigMap', name: 'api-config', changes: [{ field: 'data.level', old: 'info', new: 'debug' }] },
      ]),
    });
    assert.equal(recorded.status, 202);
    const recordedIds = (await recorded.json() as any).items.map((i: any) => i.id as string);
    const eventId = recordedIds[0] as string;
    await receiver.waitFor(before + 1);
    let delivery: any;
    for (let i = 0; i < 100 && delivery?.status !== 'succeeded'; i++) {
      delivery = (await json(['deliveries', 'list', w.id])).items[0];
      if (delivery?.status !== 'succeeded') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(delivery.status, 'succeeded');
    assert.match((await ok(['deliveries', 'list', w.id])).split('\n')[0]!, /^ID\s+STATUS\s+ATTEMPTS\s+LAST\s+TRIGGER\s+CREATED\s+EVENT\s+ERROR$/);
    assert.match(await ok(['deliveries', 'list', w.id, '--status', 'failed']), /^ID.*\n$/, 'the status filter reaches the API: headers only');
    const found = await json(['deliveries', 'list', w.id, '--search', 'API-CONFIG', '--since', '1h']);
    assert.deepEqual(found.items.map((d: any) => d.eventId), [recordedIds[1]], 'the search and the age reach the API');
    assert.deepEqual((await json(['deliveries', 'list', w.id, '--until', '2000-01-01T00:00:00Z'])).items, []);
    const badTime = await herald(['deliveries', 'list', w.id, '--since', 'last tuesday']);
    assert.equal(badTime.status, 2, 'a bad time is a usage error');
    assert.match(badTime.stderr, /--since last tuesday: expected an ISO time or an age/);

    const show = await ok(['deliveries', 'show', delivery.id]);
    assert.match(show, /Status:\s+succeeded/);
    assert.match(show, /#\s+STARTED\s+MS\s+STATUS\s+OUTCOME/);
    assert.equal((await json(['deliveries', 'show', delivery.id])).attemptLog.length, 1);

    assert.equal((await json(['deliveries', 'redeliver', delivery.id])).trigger, 'redeliver');
    await receiver.waitFor(before + 2);
    assert.match(await ok(['deliveries', 'recover', w.id, '--since', '1h']), /^re-queued 0 failed deliveries since \d{4}-/);
    assert.equal((await herald(['deliveries', 'recover', w.id, '--since', 'yesterday'])).status, 2);

    assert.match(await ok(['events', 'list']), new RegExp(`${eventId}\\s+\\S+\\s+scale\\s+api\\s+-\\s+prod\\s+Deployment\\s+api`));
    const shown = await ok(['events', 'show', eventId]);
    assert.match(shown, /Kind:\s+Deployment/);
    assert.match(shown, /spec\.replicas\s+2\s+5/, 'the changed fields');
    assert.equal((await json(['events', 'show', eventId])).event.id, eventId, 'json is the API answer: the event and its deliveries');
    assert.equal((await herald(['events', 'show', 'evt_nonexistent'])).status, 3);

    const exported = await herald(['events', 'export', '--limit', '1']);
    assert.equal(exported.status, 0, exported.stderr);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.length >= 2, `pages followed past --limit 1: ${exported.stdout} ${exported.stderr}`);
    assert.ok(lines.some((e) => e.id === eventId));
    assert.match(exported.stderr, new RegExp(`exported ${lines.length} events; resume with --cursor ${lines.at(-1).id}`));
    assert.equal((await herald(['events', 'export', '--cursor', lines.at(-1).id])).stdout, '', 'resuming after the last event exports nothing');

    const where = await herald(['events', 'list', '--where', 'colour=blue']);
    assert.equal(where.status, 2);
    assert.match(where.stderr, /does not filter events by "colour"/);
  });
});

describe('herald users, tokens and audit', () => {
  it('manages users with the password on stdin, tokens shown once, and lists the audit log', async () => {
    const alice = await json(['users', 'create', 'alice', '--role', 'ops', '--password-stdin'], { input: 'a-long-enough-password\n' });
    assert.equal(alice.role, 'ops');
    assert.match(await ok(['users', 'list']), /^ID\s+NAME\s+ROLE\s+STATUS\s+CREATED\n(.*\n)*.*alice\s+ops\s+enabled/);
    assert.equal((await json(['users', 'update', 'alice', '--role', 'viewer', '--disable'])).disabled, true, 'a user named by name');
    assert.equal((await herald(['users', 'create', 'bob', '--role', 'ops'])).status, 2, 'no password given');
    assert.equal((await herald(['users', 'update', 'nobody', '--enable'])).status, 3);

    const token = (await ok(['tokens', 'create', 'ci', '--role', 'viewer'])).trim();
    assert.match(token, /^\S{20,}$/, 'the token alone on stdout, for TOKEN=$(herald tokens create ci)');
    const listed = await ok(['tokens', 'list']);
    assert.match(listed.split('\n')[0]!, /^ID\s+NAME\s+PREFIX\s+ROLE\s+OWNER\s+CREATED\s+LAST USED\s+EXPIRES$/);
    assert.ok(!listed.includes(token), 'the token is never listed');
    assert.equal((await herald(['webhooks', 'list'], { env: { HERALD_TOKEN: token } })).status, 0, 'the new token works');
    const forbidden = await herald(['webhooks', 'create', '--name', 'x', '--url', receiver.url], { env: { HERALD_TOKEN: token } });
    assert.equal(forbidden.status, 3, 'a viewer is forbidden: exit status 3');
    assert.match(forbidden.stderr, /403 FORBIDDEN/);
    const id = (await json(['tokens', 'list'])).items.find((t: any) => t.name === 'ci').id;
    assert.match(await ok(['tokens', 'revoke', id]), /revoked token/);
    const revoked = await herald(['webhooks', 'list'], { env: { HERALD_TOKEN: token } });
    assert.equal(revoked.status, 3);
    assert.match(revoked.stderr, /401 UNAUTHENTICATED: .*\(the token from HERALD_TOKEN was refused\)/);

    assert.match(await ok(['users', 'delete', 'alice']), /deleted user alice/);
    const audit = await ok(['audit', 'list']);
    assert.match(audit.split('\n')[0]!, /^TIME\s+ACTOR\s+ACTION\s+TARGET\s+SUMMARY$/);
    assert.match(audit, /user\.delete/);
    assert.ok((await json(['audit', 'list', '--limit', '2'])).items.length === 2);
    const deletes = await json(['audit', 'list', '--action', 'user.delete', '--target', 'user', '--since', '1h']);
    assert.deepEqual(deletes.items.map((e: any) => e.target.name), ['alice'], 'the filters reach the API');
    assert.deepEqual((await json(['audit', 'list', '--actor', 'nobody-at-all'])).items, []);
    assert.equal((await herald(['audit', 'list', '--action', 'user.explode'])).status, 2, 'a value the API refuses (400) is a usage error');
  });
});

describe('herald client credentials and connection', () => {
  it('names every place it looked when no token is found, and exits 3', async () => {
    const r = await herald(['webhooks', 'list'], { env: { HERALD_TOKEN: '' } });
    assert.equal(r.status, 3);
    for (const place of ['--token', 'HERALD_TOKEN', join(home, 'herald', 'cli.yaml'), join(home, 'admin.token')]) {
      assert.ok(r.stderr.includes(place), `${place} in: ${r.stderr}`);
    }
  });

  it('reads the server and token from the CLI config file, and data/admin.token last', async () => {
    const config = join(home, 'cli.yaml');
    writeFileSync(config, `server: ${server.url}\ntoken: ${ADMIN}\n`);
    assert.equal((await herald(['webhooks', 'list'], { env: { HERALD_URL: '', HERALD_TOKEN: '', HERALD_CLI_CONFIG: config } })).status, 0);
    writeFileSync(config, 'sever: typo\n');
    const bad = await herald(['webhooks', 'list'], { env: { HERALD_TOKEN: '', HERALD_CLI_CONFIG: config } });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /cli\.yaml: sever: unknown key/);
    const dataDir = tempDir('cli-data');
    writeFileSync(join(dataDir, 'admin.token'), `${ADMIN}\n`);
    assert.equal((await herald(['webhooks', 'list'], { env: { HERALD_TOKEN: '', HERALD_DATA_DIR: dataDir } })).status, 0);
  });

  it('exits 1 with the address when Herald cannot be reached, and 2 for usage mistakes', async () => {
    const r = await herald(['webhooks', 'list'], { env: { HERALD_URL: 'http://127.0.0.1:1' } });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot reach Herald at http:\/\/127\.0\.0\.1:1/);
    assert.equal((await herald(['webhooks', 'list', '-o', 'xml'])).status, 2);
    assert.equal((await herald(['webhooks', 'get'])).status, 2, 'a missing argument');
    assert.equal((await herald(['webhooks', 'get', 'a', 'b'])).status, 2, 'one argument too many');
    assert.equal((await herald(['webhooks', 'frobnicate'])).status, 2);
    assert.equal((await herald(['webhooks', 'list', '--colour'])).status, 2);
  });
});
