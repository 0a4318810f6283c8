#!/usr/bin/env node
// Fills Herald's compile cache (bin/compile-cache.js) with every module `herald serve` loads at
// start, without starting it: run once where Herald is installed (the image build does), so the
// first start already finds them all. Needs Node 24 (node_modules/.bin/node).
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { enableCompileCache } from './compile-cache.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
enableCompileCache(root);
// The CLI as `herald --version` runs it (main.ts runs a command when loaded), then what `serve`
// imports when it starts (src/cli/serve.ts).
process.argv = [process.argv[0], join(root, 'src', 'cli', 'main.ts'), '--version'];
for (const file of ['src/cli/main.ts', 'src/config/load-config.ts', 'src/herald.ts']) {
  await import(pathToFileURL(join(root, file)).href);
}
module.flushCompileCache();
process.stdout.write(`compile cache: ${module.getCompileCacheDir() ?? 'disabled'}\n`);
