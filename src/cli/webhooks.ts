import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { HeraldError } from '../core/errors.ts';
import { clientGroup, type ActionContext, type OptionSpec } from './command.ts';
import { EXIT } from './exit-codes.ts';
import { seg as enc } from './client/api-client.ts';
import { fields, table, type Column } from './output.ts';

/** `herald webhooks …`: manage webhooks through the REST API (/api/v1/webhooks). */
const COLUMNS: Array<Column<any>> = [
  { header: 'id', value: (w) => w.id },
  { header: 'name', value: (w) => w.name },
  { header: 'platform', value: (w) => w.platform },
  { header: 'status', value: (w) => (w.enabled ? 'enabled' : `disabled${w.disabledReason ? `: ${w.disabledReason}` : ''}`) },
  { header: 'url', value: (w) => w.url },
];

const SPEC: Record<string, OptionSpec> = {
  file: { type: 'string', short: 'f', value: 'FILE', help: 'the webhook as YAML or JSON, every field of the API (- reads standard input)' },
  name: { type: 'string', value: 'NAME', help: 'name' },
  platform: { type: 'string', value: 'ID', help: 'custom (default), slack, discord, teams, … (GET /api/v1/platforms)' },
  url: { type: 'string', value: 'URL', help: 'where deliveries go' },
  secret: { type: 'string', value: 'SECRET', help: 'signing secret (whsec_…); prefer --file to keep it out of the shell history' },
  event: { type: 'string', multiple: true, value: 'TYPE', help: 'filters.events: only these event types (comma-separated or repeated)' },
  namespace: { type: 'string', multiple: true, value: 'GLOB', help: 'filters.namespaces, e.g. prod-* (comma-separated or repeated)' },
};

async function spec(ctx: ActionContext): Promise<Record<string, unknown>> {
  const file = ctx.string('file');
  const text = file === undefined ? undefined : file === '-' ? await ctx.io.stdin() : readText(file);
  const fromFile = text === undefined ? {} : parseYaml(text) as unknown;
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
    throw new HeraldError('CONFIG_INVALID', `--file ${file}: expected one webhook object`, 'file');
  }
  const flags = Object.fromEntries(['name', 'platform', 'url', 'secret'].map((k) => [k, ctx.string(k)]).filter(([, v]) => v !== undefined));
  const filters = { ...(fromFile as { filters?: object }).filters };
  if (ctx.list('event').length > 0) Object.assign(filters, { events: ctx.list('event') });
  if (ctx.list('namespace').length > 0) Object.assign(filters, { namespaces: ctx.list('namespace') });
  return { ...fromFile, ...flags, ...(Object.keys(filters).length > 0 ? { filters } : {}) };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new HeraldError('CONFIG_INVALID', `--file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { field: 'file', cause: err });
  }
}

const showOne = (ctx: ActionContext, w: any) => ctx.print(w, () => table([w], COLUMNS));
const id = { args: ['ID'] as const };

export const webhooksCommand = clientGroup({
  name: 'webhooks',
  summary: 'list, create, change, enable, disable, test and delete webhooks',
  actions: {
    list: {
      summary: 'List webhooks.', read: true,
      run: async (ctx) => { const body = await ctx.api.get('/webhooks'); ctx.print(body, () => table(body.items, COLUMNS)); },
    },
    get: {
      ...id, summary: 'Show one webhook (secrets are never shown, only whether one is set).', read: true,
      run: async (ctx) => {
        const w = await ctx.api.get(`/webhooks/${enc(ctx.args[0]!)}`);
        ctx.print(w, () => fields([
          ['ID', w.id], ['Name', w.name], ['Platform', w.platform], ['URL', w.url], ['Status', COLUMNS[3]!.value(w)],
          ['Signing secret', w.hasSecret ? 'set' : 'none'], ['Auth', w.auth?.type], ['Filters', w.filters], ['Retry', w.retry],
          ['Failing since', w.failingSince], ['Created', w.createdAt], ['Updated', w.updatedAt],
        ]));
      },
    },
    create: {
      summary: 'Create a webhook from --file and/or flags (flags win).', options: SPEC, read: true,
      details: 'example: herald webhooks create --name ops --url https://receiver.example.com/herald --event create,delete',
      run: async (ctx) => showOne(ctx, await ctx.api.post('/webhooks', await spec(ctx))),
    },
    update: {
      ...id, summary: 'Change a webhook: only the fields given change (PUT merge-update).', options: SPEC, read: true,
      run: async (ctx) => showOne(ctx, await ctx.api.put(`/webhooks/${enc(ctx.args[0]!)}`, await spec(ctx))),
    },
    enable: {
      ...id, summary: 'Enable a webhook (clears the reason it was disabled for).', read: true,
      run: async (ctx) => showOne(ctx, await ctx.api.put(`/webhooks/${enc(ctx.args[0]!)}`, { enabled: true })),
    },
    disable: {
      ...id, summary: 'Disable a webhook: events stop being delivered to it until enabled.', read: true,
      run: async (ctx) => showOne(ctx, await ctx.api.put(`/webhooks/${enc(ctx.args[0]!)}`, { enabled: false })),
    },
    delete: {
      ...id, summary: 'Delete a webhook and its delivery history.',
      run: async (ctx) => { await ctx.api.delete(`/webhooks/${enc(ctx.args[0]!)}`); ctx.io.out(`deleted webhook ${ctx.args[0]}\n`); },
    },
    test: {
      ...id, summary: 'Send a test event now and show the answer; exits 1 when the receiver did not accept it.', read: true,
      run: async (ctx) => {
        const r = await ctx.api.post(`/webhooks/${enc(ctx.args[0]!)}/test`);
        ctx.print(r, () => `${r.ok ? 'ok' : 'FAILED'}: ${r.attempt?.statusCode ?? '-'} ${r.attempt?.error ?? ''} ${(r.attempt?.responseBody ?? '').slice(0, 200)}`.replace(/\s+/g, ' ').trim() + '\n');
        return r.ok ? EXIT.ok : EXIT.failed;
      },
    },
  },
});


