import { seg } from './client/api-client.ts';
import { clientGroup } from './command.ts';
import { table, type Column } from './output.ts';

/** `herald tokens …`: API tokens for scripts and CI. The token itself is shown once, by `create`. */
const COLUMNS: Array<Column<any>> = [
  { header: 'id', value: (t) => t.id },
  { header: 'name', value: (t) => t.name },
  { header: 'prefix', value: (t) => `${t.prefix}…` },
  { header: 'role', value: (t) => t.role },
  { header: 'owner', value: (t) => t.owner?.name },
  { header: 'created', value: (t) => t.createdAt },
  { header: 'last used', value: (t) => t.lastUsedAt },
  { header: 'expires', value: (t) => t.expiresAt ?? 'never' },
];

export const tokensCommand = clientGroup({
  name: 'tokens',
  summary: 'API tokens: list, create (shown once), revoke',
  actions: {
    list: {
      summary: 'List your API tokens (admins: every token). Only a prefix of each is known to Herald.', read: true,
      run: async (ctx) => { const body = await ctx.api.get('/tokens'); ctx.print(body, () => table(body.items, COLUMNS)); },
    },
    create: {
      args: ['NAME'], summary: 'Create an API token and print it: this is the only time it is shown.', read: true,
      options: {
        role: { type: 'string', value: 'ROLE', help: 'admin, ops or viewer: at most your own (default: your role)' },
        'expires-in-days': { type: 'string', value: 'N', help: 'expire after N days (default: never)' },
      },
      run: async (ctx) => {
        const days = ctx.string('expires-in-days');
        const t = await ctx.api.post('/tokens', { name: ctx.args[0], role: ctx.string('role'), expiresInDays: days === undefined ? undefined : Number(days) });
        ctx.print(t, () => `${t.token}\n`);
        if (ctx.format === 'table') ctx.io.err(`created token ${t.id} (${t.role}${t.expiresAt ? `, expires ${t.expiresAt}` : ''}); store it now, it is not shown again\n`);
      },
    },
    revoke: {
      args: ['ID'], summary: 'Revoke an API token (yours; admins: any).',
      run: async (ctx) => { await ctx.api.delete(`/tokens/${seg(ctx.args[0]!)}`); ctx.io.out(`revoked token ${ctx.args[0]}\n`); },
    },
  },
});
