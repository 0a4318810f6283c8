import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { parse } from 'yaml';
import { HeraldError } from '../core/errors.ts';
import { schemaError } from '../core/schema-error.ts';
import { ConfigSchema, type Config } from './config-schema.ts';
import { unknownKeyHint } from './unknown-key-hint.ts';

/**
 * Reads herald.yaml (if any), then lets HERALD_* variables override single
 * settings, then validates the whole. A bad file is a CONFIG_INVALID error
 * naming the setting, never a stack trace.
 */
export interface LoadConfigOptions {
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Settings given on the command line, by path (`server.port`), with the flag that set them. */
  overrides?: Record<string, { value: unknown; origin: string }>;
}

// Required only when there is a file to parse: the yaml package is 72 modules (~1 MiB of heap)
// that a Herald configured by its environment and flags alone never uses.
const parseYaml = (text: string): unknown => (createRequire(import.meta.url)('yaml') as { parse: typeof parse }).parse(text);

export function loadConfig(opts: LoadConfigOptions = {}): Config {
  const env = opts.env ?? process.env;
  const file = opts.file ?? (env.HERALD_CONFIG || undefined) ?? (existsSync('herald.yaml') ? 'herald.yaml' : undefined);
  let raw: Record<string, unknown> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new HeraldError('CONFIG_INVALID', `cannot read the config file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    }
    try {
      raw = (parseYaml(text) as Record<string, unknown> | null) ?? {};
    } catch (err) {
      throw new HeraldError('CONFIG_INVALID', `${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`, { cause: err });
    }
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new HeraldError('CONFIG_INVALID', `${file} must hold a YAML mapping`);
    raw = interpolateEnv(raw, env, file) as Record<string, unknown>;
  }
  // Where each overridden setting came from, so an error names the variable or flag to fix.
  const origins = new Map<string, string>();
  const set = (path: string, value: unknown, origin: string): void => {
    if (value === undefined || value === '') return;
    origins.set(path, origin);
    const keys = path.split('.');
    let node = raw as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) {
      if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  };
  set('server.host', env.HERALD_HOST, 'HERALD_HOST');
  set('server.port', env.HERALD_PORT === undefined ? undefined : Number(env.HERALD_PORT), 'HERALD_PORT');
  set('dataDir', env.HERALD_DATA_DIR, 'HERALD_DATA_DIR');
  set('store.url', env.HERALD_STORE_URL, 'HERALD_STORE_URL');
  set('delivery.allowedNetworks', env.HERALD_ALLOWED_NETWORKS?.split(',').map((s) => s.trim()).filter(Boolean), 'HERALD_ALLOWED_NETWORKS');
  set('auth.adminToken', env.HERALD_ADMIN_TOKEN, 'HERALD_ADMIN_TOKEN');
  set('log.level', env.HERALD_LOG_LEVEL, 'HERALD_LOG_LEVEL');
  set('kubernetes.cluster', env.HERALD_CLUSTER, 'HERALD_CLUSTER');
  set('kubernetes.token', env.HERALD_KUBERNETES_TOKEN, 'HERALD_KUBERNETES_TOKEN');
  set('kubernetes.clientCaFile', env.HERALD_KUBERNETES_CLIENT_CA_FILE, 'HERALD_KUBERNETES_CLIENT_CA_FILE');
  if (env.HERALD_TLS_CERT_FILE !== undefined || env.HERALD_TLS_KEY_FILE !== undefined) {
    set('server.tls.certFile', env.HERALD_TLS_CERT_FILE, 'HERALD_TLS_CERT_FILE');
    set('server.tls.keyFile', env.HERALD_TLS_KEY_FILE, 'HERALD_TLS_KEY_FILE');
  }
  for (const [path, { value, origin }] of Object.entries(opts.overrides ?? {})) set(path, value, origin);

  const parsed = ConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const field = schemaError(parsed.error, { code: 'CONFIG_INVALID' }).field ?? '';
  const origin = [...origins].find(([path]) => field === path || field.startsWith(`${path}.`))?.[1];
  const err = schemaError(parsed.error, { code: 'CONFIG_INVALID', whole: '(root)', source: origin ?? file ?? 'configuration' });
  const hint = parsed.error.issues[0]?.code === 'unrecognized_keys' ? unknownKeyHint(ConfigSchema, field) : undefined;
  throw hint === undefined ? err : new HeraldError('CONFIG_INVALID', `${err.message}; ${hint}`, { field, cause: parsed.error });
}

/**
 * `${NAME}` in a string value is replaced by that environment variable, so
 * secrets can stay out of the file. A missing variable is an error, not an
 * empty secret.
 */
function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, file: string, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) throw new HeraldError('CONFIG_INVALID', `${file}: ${path}: environment variable ${name} is not set`, path);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, file, path === '' ? String(i) : `${path}.${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, file, path === '' ? k : `${path}.${k}`)]));
  }
  return value;
}
