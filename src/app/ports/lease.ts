/**
 * Leases let replicas sharing one store agree on a single holder of some job
 * (the watch of one cluster), and fences make that agreement hold in the data:
 * a write carrying a fence is refused (HeraldError LEASE_LOST) once the lease
 * has passed to another holder, in the same transaction as the write itself,
 * so a deposed holder that has not noticed yet cannot record anything.
 */

/** What a holder's writes carry: the lease and the token it was granted. */
export interface Fence {
  lease: string;
  token: number;
}

export interface LeaseStore {
  /**
   * Takes the lease `name` for `holder`, or renews it, for `durationMs` by the
   * store's clock (replica clocks may disagree). Returns the fence token, which
   * grows each time the lease changes hands; undefined while another holder's
   * lease is live.
   */
  acquire(name: string, holder: string, durationMs: number): Promise<number | undefined>;
  /** Ends `holder`'s lease now (on shutdown), so a standby need not wait for it to expire. */
  release(name: string, holder: string): Promise<void>;
}
