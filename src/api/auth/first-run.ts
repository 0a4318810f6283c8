import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHeraldError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { AccountStore } from '../../app/ports/account-repository.ts';
import { newApiToken, sha256Hex, tokenPrefix } from './credentials.ts';
import { hashPassword, newPassword } from './passwords.ts';

export const FIRST_ADMIN = 'admin';

/** What the first run made, for `herald serve` to print once. */
export interface FirstRun {
  username: string;
  password: string;
  /** Where the password was also written (0600); undefined when dataDir is not writable. */
  passwordFile: string | undefined;
  /** Where an admin API token for the CLI was written, when one was made. */
  tokenFile: string | undefined;
}

/**
 * With no users at all, creates user `admin` with a random password and
 * writes it to <dataDir>/admin.password (0600) for the person at the laptop.
 * Unless a bootstrap token is configured, it also gives `admin` an API token
 * kept in <dataDir>/admin.token, where `herald webhooks` looks for one; an
 * admin.token left by an older Herald is adopted rather than replaced, so
 * scripts using it keep working. Both are stored hashed. A replica that
 * loses the race to create `admin` does nothing.
 */
export async function ensureFirstAdmin(accounts: AccountStore, opts: {
  dataDir: string; makeToken: boolean; warn: (msg: string, err: unknown) => void;
}): Promise<FirstRun | undefined> {
  if ((await accounts.countUsers()) > 0) return undefined;
  const password = newPassword();
  const now = Date.now();
  const userId = newId('usr', now);
  try {
    await accounts.createUser({
      id: userId, name: FIRST_ADMIN, role: 'admin', passwordHash: await hashPassword(password),
      disabled: false, createdAt: now, updatedAt: now,
    });
  } catch (err) {
    if (isHeraldError(err) && err.code === 'CONFLICT') return undefined;
    throw err;
  }
  const passwordFile = writePrivate(opts.dataDir, 'admin.password', password, opts.warn);

  let tokenFile: string | undefined;
  if (opts.makeToken) {
    const path = join(opts.dataDir, 'admin.token');
    const existing = existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
    const token = existing.length >= 16 ? existing : newApiToken();
    await accounts.createToken({
      id: newId('tok', now), name: 'admin.token', userId, role: 'admin', hash: sha256Hex(token),
      prefix: tokenPrefix(token), createdAt: now, lastUsedAt: null, expiresAt: null,
    });
    tokenFile = token === existing ? path : writePrivate(opts.dataDir, 'admin.token', token, opts.warn);
  }
  return { username: FIRST_ADMIN, password, passwordFile, tokenFile };
}

function writePrivate(dir: string, file: string, value: string, warn: (msg: string, err: unknown) => void): string | undefined {
  const path = join(dir, file);
  try {
    mkdirSync(dir, { recursive: true });
    // Created afresh, so it is never briefly readable with an old file's looser mode.
    rmSync(path, { force: true });
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return path;
  } catch (err) {
    warn(`could not write ${path}`, err);
    return undefined;
  }
}
