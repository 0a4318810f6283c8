import { parseArgs } from 'node:util';
import { HeraldError } from '../core/errors.ts';
import { ApiClient } from './client/api-client.ts';
import { columns } from './columns.ts';
import { resolveCredentials } from './client/credentials.ts';
import { EXIT } from './exit-codes.ts';
import { parseFormat, serialize, type Format } from './output.ts';

/**
 * The shape every `herald <command>` has, and the one runner for the client
 * commands: a group of actions (`herald webhooks list`), each with its
 * positional arguments, options and help, parsed by util.parseArgs.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Everything on standard input (for --password-stdin and `-f -`). */
  stdin(): Promise<string>;
}

export interface Command {
  name: string;
  summary: string;
  run(argv: string[], io: Io): number | Promise<number>;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** The value's placeholder in help, e.g. FILE. */
  value?: string;
  help: string;
}

export interface ActionContext {
  args: string[];
  io: Io;
  api: ApiClient;
  format: Format;
  string(name: string): string | undefined;
  flag(name: string): boolean;
  /** A repeatable option's values, each also split at commas. */
  list(name: string): string[];
  /** A repeatable option's values as given. */
  each(name: string): string[];
  /** Prints `data` as json or yaml, or as `table()` renders it. */
  print(data: unknown, table: () => string): void;
}

export interface Action {
  summary: string;
  /** Positional arguments: `ID` is required, `[ID]` optional. */
  args?: readonly string[];
  options?: Record<string, OptionSpec>;
  /** Adds -o table|json|yaml. */
  read?: boolean;
  /** Extra lines under the summary in `--help`. */
  details?: string;
  run(ctx: ActionContext): Promise<number | void>;
}

export interface Group { name: string; summary: string; actions: Record<string, Action> }

const CLIENT_OPTIONS: Record<string, OptionSpec> = {
  server: { type: 'string', value: 'URL', help: 'Herald\'s address (HERALD_URL, the CLI config file; default http://127.0.0.1:8080)' },
  token: { type: 'string', value: 'TOKEN', help: 'API token (HERALD_TOKEN, the CLI config file, ./data/admin.token)' },
};
const OUTPUT: OptionSpec = { type: 'string', short: 'o', value: 'FORMAT', help: 'table (default), json or yaml' };
const HELP: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };

export function clientGroup(group: Group): Command {
  return { name: group.name, summary: group.summary, run: (argv, io) => runGroup(group, argv, io) };
}

async function runGroup(group: Group, argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const help = groupHelp(group);
    if (name === undefined) { io.err(help); return EXIT.usage; }
    io.out(help);
    return EXIT.ok;
  }
  const action = group.actions[name];
  if (action === undefined) throw new HeraldError('CONFIG_INVALID', `unknown command "${name}"\n\n${groupHelp(group)}`);
  const options = allOptions(action);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: parseSpec(options) });
  if (values.help === true) { io.out(actionHelp(group, name, action)); return EXIT.ok; }
  const wanted = action.args ?? [];
  const required = wanted.filter((a) => !a.startsWith('[')).length;
  if (positionals.length < required || positionals.length > wanted.length) {
    const missing = positionals.length < required ? `needs ${wanted[positionals.length]}` : `takes ${wanted.length === 0 ? 'no arguments' : wanted.join(' ')}, got ${positionals.join(' ')}`;
    throw new HeraldError('CONFIG_INVALID', `${name} ${missing}\n\n${actionHelp(group, name, action)}`);
  }
  const format = parseFormat(values.output as string | undefined);
  const str = (key: string) => values[key] as string | undefined;
  const api = new ApiClient(() => resolveCredentials({ server: str('server'), token: str('token') }, io.env));
  const ctx: ActionContext = {
    args: positionals, io, api, format,
    string: str,
    flag: (key) => values[key] === true,
    list: (key) => (values[key] as string[] | undefined)?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean) ?? [],
    each: (key) => (values[key] as string[] | undefined) ?? [],
    print: (data, table) => io.out(format === 'table' ? table() : serialize(format, data)),
  };
  return (await action.run(ctx)) ?? EXIT.ok;
}

function allOptions(action: Action): Record<string, OptionSpec> {
  return { ...action.options, ...(action.read === true ? { output: OUTPUT } : {}), ...CLIENT_OPTIONS, help: HELP };
}

function parseSpec(options: Record<string, OptionSpec>) {
  return Object.fromEntries(Object.entries(options).map(([k, o]) => [k, {
    type: o.type, ...(o.short === undefined ? {} : { short: o.short }), ...(o.multiple === true ? { multiple: true } : {}),
  }]));
}

function groupHelp(group: Group): string {
  const rows = Object.entries(group.actions).map(([name, a]) => [`${name}${a.args?.length ? ` ${a.args.join(' ')}` : ''}`, a.summary] as const);
  return `herald ${group.name}: ${group.summary}\n\nusage: herald ${group.name} <command> [options]\n\ncommands:\n${columns(rows)}\n`
    + `Run \`herald ${group.name} <command> --help\` for its options.\n`;
}

function actionHelp(group: Group, name: string, action: Action): string {
  const args = action.args?.length ? ` ${action.args.join(' ')}` : '';
  const rows = Object.entries(allOptions(action)).map(([k, o]) => [
    `${o.short === undefined ? '    ' : `-${o.short}, `}--${k}${o.value === undefined ? '' : ` ${o.value}`}`,
    o.help,
  ] as const);
  return `usage: herald ${group.name} ${name}${args} [options]\n\n${action.summary}\n${action.details === undefined ? '' : `${action.details}\n`}\noptions:\n${columns(rows)}`;
}
