import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SecretBox } from '../../src/store/secret-box.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../support/temp-dir.ts';
import { runStoreSuite } from './store.case.ts';

/** The embedded store on a real file (WAL, synchronous FULL), one file per case. */
const dir = tempDir('store');
const secrets = new SecretBox(Buffer.alloc(32, 7));
let n = 0;

runStoreSuite('SQLite', async () => {
  const path = join(dir, `herald-${n++}.db`);
  const store = new SqliteStore({ path, secrets });
  return {
    store,
    async rawWebhookRow(id) {
      const db = new DatabaseSync(path, { readOnly: true });
      try {
        return db.prepare('SELECT * FROM webhooks WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      } finally {
        db.close();
      }
    },
    async cleanup() {
      await store.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    },
  };
});
