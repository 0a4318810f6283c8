import { HeraldError } from '../core/errors.ts';
import { seg } from './client/api-client.ts';
import { clientGroup } from './command.ts';
import { fields, table, type Column } from './output.ts';
import { pageOptions, printNextPage } from './paging.ts';
import { timeOption, timeOptionSpec } from './time-option.ts';

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
      options: {
        status: { type: 'string', value: 'STATUS', help: 'pending, delivering, succeeded or failed' },
        search: { type: 'string', value: 'TEXT', help: 'text in the delivery or event id, the last error, or the event\'s type, name, namespace or summary' },
        since: timeOptionSpec('created at or after'),
        until: timeOptionSpec('created before'),
        ...pageOptions(50),
      },
      run: async (ctx) => {
        const body = await ctx.api.get(`/webhooks/${seg(ctx.args[0]!)}/deliveries`, {
          status: ctx.string('status'), q: ctx.string('search'), since: timeOption(ctx, 'since'), until: timeOption(ctx, 'until'),
          cursor: ctx.string('cursor'), limit: ctx.string('limit'),
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
      options: { since: timeOptionSpec('failed deliveries created at or after') },
      run: async (ctx) => {
        const since = timeOption(ctx, 'since');
        if (since === undefined) throw new HeraldError('CONFIG_INVALID', 'herald deliveries recover needs --since TIME (e.g. --since 6h)', 'since');
        const r = await ctx.api.post(`/webhooks/${seg(ctx.args[0]!)}/recover`, { since });
        ctx.print(r, () => `re-queued ${r.recovered} failed deliveries since ${since}\n`);
      },
    },
  },
});
