import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeraldError } from '../core/errors.ts';

/**
 * Keys that must outlive a restart but never live in the database: the key
 * that encrypts stored secrets, and the first-run admin token. Each is read
 * from the environment or config first, else from (or created in) dataDir
 * with owner-only permissions.
 */
export function readOrCreate(dataDir: string, file: string, make: () => string): { value: string; created: boolean } {
  const path = join(dataDir, file);
  try {
    if (existsSync(path)) return { value: readFileSync(path, 'utf8').trim(), created: false };
    mkdirSync(dataDir, { recursive: true });
    const value = make();
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return { value, created: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new HeraldError('CONFIG_INVALID', `dataDir: cannot read or create ${path}: ${code}; give a directory Herald can write (--data-dir)`, { field: 'dataDir', cause: err });
  }
}

export function newAdminToken(): string {
  return `hrd_${randomBytes(24).toString('base64url')}`;
}
