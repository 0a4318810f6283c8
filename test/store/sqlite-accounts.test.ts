import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteAccountStore } from '../../src/store/sqlite/sqlite-accounts.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { runAccountStoreCases } from './accounts.case.ts';

const dir = mkdtempSync(join(tmpdir(), 'herald-accounts-'));
let n = 0;

runAccountStoreCases('SQLite (beside the main store, in the same file)', {
  async open() {
    const path = join(dir, `herald-${n++}.db`);
    // The main store opens (and migrates) the file first, as in startHerald.
    const main = new SqliteStore({ path, secrets: new SecretBox(Buffer.alloc(32, 1)) });
    const accounts = new SqliteAccountStore({ path });
    const close = accounts.close.bind(accounts);
    accounts.close = async () => { await close(); await main.close(); };
    return accounts;
  },
  async cleanup() { rmSync(dir, { recursive: true, force: true }); },
});
