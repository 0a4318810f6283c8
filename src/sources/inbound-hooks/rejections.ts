import { newId } from '../../core/ids.ts';
import type { SourceState } from '../../app/ports/source-state.ts';

/**
 * Requests refused for a bad or missing signature are kept (without their
 * bodies, which an attacker controls) so an operator can see who is knocking:
 * source state scope `inbound-rejected`, oldest dropped beyond `keep`.
 */
export const REJECTED_SCOPE = 'inbound-rejected';

export interface Rejection { at: string; source: string; reason: string; remoteAddress: string; method: string; requestId: string }

/**
 * Rejections recorded since each store was last pruned. Pruning reads the whole
 * scope, so it runs once per tenth of `keep` rather than on every refused
 * request: a flood of unsigned requests then costs one small write each
 * (test/sources/inbound-hooks/inbound-throughput.bench.ts, keep 1000, 2 vCPUs: 297 and 429
 * refused requests/s pruning every time, 732 and 936 this way), and the scope
 * holds at most `keep` plus that tenth.
 */
const sincePrune = new WeakMap<SourceState, number>();

export async function recordRejection(store: SourceState, rejection: Rejection, keep: number): Promise<void> {
  await store.putSourceState([{ scope: REJECTED_SCOPE, key: newId('evt'), value: rejection }]);
  const count = (sincePrune.get(store) ?? 0) + 1;
  if (count < Math.max(1, Math.ceil(keep / 10))) {
    sincePrune.set(store, count);
    return;
  }
  sincePrune.set(store, 0);
  const all = await store.listSourceState(REJECTED_SCOPE);
  if (all.length > keep) {
    await store.putSourceState(all.slice(0, all.length - keep).map((r) => ({ scope: REJECTED_SCOPE, key: r.key, value: null })));
  }
}

export async function listRejected(store: SourceState, source?: string): Promise<Rejection[]> {
  return (await store.listSourceState(REJECTED_SCOPE))
    .map((r) => r.value as Rejection)
    .filter((r) => source === undefined || r.source === source);
}
