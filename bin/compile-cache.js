// Node keeps what it made of each module (the TypeScript stripped of its types, V8's bytecode)
// in a compile cache: a start that finds every module there skips the type stripper, whose
// WebAssembly compiler would otherwise stay resident (~17 MiB RSS), and a start is ~0.3 s
// shorter (1.24-1.34 s → 0.9-1.3 s to listening; docs/benchmarks.md, "Memory"). Entries are checked against
// the source, so an edited file is compiled afresh; the cache is portable (paths relative to it),
// so one warmed at image build (bin/warm-compile-cache.js) still hits once copied to /app.
import module from 'node:module';
import { join } from 'node:path';

/** Turns the cache on in <root>/node_modules/.cache/herald, unless NODE_COMPILE_CACHE or NODE_DISABLE_COMPILE_CACHE already decided. */
export function enableCompileCache(root) {
  if (process.env.NODE_COMPILE_CACHE !== undefined || process.env.NODE_DISABLE_COMPILE_CACHE !== undefined) return;
  // A directory it cannot create (a read-only install) only means no cache: Node reports it and goes on.
  module.enableCompileCache?.({ directory: join(root, 'node_modules', '.cache', 'herald'), portable: true });
}
