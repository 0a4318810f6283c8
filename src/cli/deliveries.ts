import { HeraldError } from '../core/errors.ts';
import { seg } from './client/api-client.ts';
import { clientGroup, type ActionContext } from './command.ts';
import { fields, table, type Column } from './output.ts';
import { pageOptions, printNextPage } from './paging.ts';

/** `herald deliveries …`: what was sent where, every attempt, and sending again. */
export const DELIVERY_COLUMNS: Array<Column<any>> = [
  { header: 'id', value: (d) => d.id },
  { header: 'status', value: (d) => d.status },
  { header: 'attempts', value: (d) => d.attempts },
  { header: 'last', value: (d) => d.lastStatusCode },
  { header: 'trigger', value: (d) => d.trigger },
  { header: 'created', value: (d) => d.createdAt },
  { header: 'event', value: (d) => d.eventId },
  { header: 'error', value: (d) => d.lastError },
];

const ATTEMPT_COLUMNS: Array<Column<any>> = [
  { header: '#', value: (a) => a.attempt },
  { header: 'started', value: (a) => a.startedAt },
  { header: 'ms', value: (a) => a.durationMs },
  { header: 'status', value: (a) => a.statusCode },
  { header: 'outcome', value: (a) => a.outcome },
  { header: 'trigger', value: (a) => a.trigger },
  { header: 'error', value: (a) => a.error ?? (a.responseBody ?? '').slice(0, 120) },
];

export const deliveriesCommand = clientGroup({
  name: 'deliveries',
  summary: 'a webhook\'s delivery history, one delivery with every attempt, redeliver and recover',
  actions: {
    list: {
      args: ['WEBHOOK'], summary: 'List a webhook\'s deliveries, newest first.', read: true,
      options: { status: { type: 'string', value: 'STATUS', help: 'pending, delivering, succeeded or failed' }, ...pageOptions(50) },
      run: async (ctx) => {
        const body = await ctx.api.get(`/webhooks/${seg(ctx.args[0]!)}/deliveries`, {
          status: ctx.string('status'), cursor: ctx.string('cursor'), limit: ctx.string('limit'),
        });
        ctx.print(body, () => table(body.items, DELIVERY_COLUMNS));
        printNextPage(ctx, body.nextCursor);
      },
    },
    show: {
      args: ['ID'], summary: 'Show one delivery, its event and every attempt.', read: true,
      run: async (ctx) => {
        const d = await ctx.api.get(`/deliveries/${seg(ctx.args[0]!)}`);
        ctx.print(d, () => `${fields([
          ['ID', d.id], ['Webhook', d.webhookId], ['Status', d.status], ['Trigger', d.trigger], ['Attempts', d.attempts],
          ['Next attempt', d.status === 'pending' ? d.nextAttemptAt : null], ['Last status', d.lastStatusCode], ['Last error', d.lastError],
          ['Created', d.createdAt], ['Event', d.event === null ? d.eventId : `${d.event.id} ${d.event.event} ${d.event.summary || ''}`],
        ])}\n${table(d.attemptLog, ATTEMPT_COLUMNS)}`);
      },
    },
    redeliver: {
      args: ['ID'], summary: 'Send a finished delivery again (receivers see the same webhook-id).', read: true,
      run: async (ctx) => {
        const d = await ctx.api.post(`/deliveries/${seg(ctx.args[0]!)}/redeliver`);
        ctx.print(d, () => table([d], DELIVERY_COLUMNS));
      },
    },
    recover: {
      args: ['WEBHOOK'], summary: 'Redeliver every failed delivery of a webhook created since a time.', read: true,
      options: { since: { type: 'string', value: 'TIME', help: 'an ISO time (2026-12-01T08:00:00Z) or an age: 30m, 6h, 2d' } },
      run: async (ctx) => {
        const since = sinceTime(ctx);
        const r = await ctx.api.post(`/webhooks/${seg(ctx.args[0]!)}/recover`, { since });
        ctx.print(r, () => `re-queued ${r.recovered} failed deliveries since ${since}\n`);
      },
    },
  },
});

function sinceTime(ctx: ActionContext): string {
  const value = ctx.string('since');
  if (value === undefined) throw new HeraldError('CONFIG_INVALID', 'herald deliveries recover needs --since TIME (e.g. --since 6h)', 'since');
  const age = /^(\d+)([smhd])$/.exec(value);
  if (age !== null) return new Date(Date.now() - Number(age[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[age[2] as 's']).toISOString();
  if (Number.isNaN(Date.parse(value))) throw new HeraldError('CONFIG_INVALID', `--since ${value}: expected an ISO time or an age such as 30m, 6h, 2d`, 'since');
  return value;
}
