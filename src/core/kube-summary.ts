import { mainChange, type FieldChange } from './event.ts';
import type { KubeChangeType } from './kube-diff.ts';

/**
 * The one line a person reads first about a Kubernetes change, the same
 * whichever source saw it (watch, admission, audit):
 * `Deployment prod/api scaled from 2 to 5 by jane`, `ConfigMap prod/cfg updated: data.mode`.
 */
export interface ChangeToSummarize {
  type: KubeChangeType;
  kind: string;
  namespace: string;
  name: string;
  /** '' when unknown. */
  actor: string;
  changes: readonly FieldChange[];
}

const VERBS: Record<KubeChangeType, string> = { create: 'created', update: 'updated', delete: 'deleted', scale: 'scaled' };

export function summarizeChange(c: ChangeToSummarize): string {
  const target = `${c.kind} ${c.namespace === '' ? '' : `${c.namespace}/`}${c.name}`;
  const by = c.actor === '' ? '' : ` by ${c.actor}`;
  const detail = mainChange(c.type, c.changes);
  if (c.type === 'scale' && detail !== null) {
    // An audit /scale record carries only the new count.
    const from = detail.old === undefined ? '' : ` from ${String(detail.old)}`;
    return `${target} scaled${from} to ${String(detail.new)}${by}`;
  }
  if (c.type === 'update' && detail !== null) return `${target} updated: ${detail.field}${by}`;
  return `${target} ${VERBS[c.type]}${by}`;
}
