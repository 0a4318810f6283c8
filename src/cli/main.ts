#!/usr/bin/env node
import { isHeraldError } from '../core/errors.ts';
import { buildInfo } from '../observability/build-info.ts';
import { runManifests } from './manifests.ts';
import { runServe } from './serve.ts';
import { runSilences } from './silences.ts';
import { runWebhooks } from './webhooks.ts';

/**
 * `herald <command>`. Each command is one module returning an exit code;
 * a HeraldError (a configuration mistake is CONFIG_INVALID, including a port in
 * use) becomes one line on stderr and exit code 2, never a stack trace.
 */
type Command = (argv: string[], out: (s: string) => void) => number | Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  serve: { run: runServe, help: 'run the Herald server (embedded SQLite store unless store.url says otherwise)' },
  webhooks: { run: runWebhooks, help: 'list, create, update, delete and test webhooks on a running Herald (--help)' },
  silences: { run: runSilences, help: 'list, create and expire silences (time-bounded mutes) on a running Herald (--help)' },
  manifests: { run: runManifests, help: 'print what a cluster needs: RBAC, Deployment, Service, webhook configs (--help)' },
};

const USAGE = `usage: herald <command> [options]
       herald --version

commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(11)} ${c.help}`).join('\n')}

serve options: --config FILE  --host HOST  --port N  --data-dir DIR  --store-url URL
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    const { version, commit } = buildInfo();
    process.stdout.write(`herald ${version} (${commit})\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`herald: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(rest, out);
  } catch (err) {
    if (isHeraldError(err)) {
      process.stderr.write(`herald: ${err.message}\n`);
      return 2;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`herald ${name}: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`herald: unexpected error: ${(err as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
