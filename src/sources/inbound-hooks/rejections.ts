import { newId } from '../../core/ids.ts';
import type { Store } from '../../store/store.ts';

/**
 * Requests refused for a bad or missing signature are kept (without their
 * bodies, which an attacker controls) so an operator can see who is knocking:
 * source state scope `inbound-rejected`, oldest dropped beyond `keep`.
 */
export const REJECTED_SCOPE = 'inbound-rejected';

export interface Rejection { at: string; source: string; reason: string; remoteAddress: string; method: string }

export async function recordRejection(store: Store, rejection: Rejection, keep: number): Promise<void> {
  await store.putSourceState([{ scope: REJECTED_SCOPE, key: newId('evt'), value: rejection }]);
  const all = await store.listSourceState(REJECTED_SCOPE);
  if (all.length > keep) {
    await store.putSourceState(all.slice(0, all.length - keep).map((r) => ({ scope: REJECTED_SCOPE, key: r.key, value: null })));
  }
}

export async function listRejected(store: Store, source?: string): Promise<Rejection[]> {
  return (await store.listSourceState(REJECTED_SCOPE))
    .map((r) => r.value as Rejection)
    .filter((r) => source === undefined || r.source === source);
}
