import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinItem, joinKey, pathMatcher } from '../../src/core/field-path.ts';
import { PathPatterns, type PatternState } from '../../src/core/path-patterns.ts';

type Segment = { key: string } | { item: string | number };

function walk(patterns: PathPatterns, segments: readonly Segment[]): PatternState {
  let s = patterns.root;
  for (const seg of segments) s = 'key' in seg ? s.key(seg.key) : s.item(seg.item);
  return s;
}

function join(segments: readonly Segment[]): string {
  let path = '';
  for (const seg of segments) path = 'key' in seg ? joinKey(path, seg.key) : joinItem(path, seg.item);
  return path;
}

/** A small deterministic generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let x = seed;
  return () => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
}

describe('PathPatterns', () => {
  const cases: Array<[string[], Segment[], boolean]> = [
    [['status'], [{ key: 'status' }], true],
    [['status'], [{ key: 'spec' }], false],
    [['metadata.annotations.kubectl.kubernetes.io/last-applied-configuration'],
      [{ key: 'metadata' }, { key: 'annotations' }, { key: 'kubectl.kubernetes.io/last-applied-configuration' }], true],
    // A pattern's dot matches a dot inside a key as well as between keys, as the path string reads.
    [['a.b.c'], [{ key: 'a.b' }, { key: 'c' }], true],
    [['last*Time'], [{ key: 'lastProbeTime' }], true],
    [['last*Time'], [{ key: 'x' }, { key: 'lastProbeTime' }], false],
    [['**.last*Time'], [{ key: 'status' }, { key: 'conditions' }, { item: 0 }, { key: 'lastTransitionTime' }], true],
    [['**.last*Time'], [{ key: 'lastProbeTime' }], false],
    // `*` stops at a dot or a bracket, also one inside a key.
    [['a.*'], [{ key: 'a' }, { key: 'x.y' }], false],
    [['a.*'], [{ key: 'a' }, { key: 'x' }], true],
    [['a*'], [{ key: 'a' }, { item: 0 }], false],
    [['a[*]'], [{ key: 'a' }, { item: 3 }], true],
    [['a[*].b'], [{ key: 'a' }, { item: 'name=x.y' }, { key: 'b' }], true],
    [['a[*]'], [{ key: 'a' }, { item: 0 }, { key: 'b' }], false],
    [['a[name=x]'], [{ key: 'a' }, { item: 'name=x' }], true],
    [['a[0]'], [{ key: 'a' }, { item: 0 }], true],
    [['a[1]'], [{ key: 'a' }, { item: 10 }], false],
    // One pattern a prefix of another: each matches its own path, the shorter not the longer.
    [['spec', 'spec.replicas'], [{ key: 'spec' }], true],
    [['spec.rep', 'spec.replicas'], [{ key: 'spec' }, { key: 'replicas' }], true],
    [['spec.rep', 'spec.replicas'], [{ key: 'spec' }, { key: 'repl' }], false],
    [['**'], [{ key: 'a' }, { item: 1 }, { key: 'b' }], true],
    // `**` is the regex's `.*`: it does not cross a line break.
    [['a.**'], [{ key: 'a' }, { key: 'x\ny' }], false],
    [['a.*'], [{ key: 'a' }, { key: 'x\ny' }], true],
    [[], [{ key: 'a' }], false],
  ];
  for (const [patterns, segments, expected] of cases) {
    it(`${JSON.stringify(patterns)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(join(segments))}`, () => {
      const compiled = new PathPatterns(patterns);
      assert.equal(walk(compiled, segments).accept, expected);
      assert.equal(compiled.matches(join(segments)), expected);
      assert.equal(pathMatcher(patterns)(join(segments)), expected, 'the regex agrees');
    });
  }

  it('knows when no pattern can match anything below', () => {
    const compiled = new PathPatterns(['metadata.uid', 'status']);
    assert.equal(compiled.root.key('spec').dead, true);
    assert.equal(compiled.root.key('metadata').dead, false);
    assert.equal(compiled.root.key('metadata').key('name').dead, true);
    assert.equal(new PathPatterns(['**.x']).root.key('spec').key('y').dead, false);
  });

  it('answers as pathMatcher does for generated patterns and paths', () => {
    const rnd = random(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const atoms = ['a', 'b', 'ab', '.', '*', '**', '[*]', '[', ']', '=', 'x.y', 'Time', '\n'];
    const keys = ['a', 'b', 'ab', 'a.b', 'ba', 'x.y', 'aTime', 'b]', 'a[b', '', 'a\nb', '*'];
    const items: Array<string | number> = [0, 1, 12, 'name=a', 'name=x.y', 'port=1,protocol=UDP', 'a]b'];
    for (let n = 0; n < 3000; n++) {
      const patterns = Array.from({ length: 1 + Math.floor(rnd() * 3) },
        () => Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => pick(atoms)).join(''));
      const compiled = new PathPatterns(patterns);
      const regex = pathMatcher(patterns);
      for (let m = 0; m < 10; m++) {
        const segments: Segment[] = Array.from({ length: 1 + Math.floor(rnd() * 4) },
          (_, i) => (i > 0 && rnd() < 0.3 ? { item: pick(items) } : { key: pick(keys) }));
        const path = join(segments);
        const expected = regex(path);
        assert.equal(walk(compiled, segments).accept, expected, `${JSON.stringify(patterns)} on ${JSON.stringify(path)}`);
        assert.equal(compiled.matches(path), expected, `${JSON.stringify(patterns)} on ${JSON.stringify(path)} (string)`);
      }
    }
  });
});
