import type { Fence, LeaseStore } from './lease.ts';

/** State a source keeps between runs (e.g. the last seen version of each watched object). */
export interface SourceStateWrite { scope: string; key: string; value: unknown | null }

/** Source state outside an event (an event's own state goes with it through the event log). */
export interface SourceState {
  getSourceState(scope: string, key: string): Promise<unknown | undefined>;
  listSourceState(scope: string): Promise<Array<{ key: string; value: unknown }>>;
  /** With a `fence`, all or nothing, refused (LEASE_LOST) once the lease has moved on. */
  putSourceState(writes: readonly SourceStateWrite[], fence?: Fence): Promise<void>;
  /** Present when several processes share the store: leases for electing one cluster watcher (lease.ts). */
  readonly leases?: LeaseStore;
}
