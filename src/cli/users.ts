import { HeraldError } from '../core/errors.ts';
import { seg } from './client/api-client.ts';
import { clientGroup, type ActionContext } from './command.ts';
import { table, type Column } from './output.ts';

/** `herald users …` (admins): console users and their roles. Passwords come from standard input, never from flags. */
const COLUMNS: Array<Column<any>> = [
  { header: 'id', value: (u) => u.id },
  { header: 'name', value: (u) => u.name },
  { header: 'role', value: (u) => u.role },
  { header: 'status', value: (u) => (u.disabled ? 'disabled' : 'enabled') },
  { header: 'created', value: (u) => u.createdAt },
];

const ROLE = { role: { type: 'string' as const, value: 'ROLE', help: 'admin, ops or viewer' } };
const PASSWORD = { 'password-stdin': { type: 'boolean' as const, help: 'read the password from standard input (at least 12 characters)' } };

async function password(ctx: ActionContext): Promise<string | undefined> {
  if (!ctx.flag('password-stdin')) return undefined;
  const text = (await ctx.io.stdin()).replace(/\r?\n$/, '');
  if (text === '') throw new HeraldError('CONFIG_INVALID', '--password-stdin: standard input was empty', 'password');
  return text;
}

/** A user named by id or by name. */
async function userId(ctx: ActionContext): Promise<string> {
  const given = ctx.args[0]!;
  const { items } = await ctx.api.get('/users');
  const user = items.find((u: { id: string; name: string }) => u.id === given || u.name === given.toLowerCase());
  if (user === undefined) throw new HeraldError('NOT_FOUND', `no user with id or name ${given}`, 'id');
  return user.id;
}

const showOne = (ctx: ActionContext, u: any) => ctx.print(u, () => table([u], COLUMNS));

export const usersCommand = clientGroup({
  name: 'users',
  summary: 'console users and their roles (admins only)',
  actions: {
    list: {
      summary: 'List users.', read: true,
      run: async (ctx) => { const body = await ctx.api.get('/users'); ctx.print(body, () => table(body.items, COLUMNS)); },
    },
    create: {
      args: ['NAME'], summary: 'Create a user.', read: true, options: { ...ROLE, ...PASSWORD },
      details: 'example: printf %s "$PASSWORD" | herald users create alice --role ops --password-stdin',
      run: async (ctx) => {
        const pw = await password(ctx);
        if (pw === undefined) throw new HeraldError('CONFIG_INVALID', 'herald users create needs --password-stdin', 'password');
        const role = ctx.string('role');
        if (role === undefined) throw new HeraldError('CONFIG_INVALID', 'herald users create needs --role admin|ops|viewer', 'role');
        showOne(ctx, await ctx.api.post('/users', { name: ctx.args[0], role, password: pw }));
      },
    },
    update: {
      args: ['USER'], summary: 'Change a user\'s role, password, or disable / enable them (USER is an id or a name).', read: true,
      options: { ...ROLE, ...PASSWORD, disable: { type: 'boolean', help: 'disable: sign-in refused, sessions ended' }, enable: { type: 'boolean', help: 'enable again' } },
      run: async (ctx) => {
        if (ctx.flag('disable') && ctx.flag('enable')) throw new HeraldError('CONFIG_INVALID', 'choose one of --disable and --enable', 'disabled');
        const change = {
          role: ctx.string('role'), password: await password(ctx),
          disabled: ctx.flag('disable') ? true : ctx.flag('enable') ? false : undefined,
        };
        if (Object.values(change).every((v) => v === undefined)) throw new HeraldError('CONFIG_INVALID', 'nothing to change: give --role, --password-stdin, --disable or --enable');
        showOne(ctx, await ctx.api.put(`/users/${seg(await userId(ctx))}`, change));
      },
    },
    delete: {
      args: ['USER'], summary: 'Delete a user with their tokens and sessions (USER is an id or a name).',
      run: async (ctx) => { await ctx.api.delete(`/users/${seg(await userId(ctx))}`); ctx.io.out(`deleted user ${ctx.args[0]}\n`); },
    },
  },
});
