#!/usr/bin/env node
// Herald runs its TypeScript sources directly (Node 24 type stripping). This file is plain
// JavaScript so that any Node can start it: under an older Node (the machine's 20, a global
// `node` on PATH) it runs the CLI again with the project's Node 24 from the npm package `node`.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableCompileCache } from './compile-cache.js';

const NEEDED = 24;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(root, 'src', 'cli', 'main.ts');

if (Number(process.versions.node.split('.')[0]) >= NEEDED) {
  enableCompileCache(root);
  await import(main);
} else {
  const node = projectNode();
  if (node === undefined || process.env.HERALD_REEXEC === node) {
    process.stderr.write(`herald: needs Node ${NEEDED} or newer, this is Node ${process.versions.node}; `
      + `run \`npm install\` in ${root} to get it from the npm package "node" (looked in node_modules/.bin/node and node/bin/node)\n`);
    process.exit(2);
  }
  const { spawn } = await import('node:child_process'); // only here: `herald serve` on Node 24 never spawns
  const child = spawn(node, [main, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, HERALD_REEXEC: node } });
  // A terminal's Ctrl-C reaches the whole process group, the child included; a signal sent to this
  // process alone (kill, a supervisor) is passed on, so `herald serve` still drains before it exits.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`herald: cannot start ${node}: ${err.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}

/** The Node 24 binary: this checkout's node_modules/.bin/node, else the `node` package wherever npm put it. */
function projectNode() {
  const local = join(root, 'node_modules', '.bin', 'node');
  if (existsSync(local)) return local;
  try {
    const pkg = createRequire(import.meta.url).resolve('node/package.json');
    const bin = join(dirname(pkg), 'bin', 'node');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}
