import { HeraldError } from '../../core/errors.ts';
import type { SecretBox } from '../secret-box.ts';
import type { Store } from '../store.ts';

export async function openPostgresStore(_opts: { url: string; secrets: SecretBox }): Promise<Store> {
  throw new HeraldError('CONFIG_INVALID', 'the PostgreSQL store is not built yet', 'store.url');
}
