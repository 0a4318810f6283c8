import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/cli/commands.ts';

/**
 * src/cli/commands.ts lists every command by name and summary and loads its
 * module only when it runs: what `herald --help` lists is what the module
 * says, and a start of the CLI loads no command it does not run.
 */
describe('herald commands', () => {
  it('lists each command with the name and summary of its own module', async () => {
    for (const listed of COMMANDS) {
      const command = await listed.load();
      assert.deepEqual({ name: command.name, summary: command.summary }, { name: listed.name, summary: listed.summary });
    }
  });

  it('loads no command module (nor the client\'s yaml) until that command runs', () => {
    // The CLI as `herald --version` runs it, its module hooks listing what was loaded.
    const child = `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
      process.argv = [process.argv[0], 'main.ts', '--version'];
      await import(new URL('src/cli/main.ts', 'file://' + process.cwd() + '/').href);
      process.stderr.write('LOADED ' + JSON.stringify(seen));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0, r.stderr);
    const loaded = JSON.parse(/LOADED (.*)$/.exec(r.stderr)![1]!) as string[];
    assert.ok(loaded.some((u) => u.endsWith('/src/cli/commands.ts')), 'the hooks saw the CLI load');
    for (const name of ['serve', 'webhooks', 'deliveries', 'silences', 'events', 'users', 'tokens', 'audit', 'manifests', 'command', 'output']) {
      assert.ok(!loaded.some((u) => u.endsWith(`/src/cli/${name}.ts`)), `src/cli/${name}.ts was loaded`);
    }
    assert.ok(!loaded.some((u) => u.includes('/node_modules/yaml/')), 'yaml was loaded');
  });
});
