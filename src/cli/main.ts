#!/usr/bin/env node
import { isHeraldError } from '../core/errors.ts';
import { buildInfo } from '../observability/build-info.ts';
import { columns } from './columns.ts';
import type { Io } from './command.ts';
import { COMMANDS } from './commands.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';

/**
 * `herald <command>`. Each command returns its exit status; an error becomes
 * one line on stderr (never a stack trace) and the status its code maps to
 * (src/cli/exit-codes.ts, docs/cli.md).
 */
const USAGE = `usage: herald <command> [options]
       herald <command> --help
       herald --version

commands:
${columns(COMMANDS.map((c) => [c.name, c.summary] as const))}
The client commands talk to a running Herald over its REST API: --server / HERALD_URL and
--token / HERALD_TOKEN, else ~/.config/herald/cli.yaml, else ./data/admin.token (docs/cli.md).
Exit status: 0 ok, 1 the operation failed, 2 usage or configuration error, 3 not found, forbidden or unauthenticated.
`;

const io: Io = {
  out: (s) => { process.stdout.write(s); },
  err: (s) => { process.stderr.write(s); },
  env: process.env,
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) { io.err(USAGE); return EXIT.usage; }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    return topic === undefined ? (io.out(USAGE), EXIT.ok) : run(topic.name, () => topic.run(['--help'], io));
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    const { version, commit } = buildInfo();
    io.out(`herald ${version} (${commit})\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`herald: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.usage;
  }
  return run(name, () => command.run(rest, io));
}

async function run(name: string, command: () => number | Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (err) {
    const code = exitCodeFor(err);
    const known = isHeraldError(err) || code === EXIT.usage;
    io.err(`herald ${name}: ${known ? '' : 'unexpected error: '}${(err as Error).message}\n`);
    return code;
  }
}

process.exitCode = await main(process.argv.slice(2));
