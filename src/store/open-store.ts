import { join } from 'node:path';
import { HeraldError } from '../core/errors.ts';
import type { SecretBox } from './secret-box.ts';
import { guardStore } from './store-failure.ts';
import { SqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/**
 * Picks the store from its URL: `sqlite:<path>` (or no URL: <dataDir>/herald.db)
 * for one process, `postgres://…[?schema=NAME]` for many replicas.
 */
export async function openStore(url: string | undefined, opts: { dataDir: string; secrets: SecretBox; synchronous: 'FULL' | 'NORMAL' }): Promise<Store> {
  if (url === undefined || url.startsWith('sqlite:')) {
    const path = url === undefined ? join(opts.dataDir, 'herald.db') : url.slice('sqlite:'.length);
    return guardStore<Store>(new SqliteStore({ path, secrets: opts.secrets, synchronous: opts.synchronous }));
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgresStore } = await import('./postgres/postgres-store.ts');
    const { splitSchema } = await import('./postgres/postgres-connection.ts');
    return guardStore<Store>(await openPostgresStore({ ...splitSchema(url), secrets: opts.secrets }));
  }
  throw new HeraldError('CONFIG_INVALID', `store.url must start with sqlite: or postgres://, not "${url.split(':')[0]}:"`, 'store.url');
}
