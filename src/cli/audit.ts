import { clientGroup } from './command.ts';
import { table, type Column } from './output.ts';
import { pageOptions, printNextPage } from './paging.ts';
import { timeOption, timeOptionSpec } from './time-option.ts';

/** `herald audit list` (admins and ops): every change and sign-in, newest first. */
const COLUMNS: Array<Column<any>> = [
  { header: 'time', value: (e) => e.at },
  { header: 'actor', value: (e) => e.actor.name },
  { header: 'action', value: (e) => e.action },
  { header: 'target', value: (e) => [e.target.type, e.target.name ?? e.target.id].filter(Boolean).join(' ') },
  { header: 'summary', value: (e) => e.summary },
];

export const auditCommand = clientGroup({
  name: 'audit',
  summary: 'the audit log of every change and sign-in (admins and ops)',
  actions: {
    list: {
      summary: 'List audit entries, newest first.', read: true,
      options: {
        actor: { type: 'string', value: 'NAME', help: 'only this actor (a user\'s or token\'s name, admin-token)' },
        action: { type: 'string', value: 'ACTION', help: 'only this action, e.g. webhook.update, session.login_failed' },
        target: { type: 'string', value: 'TYPE', help: 'only this target type: webhook, delivery, user, token, session or silence' },
        since: timeOptionSpec('at or after'),
        until: timeOptionSpec('before'),
        ...pageOptions(50),
      },
      run: async (ctx) => {
        const body = await ctx.api.get('/audit', {
          actor: ctx.string('actor'), action: ctx.string('action'), target: ctx.string('target'),
          since: timeOption(ctx, 'since'), until: timeOption(ctx, 'until'), cursor: ctx.string('cursor'), limit: ctx.string('limit'),
        });
        ctx.print(body, () => table(body.items, COLUMNS));
        printNextPage(ctx, body.nextCursor);
      },
    },
  },
});
