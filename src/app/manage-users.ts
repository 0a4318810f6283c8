import { HeraldError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { AuditActor, AuditLog } from './audit-log.ts';
import type { AccountStore, User, UserChange } from './ports/account-repository.ts';
import type { Clock } from './ports/clock.ts';
import type { Role } from './roles.ts';

export interface ManageUsersDeps {
  accounts: Pick<AccountStore, 'listUsers' | 'createUser' | 'getUser' | 'updateUser' | 'deleteUser' | 'deleteUserSessions'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
}

/** The admin's view of who acts: an actor with the user behind it (null for the bootstrap token). */
export interface UserActor extends AuditActor { userId: string | null }

/**
 * Users: list, create, change role / password / disabled, delete. The store
 * refuses to remove the last enabled admin; nobody deletes or disables
 * themselves. A new password or disabling ends the user's sessions. Passwords
 * arrive hashed: hashing is the API's (src/api/auth/passwords.ts).
 */
export class ManageUsers {
  readonly #d: ManageUsersDeps;

  constructor(deps: ManageUsersDeps) {
    this.#d = deps;
  }

  list(): Promise<User[]> {
    return this.#d.accounts.listUsers();
  }

  async create(input: { name: string; passwordHash: string; role: Role }, actor: UserActor): Promise<User> {
    const now = this.#d.clock.now();
    const user: User = {
      id: newId('usr', now), name: input.name.toLowerCase(), role: input.role, passwordHash: input.passwordHash,
      disabled: false, createdAt: now, updatedAt: now,
    };
    await this.#d.accounts.createUser(user);
    await this.#d.audit.record(actor, 'user.create', { type: 'user', id: user.id, name: user.name }, `created user with role ${user.role}`);
    return user;
  }

  async update(id: string, change: UserChange, actor: UserActor): Promise<User> {
    if (change.disabled === true && actor.userId === id) throw new HeraldError('CONFLICT', 'you cannot disable yourself', 'disabled');
    const before = await this.#d.accounts.getUser(id);
    const result = await this.#d.accounts.updateUser(id, change, this.#d.clock.now());
    if (result === 'not-found' || before === undefined) throw notFound(id);
    if (result === 'last-admin') throw lastAdmin();
    if (change.passwordHash !== undefined || result.disabled) await this.#d.accounts.deleteUserSessions(id);
    const said: string[] = [];
    if (change.role !== undefined && change.role !== before.role) said.push(`role ${before.role} -> ${change.role}`);
    if (change.passwordHash !== undefined) said.push('password changed');
    if (change.disabled !== undefined && change.disabled !== before.disabled) said.push(change.disabled ? 'disabled' : 'enabled');
    await this.#d.audit.record(actor, 'user.update', { type: 'user', id, name: result.name }, said.length === 0 ? 'no change' : said.join('; '));
    return result;
  }

  async delete(id: string, actor: UserActor): Promise<void> {
    if (actor.userId === id) throw new HeraldError('CONFLICT', 'you cannot delete yourself', 'id');
    const before = await this.#d.accounts.getUser(id);
    const result = await this.#d.accounts.deleteUser(id);
    if (result === 'not-found' || before === undefined) throw notFound(id);
    if (result === 'last-admin') throw lastAdmin();
    await this.#d.audit.record(actor, 'user.delete', { type: 'user', id, name: before.name }, `deleted user (was ${before.role})`);
  }
}

function notFound(id: string): HeraldError {
  return new HeraldError('NOT_FOUND', `no user with id ${id}`, 'id');
}

function lastAdmin(): HeraldError {
  return new HeraldError('CONFLICT', 'this is the last enabled admin; make another user admin first', 'id');
}
