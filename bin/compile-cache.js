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
  const directory = join(root, 'node_modules', '.cache', 'herald');
  // A directory it cannot create (a read-only install) only means no cache: Node reports it and goes on.
  const enabled = module.enableCompileCache?.({ directory, portable: true });
  if (enabled?.status !== module.constants.compileCacheStatus.ENABLED) return;
  // A worker thread (the SQLite writer) does not share the cache this call enabled: it finds one only
  // through the variables in the environment it is given, a copy of process.env. Without them the
  // writer thread type-stripped its modules at every start and kept the stripper resident (~18 MiB RSS).
  process.env.NODE_COMPILE_CACHE = directory;
  process.env.NODE_COMPILE_CACHE_PORTABLE = '1';
}
