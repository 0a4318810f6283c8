import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import { schemaError } from '../../core/schema-error.ts';

/**
 * Where the client commands find Herald and an API token, first match wins:
 * --server / --token, HERALD_URL / HERALD_TOKEN, the CLI config file
 * (HERALD_CLI_CONFIG, else $XDG_CONFIG_HOME/herald/cli.yaml, else
 * ~/.config/herald/cli.yaml), then the token `herald serve` writes on first
 * run ($HERALD_DATA_DIR or ./data, admin.token) for a Herald on this machine.
 */
export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

export interface Credentials { server: string; token: string; tokenFrom: string }
export interface CredentialFlags { server?: string | undefined; token?: string | undefined }

const CliConfigSchema = z.strictObject({
  server: z.url().optional(),
  token: z.string().min(1).optional(),
  tokenFile: z.string().min(1).optional().describe('a file holding the token, e.g. a mounted secret'),
});

export function cliConfigPath(env: NodeJS.ProcessEnv): string {
  if (env.HERALD_CLI_CONFIG) return env.HERALD_CLI_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'herald', 'cli.yaml');
}

export function resolveCredentials(flags: CredentialFlags, env: NodeJS.ProcessEnv): Credentials {
  const configPath = cliConfigPath(env);
  const config = readCliConfig(configPath);
  const server = (flags.server ?? (env.HERALD_URL || undefined) ?? config?.server ?? DEFAULT_SERVER).replace(/\/+$/, '');
  const dataToken = join(resolve(env.HERALD_DATA_DIR || './data'), 'admin.token');
  const candidates: Array<[from: string, read: () => string | undefined]> = [
    ['--token', () => flags.token],
    ['HERALD_TOKEN', () => env.HERALD_TOKEN || undefined],
    [`${configPath} (token)`, () => config?.token],
    [`${configPath} (tokenFile ${config?.tokenFile})`, () => (config?.tokenFile === undefined ? undefined : readTokenFile(config.tokenFile, `${configPath}: tokenFile`))],
    [dataToken, () => (existsSync(dataToken) ? readTokenFile(dataToken, dataToken) : undefined)],
  ];
  for (const [from, read] of candidates) {
    const token = read();
    if (token !== undefined && token !== '') return { server, token, tokenFrom: from };
  }
  const looked = ['--token', 'HERALD_TOKEN', `${configPath} (${config === undefined ? 'no such file' : 'no token or tokenFile'})`, `${dataToken} (no such file)`];
  throw new HeraldError('UNAUTHENTICATED', `no API token found for ${server}; looked in: ${looked.join(', ')}. `
    + 'Pass --token, set HERALD_TOKEN, or write "token:" to the config file (create a token in the console or with `herald tokens create`)');
}

function readCliConfig(path: string): z.infer<typeof CliConfigSchema> | undefined {
  if (!existsSync(path)) return undefined;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8')) ?? {};
  } catch (err) {
    throw new HeraldError('CONFIG_INVALID', `${path}: cannot read the CLI config: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  const parsed = CliConfigSchema.safeParse(raw);
  if (!parsed.success) throw schemaError(parsed.error, { code: 'CONFIG_INVALID', source: path, whole: 'cli.yaml' });
  return parsed.data;
}

function readTokenFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    throw new HeraldError('CONFIG_INVALID', `${what}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
}
