import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { ADMIN_TOKEN, startTestHerald } from '../support/herald.ts';

/** `herald silences list|create|expire` against a running Herald, through the API. */
describe('herald silences', () => {
  it('creates a silence from flags, lists it, expires it, and reports a bad one with exit code 2', async () => {
    const server = await startTestHerald();
    // Async spawn: the server runs in this process and must keep answering.
    const run = (args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['src/cli/main.ts', 'silences', ...args], { env: { ...process.env, HERALD_URL: server.url, HERALD_TOKEN: ADMIN_TOKEN } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    try {
      const created = await run(['create', '-o', 'json', '--namespaces', 'shop, !shop-keep', '--actors', '!system:serviceaccount:*',
        '--duration', '2h', '--comment', 'deploy freeze']);
      assert.equal(created.status, 0, created.stderr);
      const silence = JSON.parse(created.stdout);
      assert.deepEqual(silence.matchers.namespaces, ['shop', '!shop-keep']);
      assert.deepEqual(silence.matchers.actors, ['!system:serviceaccount:*']);
      const hours = (Date.parse(silence.endsAt) - Date.parse(silence.startsAt)) / 3_600_000;
      assert.ok(hours > 1.99 && hours <= 2, `--duration 2h ends two hours after the start (${hours})`);
      const list = await run(['list', '--state', 'active']);
      assert.equal(list.status, 0, list.stderr);
      assert.match(list.stdout, new RegExp(`${silence.id}\\s+active\\s.*namespaces=shop,!shop-keep actors=!system:serviceaccount:\\*\\s+deploy freeze`));
      const expired = await run(['expire', silence.id]);
      assert.equal(expired.status, 0, expired.stderr);
      assert.match(expired.stdout, new RegExp(`^expired ${silence.id}`));
      assert.equal((await run(['list', '--state', 'active'])).stdout.trim(), '(none)');

      const everything = await run(['create', '--duration', '1h', '--comment', 'all']);
      assert.equal(everything.status, 2);
      assert.match(everything.stderr, /400 VALIDATION: a silence needs at least one matcher/);
      const noEnd = await run(['create', '--kinds', 'Job', '--comment', 'x']);
      assert.equal(noEnd.status, 2);
      assert.match(noEnd.stderr, /needs --duration or --ends/);
      const badDuration = await run(['create', '--kinds', 'Job', '--comment', 'x', '--duration', 'soon']);
      assert.equal(badDuration.status, 2);
      assert.match(badDuration.stderr, /not a duration/);
    } finally {
      await server.close();
    }
  });
});
