import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { HeraldError } from '../core/errors.ts';
import { apiClient, table } from './api-client.ts';

/** `herald silences …`: a thin client of /api/v1/silences on a running Herald. */
const USAGE = `usage: herald silences <list|create|expire ID> [options]
  --server URL   Herald's address (HERALD_URL, default http://127.0.0.1:8080)
  --token TOKEN  API token (HERALD_TOKEN, default: the contents of ./data/admin.token)
  list:    --state pending|active|expired
  create:  --comment TEXT (required) and --duration 2h (s, m, h, d) or --ends ISO-TIME, --starts ISO-TIME
           matchers as comma lists, ! excludes: --events --clusters --kinds --namespaces --actors --fields
           e.g. --namespaces 'shop' --actors '!system:serviceaccount:*'; or --file FILE (YAML or JSON, the API's body)
  --json         print raw JSON instead of a table`;

const MATCHERS = ['events', 'clusters', 'kinds', 'namespaces', 'actors', 'fields'] as const;

export async function runSilences(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      server: { type: 'string' }, token: { type: 'string' }, file: { type: 'string' }, state: { type: 'string' },
      comment: { type: 'string' }, duration: { type: 'string' }, starts: { type: 'string' }, ends: { type: 'string' },
      ...Object.fromEntries(MATCHERS.map((m) => [m, { type: 'string' as const }])),
      json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, id] = positionals;
  if (values.help === true || action === undefined) {
    out(USAGE);
    return values.help === true ? 0 : 2;
  }
  const call = apiClient({ server: values.server, token: values.token });
  const print = (value: unknown) => out(JSON.stringify(value, null, 2));
  switch (action) {
    case 'list': {
      const { items } = await call('GET', `/silences${values.state === undefined ? '' : `?state=${encodeURIComponent(values.state)}`}`);
      if (values.json === true) print(items);
      else out(table(items.map((s: any) => [s.id, s.state, s.startsAt, s.endsAt, s.createdBy, describeMatchers(s.matchers), s.comment])));
      return 0;
    }
    case 'create': {
      const made = await call('POST', '/silences', silenceBody(values as Record<string, string | undefined>, Date.now()));
      if (values.json === true) print(made);
      else out(`${made.id} ${made.state} until ${made.endsAt}`);
      return 0;
    }
    case 'expire': {
      if (id === undefined) throw new HeraldError('CONFIG_INVALID', 'herald silences expire needs a silence id');
      const expired = await call('DELETE', `/silences/${encodeURIComponent(id)}`);
      out(`expired ${expired.id} at ${expired.endsAt}`);
      return 0;
    }
    default:
      throw new HeraldError('CONFIG_INVALID', `unknown action "${action}"\n${USAGE}`);
  }
}

/** The API body from --file and the flags (flags win). */
export function silenceBody(values: Record<string, string | undefined>, now: number): Record<string, unknown> {
  const fromFile = values.file === undefined ? {} : parseYaml(readFileSync(values.file, 'utf8')) as Record<string, unknown>;
  const matchers: Record<string, unknown> = { ...(fromFile.matchers as Record<string, unknown> | undefined) };
  for (const m of MATCHERS) {
    const v = values[m];
    if (v !== undefined) matchers[m] = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
  if (values.duration !== undefined && values.ends !== undefined) {
    throw new HeraldError('CONFIG_INVALID', 'give --duration or --ends, not both', 'duration');
  }
  const starts = values.starts ?? (fromFile.startsAt as string | undefined);
  const base = starts === undefined ? now : Date.parse(starts);
  const endsAt = values.duration !== undefined ? new Date(base + durationMs(values.duration)).toISOString() : values.ends ?? fromFile.endsAt;
  if (endsAt === undefined) throw new HeraldError('CONFIG_INVALID', 'herald silences create needs --duration or --ends', 'duration');
  return {
    ...fromFile, matchers, endsAt,
    ...(starts === undefined ? {} : { startsAt: starts }),
    ...(values.comment === undefined ? {} : { comment: values.comment }),
  };
}

function durationMs(text: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (m === null) throw new HeraldError('CONFIG_INVALID', `--duration "${text}" is not a duration such as 90m, 2h or 1d`, 'duration');
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

function describeMatchers(m: Record<string, unknown>): string {
  const parts = Object.entries(m).filter(([, v]) => Array.isArray(v) && v.length > 0 && !(v.length === 1 && v[0] === '*'))
    .map(([k, v]) => (k === 'labels' ? `labels=${(v as Array<{ key: string; operator: string }>).map((c) => `${c.key} ${c.operator}`).join(';')}` : `${k}=${(v as string[]).join(',')}`));
  return parts.join(' ');
}
