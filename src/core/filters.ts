import { z } from 'zod';
import type { HeraldEvent } from './event.ts';

/**
 * Which events a webhook wants. Every active filter must match; `*` (the
 * default) makes a list filter inactive. List entries may use `*` as a glob
 * (`team-*`), and kind names match case-insensitively.
 */

const PatternListSchema = z.array(z.string().min(1).max(253)).max(200);

export const LabelConditionSchema = z.discriminatedUnion('operator', [
  z.strictObject({ key: z.string().min(1).max(317), operator: z.literal('In'), values: z.array(z.string()).min(1, 'In needs at least one value') }),
  z.strictObject({ key: z.string().min(1).max(317), operator: z.literal('NotIn'), values: z.array(z.string()).min(1, 'NotIn needs at least one value') }),
  z.strictObject({ key: z.string().min(1).max(317), operator: z.literal('Exists'), values: z.array(z.string()).max(0, 'Exists takes no values').optional() }),
  z.strictObject({ key: z.string().min(1).max(317), operator: z.literal('DoesNotExist'), values: z.array(z.string()).max(0, 'DoesNotExist takes no values').optional() }),
]);
export type LabelCondition = z.infer<typeof LabelConditionSchema>;

export const FiltersSchema = z.strictObject({
  events: PatternListSchema.default(['*']).describe('Event types, e.g. create, update, delete, scale, alert'),
  clusters: PatternListSchema.default(['*']),
  kinds: PatternListSchema.default(['*']).describe('Resource kinds, e.g. Deployment'),
  namespaces: PatternListSchema.default(['*']),
  reasons: PatternListSchema.default(['*']).describe('Reasons, e.g. CrashLoopBackOff, OOMKilled, Failed*; an event without one matches only "*"'),
  labels: z.array(LabelConditionSchema).max(50).default([]).describe('All conditions must hold'),
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

export function matchesList(patterns: readonly string[], value: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => p === '*' || p.toLowerCase() === value.toLowerCase() || (p.includes('*') && globToRegExp(p).test(value)));
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

export function matchesFilters(filters: Filters, event: HeraldEvent): boolean {
  return matchesList(filters.events, event.event)
    && matchesList(filters.clusters, event.cluster)
    && matchesList(filters.kinds, event.resource)
    && matchesList(filters.namespaces, event.namespace)
    && matchesList(filters.reasons, event.reason ?? '')
    && filters.labels.every((c) => matchesLabel(c, event.labels));
}
