import { clientGroup } from './command.ts';
import { table, type Column } from './output.ts';
import { pageOptions, printNextPage } from './paging.ts';

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
      summary: 'List audit entries, newest first.', read: true, options: pageOptions(50),
      run: async (ctx) => {
        const body = await ctx.api.get('/audit', { cursor: ctx.string('cursor'), limit: ctx.string('limit') });
        ctx.print(body, () => table(body.items, COLUMNS));
        printNextPage(ctx, body.nextCursor);
      },
    },
  },
});
