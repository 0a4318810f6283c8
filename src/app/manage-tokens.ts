import { HeraldError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { AuditLog } from './audit-log.ts';
import type { UserActor } from './manage-users.ts';
import type { AccountStore, ApiToken } from './ports/account-repository.ts';
import type { Clock } from './ports/clock.ts';
import { roleAtMost, type Role } from './roles.ts';

export interface ManageTokensDeps {
  accounts: Pick<AccountStore, 'listTokens' | 'createToken' | 'getToken' | 'deleteToken' | 'listUsers'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
}

/** Who asks: their role, and the token they came with (a bootstrap-made token owns itself). */
export interface TokenCaller extends UserActor { role: Role; tokenId?: string }

/** A stored token with its owner's name, for listings. */
export interface TokenView { token: ApiToken; ownerName: string | null }

/**
 * API tokens for scripts and CI. Anyone signed in lists and makes their own
 * (admins see all); a token's role is at most its maker's. The secret is made
 * by the API and only its SHA-256 and prefix reach here.
 */
export class ManageTokens {
  readonly #d: ManageTokensDeps;

  constructor(deps: ManageTokensDeps) {
    this.#d = deps;
  }

  async list(caller: TokenCaller): Promise<TokenView[]> {
    const tokens = caller.role === 'admin' ? await this.#d.accounts.listTokens() : await this.#d.accounts.listTokens(caller.userId);
    return this.#withOwners(tokens.filter((t) => caller.role === 'admin' || mine(caller, t)));
  }

  async create(caller: TokenCaller, input: { name: string; role?: Role; expiresInDays?: number; hash: string; prefix: string }): Promise<TokenView> {
    const role = input.role ?? caller.role;
    if (!roleAtMost(role, caller.role)) throw new HeraldError('FORBIDDEN', `a "${caller.role}" may not make a token with role "${role}"`, 'role');
    const now = this.#d.clock.now();
    const t: ApiToken = {
      id: newId('tok', now), name: input.name, userId: caller.userId, role, hash: input.hash, prefix: input.prefix,
      createdAt: now, lastUsedAt: null, expiresAt: input.expiresInDays === undefined ? null : now + input.expiresInDays * 86_400_000,
    };
    await this.#d.accounts.createToken(t);
    await this.#d.audit.record(caller, 'token.create', { type: 'token', id: t.id, name: t.name },
      `created token ${t.prefix}… with role ${role}${t.expiresAt === null ? '' : `, expires ${new Date(t.expiresAt).toISOString()}`}`);
    return (await this.#withOwners([t]))[0]!;
  }

  async revoke(caller: TokenCaller, id: string): Promise<void> {
    const t = await this.#d.accounts.getToken(id);
    // Someone else's token is reported missing, not forbidden: its existence is not theirs to learn.
    if (t === undefined || !(caller.role === 'admin' || mine(caller, t)) || !(await this.#d.accounts.deleteToken(id))) {
      throw new HeraldError('NOT_FOUND', `no token with id ${id}`, 'id');
    }
    await this.#d.audit.record(caller, 'token.delete', { type: 'token', id, name: t.name }, `revoked token ${t.prefix}…`);
  }

  async #withOwners(tokens: ApiToken[]): Promise<TokenView[]> {
    const names = new Map((await this.#d.accounts.listUsers()).map((u) => [u.id, u.name]));
    return tokens.map((token) => ({ token, ownerName: token.userId === null ? null : names.get(token.userId) ?? '(deleted)' }));
  }
}

function mine(caller: TokenCaller, t: ApiToken): boolean {
  return caller.userId === null ? t.id === caller.tokenId : t.userId === caller.userId;
}
