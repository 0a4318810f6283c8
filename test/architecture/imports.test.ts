import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The README's architecture rules, checked: every import under src/ (type-only
 * ones too: a type import still couples the files, and erasing it would not
 * make the arrow run the right way) is read and each rule names the imports
 * that break it.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');

interface Edge { from: string; to: string }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' || d.name === 'dist' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(d.name) ? [path] : [];
  });
}

/** Static imports and re-exports (`import … from`, `import '…'`, `export … from`) and dynamic `import('…')`. */
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The modules a source text imports, comments skipped. */
function importSpecs(source: string): string[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function importsOf(file: string): string[] {
  return importSpecs(readFileSync(file, 'utf8')).filter((spec) => spec.startsWith('.'));
}

const files = sourceFiles(SRC);
const rel = (abs: string) => relative(SRC, abs).split('\\').join('/');
const edges: Edge[] = files.flatMap((f) => importsOf(f).map((spec) => ({ from: rel(f), to: rel(resolve(dirname(f), spec)) })));

/** The top-level part of src a file belongs to: `core`, `app`, `store`, …, or `herald.ts`. */
const layer = (path: string): string => path.split('/')[0]!;

function breaking(rule: (e: Edge) => boolean): string[] {
  return edges.filter(rule).map((e) => `${e.from} -> ${e.to}`);
}

describe('architecture: imports under src/ run one way', () => {
  it('finds the imports it checks (the parser is not silently reading nothing)', () => {
    assert.ok(files.length > 80, `only ${files.length} files found under src/`);
    assert.ok(edges.some((e) => e.from === 'herald.ts' && e.to === 'api/app.ts'), 'herald.ts -> api/app.ts not seen');
    assert.ok(edges.some((e) => e.from === 'store/store.ts' && e.to.startsWith('app/ports/')), 'type-only imports not seen');
    assert.ok(edges.some((e) => e.from === 'store/open-store.ts' && e.to === 'store/postgres/postgres-store.ts'), 'dynamic imports not seen');
    for (const e of edges) assert.ok(existsSync(join(SRC, e.to)), `${e.from} imports ${e.to}, which does not exist`);
  });

  it('core imports nothing of Herald but core', () => {
    assert.deepEqual(breaking((e) => layer(e.from) === 'core' && layer(e.to) !== 'core'), []);
  });

  it('the application layer depends only on core and its own ports', () => {
    assert.deepEqual(breaking((e) => layer(e.from) === 'app' && !['app', 'core'].includes(layer(e.to))), []);
  });

  it('sources, the API, the CLI and the config reach the store and the dispatcher only through src/app', () => {
    const callers = ['sources', 'api', 'cli', 'config'];
    assert.deepEqual(breaking((e) => callers.includes(layer(e.from)) && ['store', 'delivery'].includes(layer(e.to))), []);
  });

  it('platforms know nothing of the store or the application', () => {
    assert.deepEqual(breaking((e) => layer(e.from) === 'platforms' && !['platforms', 'core'].includes(layer(e.to))), []);
  });

  it('nothing imports the API but the composition root', () => {
    assert.deepEqual(breaking((e) => layer(e.to) === 'api' && layer(e.from) !== 'api' && e.from !== 'herald.ts'), []);
  });

  it('the console takes only types from the rest of Herald, so none of it is bundled', () => {
    const valueImports = files.filter((f) => rel(f).startsWith('web/')).flatMap((f) => {
      const text = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      return [...text.matchAll(/(?:^|[\s;])(import|export)(\s+type)?\s[^'"`;]*?from\s*['"]([^'"]+)['"]/gm)]
        .filter((m) => m[2] === undefined && m[3]!.startsWith('.') && !rel(resolve(dirname(f), m[3]!)).startsWith('web/'))
        .map((m) => `${rel(f)} -> ${m[3]}`);
    });
    assert.deepEqual(valueImports, []);
  });

  it('no import cycles among src files', () => {
    const next = new Map<string, string[]>();
    for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    assert.deepEqual(findCycles(files.map(rel).sort(), next), []);
  });
});

/** Every cycle a depth-first walk meets, each as its path `a -> b -> a`. */
function findCycles(nodes: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const to of next.get(f) ?? []) {
      if (state.get(to) === 'open') cycles.push([...stack.slice(stack.indexOf(to)), to].join(' -> '));
      else if (state.get(to) === undefined) visit(to);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of nodes) if (state.get(f) === undefined) visit(f);
  return cycles;
}

describe('architecture test: the checks catch what they are for', () => {
  it('reads type-only, side-effect, re-export and dynamic imports, and skips commented ones', () => {
    const sample = `import type { A } from './a.ts';\nimport './b.ts';\nexport { C } from './c.ts';\n`
      + `const d = await import('./d.ts');\n// import { e } from './e.ts';\nimport {\n  F,\n} from './f.ts';\n/* import g from './g.ts' */`;
    assert.deepEqual(importSpecs(sample), ['./a.ts', './b.ts', './c.ts', './d.ts', './f.ts']);
  });

  it('reports an import cycle with its path, and none for a graph that only fans in', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts', 'c.ts']]]);
    assert.deepEqual(findCycles(['a.ts', 'b.ts', 'c.ts', 'd.ts'], graph), ['a.ts -> b.ts -> c.ts -> a.ts']);
    assert.deepEqual(findCycles(['x.ts', 'y.ts'], new Map([['x.ts', ['y.ts']], ['y.ts', []]])), []);
  });
});
