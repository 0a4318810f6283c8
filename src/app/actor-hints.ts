import type { ChangeType } from './change-type.ts';

/**
 * Who changed what, as the admission and audit webhooks saw it, left for the
 * cluster watch: when the watch announces the same change it attaches the
 * actor, so users get one event with the actor rather than two.
 */

/** Answers whether the cluster watch emits events for this Kind (e.g. "Deployment") in this cluster. */
export type IsWatched = (cluster: string, kind: string) => boolean;

/** Source-state scope the cluster watch reads actor hints from. */
export const ACTOR_HINT_SCOPE = 'actor-hints';

/** Who changed an object, left for the cluster watch to attach to the event it emits. */
export interface ActorHint {
  actor: string;
  /** The Herald event type the change will become: create, update, delete or scale. */
  operation: ChangeType;
  /** When the change was made, epoch ms; the watch ignores hints older than its own event window. */
  at: number;
  source: 'admission' | 'audit';
}

export function actorHintKey(cluster: string, kind: string, namespace: string, name: string): string {
  return `${cluster}/${kind}/${namespace}/${name}`;
}

