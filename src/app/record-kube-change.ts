import type { FieldChange } from '../core/event.ts';
import { summarizeChange } from '../core/kube-summary.ts';
import type { SourceState } from './ports/source-state.ts';
import type { Ingest } from './record-event.ts';
import { ACTOR_HINT_SCOPE, actorHintKey, type ActorHint, type IsWatched } from './actor-hints.ts';
import type { ChangeType } from './change-type.ts';

/**
 * The one rule that keeps a change from being announced twice: if the cluster
 * watch already watches the kind, admission and audit only leave an actor
 * hint; otherwise they record the event themselves.
 */
export type { ChangeType };

/** One change to one object, as admission or audit saw it. */
export interface KubeChange {
  type: ChangeType;
  kind: string;
  namespace: string;
  name: string;
  actor: string;
  /** Epoch ms of the change. */
  at: number;
  source: 'admission' | 'audit';
  /** Stable id of the API request, so a retried review or batch is recorded once. */
  dedupKey: string;
  changes: FieldChange[];
  labels: Record<string, string>;
  data: Record<string, unknown>;
}

export interface RecordDeps {
  ingest: Ingest;
  store: Pick<SourceState, 'putSourceState'>;
  cluster: string;
  isWatched: IsWatched;
}

export type RecordOutcome = 'hint' | 'event' | 'duplicate';

export async function recordChange(deps: RecordDeps, change: KubeChange): Promise<RecordOutcome> {
  if (deps.isWatched(deps.cluster, change.kind)) {
    const hint: ActorHint = { actor: change.actor, operation: change.type, at: change.at, source: change.source };
    await deps.store.putSourceState([{
      scope: ACTOR_HINT_SCOPE, key: actorHintKey(deps.cluster, change.kind, change.namespace, change.name), value: hint,
    }]);
    return 'hint';
  }
  const result = await deps.ingest.ingest({
    event: change.type,
    cluster: deps.cluster,
    namespace: change.namespace,
    resource: change.kind,
    name: change.name,
    actor: change.actor,
    timestamp: new Date(change.at).toISOString(),
    changes: change.changes,
    labels: change.labels,
    summary: summarizeChange(change),
    source: change.source,
    dedupKey: change.dedupKey,
    data: change.data,
  });
  return result.duplicate ? 'duplicate' : 'event';
}
