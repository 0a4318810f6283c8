/**
 * Field paths as Herald writes them, and the glob patterns that select them
 * (ignore lists, redaction lists). One description for both, so a pattern means
 * the same in `watch.ignoreFields` and `redact.paths`.
 *
 * A path is dotted, map keys verbatim (annotation keys keep their dots), list
 * items in brackets: `[3]` by index, `[name=api]` by the item's merge key,
 * `[containerPort=53,protocol=UDP]` for a key of several fields.
 */

export function joinKey(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** `segment` is what goes inside the brackets: an index or `field=value[,field=value]`. */
export function joinItem(parent: string, segment: string | number): string {
  return `${parent}[${segment}]`;
}

export type PathMatcher = (path: string) => boolean;

/**
 * Compiles patterns once. `*` matches within one segment (not across `.` or `[`),
 * `[*]` matches any list item (index or merge key, whatever its value holds),
 * `**` matches anything at any depth. A pattern matches the whole path.
 */
export function pathMatcher(patterns: readonly string[], opts: { caseInsensitive?: boolean } = {}): PathMatcher {
  if (patterns.length === 0) return () => false;
  const re = new RegExp(`^(?:${patterns.map(patternSource).join('|')})$`, opts.caseInsensitive === true ? 'i' : '');
  return (path) => re.test(path);
}

function patternSource(pattern: string): string {
  return pattern.split('**').map((part) => part.split('[*]').map((piece) => piece.split('*').map(escape).join('[^.\\[]*'))
    .join('\\[[^\\]]*\\]')).join('.*');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
