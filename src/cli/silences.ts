import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HeraldError } from '../core/errors.ts';
import { seg } from './client/api-client.ts';
import { clientGroup, type OptionSpec } from './command.ts';
import { table, type Column } from './output.ts';

/** `herald silences …`: time-bounded mutes on a running Herald, through /api/v1/silences. */
const MATCHERS = ['events', 'clusters', 'kinds', 'namespaces', 'actors', 'fields'] as const;

const COLUMNS: Array<Column<any>> = [
  { header: 'id', value: (s) => s.id },
  { header: 'state', value: (s) => s.state },
  { header: 'starts', value: (s) => s.startsAt },
  { header: 'ends', value: (s) => s.endsAt },
  { header: 'by', value: (s) => s.createdBy },
  { header: 'matchers', value: (s) => describeMatchers(s.matchers) },
  { header: 'comment', value: (s) => s.comment },
];

const CREATE_OPTIONS: Record<string, OptionSpec> = {
  comment: { type: 'string', value: 'TEXT', help: 'why (required)' },
  duration: { type: 'string', value: 'DURATION', help: 'how long from the start: 90m, 2h, 1d (or --ends)' },
  starts: { type: 'string', value: 'ISO-TIME', help: 'when it starts (default: now)' },
  ends: { type: 'string', value: 'ISO-TIME', help: 'when it ends (or --duration)' },
  file: { type: 'string', value: 'FILE', help: 'the API\'s body as YAML or JSON; flags win' },
  ...Object.fromEntries(MATCHERS.map((m) => [m, { type: 'string' as const, value: 'LIST', help: `${m} to match, comma-separated; ! excludes` }])),
};

export const silencesCommand = clientGroup({
  name: 'silences',
  summary: 'time-bounded mutes: matching events are recorded but not delivered',
  actions: {
    list: {
      summary: 'List silences.', read: true,
      options: { state: { type: 'string', value: 'STATE', help: 'pending, active or expired' } },
      run: async (ctx) => {
        const body = await ctx.api.get('/silences', { state: ctx.string('state') });
        ctx.print(body, () => (body.items.length === 0 ? '(none)\n' : table(body.items, COLUMNS)));
      },
    },
    create: {
      summary: 'Create a silence from flags and/or --file.', read: true, options: CREATE_OPTIONS,
      details: "example: herald silences create --namespaces shop --actors '!system:serviceaccount:*' --duration 2h --comment 'deploy freeze'",
      run: async (ctx) => {
        const values = Object.fromEntries(Object.keys(CREATE_OPTIONS).map((k) => [k, ctx.string(k)]));
        const made = await ctx.api.post('/silences', silenceBody(values, Date.now()));
        ctx.print(made, () => `${made.id} ${made.state} until ${made.endsAt}\n`);
      },
    },
    expire: {
      args: ['ID'], summary: 'End a silence now (it is kept, so muted events still name it).',
      run: async (ctx) => {
        await ctx.api.delete(`/silences/${seg(ctx.args[0]!)}`);
        ctx.io.out(`expired ${ctx.args[0]}\n`);
      },
    },
  },
});

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
