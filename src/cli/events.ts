import { HeraldError } from '../core/errors.ts';
import { seg } from './client/api-client.ts';
import { DELIVERY_COLUMNS } from './deliveries.ts';
import { clientGroup, type ActionContext, type OptionSpec } from './command.ts';
import { fields, table, type Column } from './output.ts';
import { pageOptions } from './paging.ts';

/**
 * `herald events …`: the event log. Filters are passed through as query
 * parameters (`--where type=delete`) after checking that this server's GET
 * /api/v1/events declares them (its OpenAPI document), so the CLI follows
 * what the server offers instead of a list of its own.
 */
const COLUMNS: Array<Column<any>> = [
  { header: 'id', value: (e) => e.id },
  { header: 'time', value: (e) => e.timestamp },
  { header: 'type', value: (e) => e.event },
  { header: 'source', value: (e) => e.source },
  { header: 'cluster', value: (e) => e.cluster },
  { header: 'namespace', value: (e) => e.namespace },
  { header: 'kind', value: (e) => e.resource },
  { header: 'name', value: (e) => e.name },
  { header: 'actor', value: (e) => e.actor },
  { header: 'summary', value: (e) => e.summary },
];

const WHERE: Record<string, OptionSpec> = {
  where: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'a filter the server\'s GET /api/v1/events accepts (see its OpenAPI document); repeatable' },
};

async function filters(ctx: ActionContext): Promise<Record<string, string>> {
  const pairs = ctx.each('where').map((w) => {
    const at = w.indexOf('=');
    if (at <= 0) throw new HeraldError('CONFIG_INVALID', `--where ${w}: expected KEY=VALUE`, 'where');
    return [w.slice(0, at), w.slice(at + 1)] as const;
  });
  if (pairs.length === 0) return {};
  const doc = await ctx.api.get('/openapi.json');
  const known = ((doc?.paths?.['/api/v1/events']?.get?.parameters ?? []) as Array<{ name: string; in: string }>)
    .filter((p) => p.in === 'query' && p.name !== 'cursor' && p.name !== 'limit').map((p) => p.name);
  for (const [key] of pairs) {
    if (!known.includes(key)) {
      throw new HeraldError('CONFIG_INVALID', `--where ${key}: this Herald does not filter events by "${key}"; it offers: ${known.join(', ') || 'no filters'}`, 'where');
    }
  }
  return Object.fromEntries(pairs);
}

export const eventsCommand = clientGroup({
  name: 'events',
  summary: 'the event log: list, show one event, export as NDJSON',
  actions: {
    list: {
      summary: 'List events in the order they were recorded, after --cursor.', read: true,
      options: { ...WHERE, ...pageOptions(100) },
      run: async (ctx) => {
        const limit = Number(ctx.string('limit') ?? 100);
        const body = await ctx.api.get('/events', { ...await filters(ctx), cursor: ctx.string('cursor'), limit: ctx.string('limit') });
        ctx.print(body, () => table(body.items, COLUMNS));
        if (ctx.format === 'table' && body.items.length >= limit && body.nextCursor) ctx.io.err(`more: --cursor ${body.nextCursor}\n`);
      },
    },
    show: {
      args: ['ID'], summary: 'Show one event with every changed field and the deliveries it caused.', read: true,
      run: async (ctx) => {
        const detail = await ctx.api.get(`/events/${seg(ctx.args[0]!)}`);
        const e = detail.event;
        ctx.print(detail, () => `${fields([
          ['ID', e.id], ['Time', e.timestamp], ['Type', e.event], ['Source', e.source], ['Cluster', e.cluster],
          ['Namespace', e.namespace], ['Kind', e.resource], ['Name', e.name], ['Actor', e.actor], ['Summary', e.summary],
          ['Labels', Object.keys(e.labels ?? {}).length > 0 ? e.labels : null],
        ])}${e.changes?.length ? `\n${table(e.changes, [
          { header: 'field', value: (c: any) => c.field }, { header: 'old', value: (c: any) => c.old }, { header: 'new', value: (c: any) => c.new },
        ])}` : ''}${detail.deliveries?.length ? `\n${table(detail.deliveries, DELIVERY_COLUMNS)}` : ''}`);
      },
    },
    export: {
      summary: 'Write the event log as NDJSON (one event per line) to standard output, page after page.',
      details: 'The cursor to resume from is printed on standard error at the end: herald events export --cursor <it> >> events.ndjson',
      options: { ...WHERE, ...pageOptions(1000), max: { type: 'string', value: 'N', help: 'stop after N events' } },
      run: async (ctx) => {
        const where = await filters(ctx);
        const pageSize = Number(ctx.string('limit') ?? 1000);
        const max = ctx.string('max') === undefined ? Infinity : Number(ctx.string('max'));
        let cursor = ctx.string('cursor');
        let written = 0;
        for (;;) {
          const limit = Math.min(pageSize, max - written);
          if (limit <= 0) break;
          const answer = await ctx.api.send('GET', '/events', { query: { ...where, cursor, limit }, accept: 'application/x-ndjson' });
          const lines = answer.text === '' ? 0 : answer.text.split('\n').filter(Boolean).length;
          ctx.io.out(answer.text);
          written += lines;
          cursor = answer.headers.get('x-next-cursor') || cursor;
          if (lines < limit) break;
        }
        ctx.io.err(`exported ${written} events; resume with --cursor ${cursor ?? ''}\n`);
      },
    },
  },
});

/** GET /events/{id} where the server has it; a server without that route is searched through the export. */
