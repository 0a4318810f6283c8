import { z } from 'zod';
import type { HeraldEvent } from './event.ts';
import { pathMatcher, type PathMatcher } from './field-path.ts';

/**
 * Which events a webhook wants (and which a silence mutes). Every active
 * filter must match; `*` (the default) makes a list filter inactive. List
 * entries may use `*` as a glob (`team-*`) and `!` in front to exclude
 * (`!kube-system`, `!*-canary`): a value matches when it matches some
 * inclusion (or there is none) and no exclusion. Names match
 * case-insensitively; field paths exactly, as src/core/field-path.ts writes them.
 */

const PATTERN_HINT = 'a value, a glob with *, or ! and one of those to exclude';
const PatternSchema = z.string().min(1).max(253).refine((p) => p !== '!', PATTERN_HINT);
const PatternListSchema = z.array(PatternSchema).max(200);

export const LabelConditionSchema = z.discriminatedUnion('operator', [
  z.strictObject({ key: z.string().min(1).max(317), operator: z.literal('In'), values: z.array(z.string()).min(1, 'In needs at least one value') }),
  z.strictObject({ key: z.string().min(1).max(317), operator: z.literal('NotIn'), values: z.array(z.string()).min(1, 'NotIn needs at least one value') }),
  z.strictObject({ key: z.string().min(1).max(317), operator: z.literal('Exists'), values: z.array(z.string()).max(0, 'Exists takes no values').optional() }),
  z.strictObject({ key: z.string().min(1).max(317), operator: z.literal('DoesNotExist'), values: z.array(z.string()).max(0, 'DoesNotExist takes no values').optional() }),
]);
export type LabelCondition = z.infer<typeof LabelConditionSchema>;

/**
 * The list filters and the event value each one reads: one line per filter,
 * so a new one (e.g. `reason`) is one line here and one in the schema.
 */
export const LIST_FILTERS = {
  events: (e: HeraldEvent) => e.event,
  clusters: (e: HeraldEvent) => e.cluster,
  kinds: (e: HeraldEvent) => e.resource,
  namespaces: (e: HeraldEvent) => e.namespace,
  actors: (e: HeraldEvent) => e.actor,
  // An event without a reason (anything but health events) matches only "*".
  reasons: (e: HeraldEvent) => e.reason ?? '',
} as const;
export type ListFilterName = keyof typeof LIST_FILTERS;
const LIST_FILTER_NAMES = Object.keys(LIST_FILTERS) as ListFilterName[];

export const FiltersSchema = z.strictObject({
  events: PatternListSchema.default(['*']).describe('Event types, e.g. create, update, delete, scale, alert; !type excludes'),
  clusters: PatternListSchema.default(['*']),
  kinds: PatternListSchema.default(['*']).describe('Resource kinds, e.g. Deployment'),
  namespaces: PatternListSchema.default(['*']).describe('e.g. ["!kube-system", "!*-canary"]'),
  actors: PatternListSchema.default(['*']).describe('Who made the change, e.g. ["!system:serviceaccount:*"] for human changes only'),
  reasons: PatternListSchema.default(['*']).describe('Reasons, e.g. CrashLoopBackOff, OOMKilled, Failed*; an event without one matches only "*"'),
  labels: z.array(LabelConditionSchema).max(50).default([]).describe('All conditions must hold'),
  fields: z.array(PatternSchema.max(1000)).max(100).default([])
    .describe('An update is sent only when a changed path matches, e.g. spec.template.spec.containers[*].image; [] sends every update'),
});
export type Filters = z.infer<typeof FiltersSchema>;

const globCache = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (re === undefined) {
    const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${body}$`, 'i');
    if (globCache.size > 10_000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re;
}

function matchesPattern(pattern: string, value: string): boolean {
  return pattern === '*' || pattern.toLowerCase() === value.toLowerCase() || (pattern.includes('*') && globToRegExp(pattern).test(value));
}

/** Splits `!`-prefixed exclusions from inclusions. */
function split(patterns: readonly string[]): { include: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const p of patterns) (p.startsWith('!') ? exclude : include).push(p.startsWith('!') ? p.slice(1) : p);
  return { include, exclude };
}

export function matchesList(patterns: readonly string[], value: string): boolean {
  if (patterns.length === 0) return true;
  const { include, exclude } = split(patterns);
  return (include.length === 0 || include.some((p) => matchesPattern(p, value)))
    && !exclude.some((p) => matchesPattern(p, value));
}

export function matchesLabel(condition: LabelCondition, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, condition.key);
  switch (condition.operator) {
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'In': return has && condition.values.includes(labels[condition.key]!);
    // As in Kubernetes selectors, NotIn holds for objects without the label.
    case 'NotIn': return !has || !condition.values.includes(labels[condition.key]!);
  }
}

/** Field matchers compiled once per pattern list (the same list recurs on every event). */
const fieldMatchers = new Map<string, { include: PathMatcher | null; exclude: PathMatcher }>();

function fieldMatcher(patterns: readonly string[]): { include: PathMatcher | null; exclude: PathMatcher } {
  const key = patterns.join('\n');
  let m = fieldMatchers.get(key);
  if (m === undefined) {
    const { include, exclude } = split(patterns);
    m = { include: include.length === 0 ? null : pathMatcher(include), exclude: pathMatcher(exclude) };
    if (fieldMatchers.size > 1000) fieldMatchers.clear();
    fieldMatchers.set(key, m);
  }
  return m;
}

/**
 * Botkube's `updateSetting.fields`: an update passes when some changed path
 * matches an inclusion (or there is none) and no exclusion. Other event types
 * are not updates and pass, so `events` still decides about them.
 */
export function matchesFields(patterns: readonly string[], event: HeraldEvent): boolean {
  if (patterns.length === 0 || event.event !== 'update') return true;
  const { include, exclude } = fieldMatcher(patterns);
  return event.changes.some((c) => (include === null || include(c.field)) && !exclude(c.field));
}

/** True when no filter narrows anything: every event matches. */
export function selectsEverything(filters: Filters): boolean {
  const open = (l: readonly string[] | undefined) => l === undefined || l.every((p) => p === '*');
  return LIST_FILTER_NAMES.every((name) => open(filters[name])) && filters.labels.length === 0 && (filters.fields ?? []).length === 0;
}

/** A pure function of (filters, event), so it can be indexed. */
export function matchesFilters(filters: Filters, event: HeraldEvent): boolean {
  for (const name of LIST_FILTER_NAMES) {
    // Filters stored before a list filter existed lack it: absent means inactive.
    const patterns = filters[name] as readonly string[] | undefined;
    if (patterns !== undefined && !matchesList(patterns, LIST_FILTERS[name](event))) return false;
  }
  return filters.labels.every((c) => matchesLabel(c, event.labels))
    && matchesFields(filters.fields ?? [], event);
}
