#!/usr/bin/env node
// Fills Herald's compile cache (bin/compile-cache.js) with every module `herald serve` loads at
// start, without starting it: run once where Herald is installed (the image build does), so the
// first start already finds them all. Needs Node 24 (node_modules/.bin/node).
import module from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { enableCompileCache } from './compile-cache.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
enableCompileCache(root);
// The CLI as `herald --version` runs it (main.ts runs a command when loaded), then what `serve`
// imports when it starts (src/cli/serve.ts).
process.argv = [process.argv[0], join(root, 'src', 'cli', 'main.ts'), '--version'];
const load = (file) => import(pathToFileURL(join(root, file)).href);
for (const file of ['src/cli/main.ts', 'src/cli/serve.ts', 'src/config/load-config.ts', 'src/herald.ts']) await load(file);
// And the SQLite writer thread's modules, which it loads in its own thread: started on a scratch
// file and closed again, it writes its part of the cache as it exits.
const [{ SqliteDb }, { openWriter }] = await Promise.all([load('src/store/sqlite/sqlite-db.ts'), load('src/store/sqlite/sqlite-writer.ts')]);
const scratch = mkdtempSync(join(tmpdir(), 'herald-warm-'));
try {
  const db = new SqliteDb(join(scratch, 'herald.db'));
  // It starts at the first write.
  const writer = openWriter(db);
  // A scratch file has no tables, so the write fails; the thread has loaded its modules all the same.
  await writer.write({ op: 'claim', owner: 'warm', now: Date.now(), limit: 1, leaseMs: 1, after: '' }).catch(() => {});
  await writer.close();
  db.close();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
module.flushCompileCache();
process.stdout.write(`compile cache: ${module.getCompileCacheDir() ?? 'disabled'}\n`);
