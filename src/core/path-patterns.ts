/**
 * Field-path glob patterns (field-path.ts) compiled for a walk over an object:
 * instead of building every field's path string and testing it against a
 * regular expression, the walk carries a state and steps it by one path
 * segment per field. A state is a set of positions in the patterns — the
 * subset construction of the patterns' automaton, built lazily — and each
 * state remembers where a key or list item leads, so a field the walk has seen
 * before (metadata, spec, the same container…) costs one Map lookup. The watch
 * visits the same few hundred keys in every event; with the regex, path
 * building and matching were ~11% of the main thread's busy time.
 *
 * Matching is on the path's characters, exactly as pathMatcher's regex does:
 * a map key may hold dots (`kubectl.kubernetes.io/…`), and `*` stops at any
 * `.` or `[`, inside a key or between segments alike; `**` is the regex's `.*`,
 * which does not cross a line break. test/core/path-patterns.test.ts holds the
 * two to the same answers.
 */

const DOT = 0x2e;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/** Token kinds: a literal character, or a run of characters of a class (`*`, `[*]`'s inside, `**`). */
const LIT = 0;
const SEG_STAR = 1;
const ITEM_STAR = 2;
const ANY_STAR = 3;

interface Token { kind: number; code: number }

/** Cached transitions, over all states of one compiled set; beyond it a step is computed each time. */
const MAX_MEMO = 100_000;
/** Distinct states kept; a pathological pattern set gets fresh, uncached states beyond it. */
const MAX_STATES = 10_000;

function matchesClass(kind: number, c: number): boolean {
  if (kind === SEG_STAR) return c !== DOT && c !== OPEN;
  if (kind === ITEM_STAR) return c !== CLOSE;
  // What the regex `.` does not match without the s flag.
  return c !== 0x0a && c !== 0x0d && c !== 0x2028 && c !== 0x2029;
}

function tokenize(pattern: string): Token[] {
  // The same splits, in the same order, as field-path.ts's patternSource.
  const out: Token[] = [];
  const lits = (s: string) => { for (let i = 0; i < s.length; i++) out.push({ kind: LIT, code: s.charCodeAt(i) }); };
  pattern.split('**').forEach((part, i) => {
    if (i > 0) out.push({ kind: ANY_STAR, code: 0 });
    part.split('[*]').forEach((piece, j) => {
      if (j > 0) out.push({ kind: LIT, code: OPEN }, { kind: ITEM_STAR, code: 0 }, { kind: LIT, code: CLOSE });
      piece.split('*').forEach((lit, k) => {
        if (k > 0) out.push({ kind: SEG_STAR, code: 0 });
        lits(lit);
      });
    });
  });
  return out;
}

/** Where the walk stands: the path so far, as far as the patterns care. */
export class PatternState {
  /** Some pattern matches the path that led here. */
  readonly accept: boolean;
  /** No pattern matches this path or anything below it. */
  readonly dead: boolean;
  readonly #set: PathPatterns;
  readonly #positions: readonly number[];
  /** The root joins its first key without a dot (field-path.ts's joinKey). */
  readonly #root: boolean;
  #chars: Array<PatternState | undefined> | undefined;
  #wideChars: Map<number, PatternState> | undefined;
  #keys: Map<string, PatternState> | undefined;
  #items: Map<string | number, PatternState> | undefined;

  constructor(set: PathPatterns, positions: readonly number[], accept: boolean, root: boolean) {
    this.#set = set;
    this.#positions = positions;
    this.accept = accept;
    this.dead = positions.length === 0;
    this.#root = root;
  }

  /** The state at the map key `k` below this path. */
  key(k: string): PatternState {
    if (this.dead) return this;
    const known = this.#keys?.get(k);
    if (known !== undefined) return known;
    let s: PatternState = this.#root ? this : this.char(DOT);
    for (let i = 0; i < k.length && !s.dead; i++) s = s.char(k.charCodeAt(i));
    if (this.#set.memo()) (this.#keys ??= new Map()).set(k, s);
    return s;
  }

  /** The state at the list item `[segment]` below this path (an index, or `field=value[,…]`). */
  item(segment: string | number): PatternState {
    if (this.dead) return this;
    const known = this.#items?.get(segment);
    if (known !== undefined) return known;
    const text = String(segment);
    let s = this.char(OPEN);
    for (let i = 0; i < text.length && !s.dead; i++) s = s.char(text.charCodeAt(i));
    s = s.char(CLOSE);
    if (this.#set.memo()) (this.#items ??= new Map()).set(segment, s);
    return s;
  }

  /** One character further. */
  char(c: number): PatternState {
    if (this.dead) return this;
    const known = c < 128 ? this.#chars?.[c] : this.#wideChars?.get(c);
    if (known !== undefined) return known;
    const s = this.#set.step(this.#positions, c);
    if (this.#set.memo()) {
      if (c < 128) (this.#chars ??= new Array<PatternState | undefined>(128))[c] = s;
      else (this.#wideChars ??= new Map()).set(c, s);
    }
    return s;
  }
}

/** A compiled set of patterns; `root` is the state of the empty path. */
export class PathPatterns {
  readonly root: PatternState;
  /** Every pattern's tokens laid end to end, each followed by an end marker (undefined). */
  readonly #tokens: Array<Token | undefined> = [];
  readonly #states = new Map<string, PatternState>();
  #memo = 0;

  constructor(patterns: readonly string[]) {
    const starts: number[] = [];
    for (const p of patterns) {
      starts.push(this.#tokens.length);
      this.#tokens.push(...tokenize(p), undefined);
    }
    const positions = this.#close(starts);
    this.root = new PatternState(this, positions, this.#accepts(positions), true);
  }

  /** Whether some pattern matches the whole of `path` (as pathMatcher would say). */
  matches(path: string): boolean {
    let s = this.root;
    for (let i = 0; i < path.length && !s.dead; i++) s = s.char(path.charCodeAt(i));
    return s.accept;
  }

  /** Counts one more cached transition; false once the cache is full. */
  memo(): boolean {
    if (this.#memo >= MAX_MEMO) return false;
    this.#memo++;
    return true;
  }

  step(positions: readonly number[], c: number): PatternState {
    const next: number[] = [];
    for (const p of positions) {
      const t = this.#tokens[p];
      if (t === undefined) continue;
      if (t.kind === LIT) { if (t.code === c) next.push(p + 1); } else if (matchesClass(t.kind, c)) next.push(p);
    }
    return this.#state(this.#close(next));
  }

  /** Adds the positions a star can be skipped to; sorted, without duplicates. */
  #close(positions: readonly number[]): number[] {
    const out = new Set<number>();
    for (let p of positions) {
      out.add(p);
      while (this.#tokens[p] !== undefined && this.#tokens[p]!.kind !== LIT) out.add(++p);
    }
    return [...out].sort((x, y) => x - y);
  }

  #accepts(positions: readonly number[]): boolean {
    return positions.some((p) => this.#tokens[p] === undefined);
  }

  #state(positions: number[]): PatternState {
    const id = positions.join(',');
    const known = this.#states.get(id);
    if (known !== undefined) return known;
    const s = new PatternState(this, positions, this.#accepts(positions), false);
    if (this.#states.size < MAX_STATES) this.#states.set(id, s);
    return s;
  }
}
