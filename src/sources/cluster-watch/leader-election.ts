import type { Fence, LeaseStore } from '../../app/ports/lease.ts';
import type { SourceLogger } from '../source.ts';

/**
 * Elects one replica to watch a cluster, over a lease row in the shared store
 * (src/app/ports/lease.ts). Every `renewIntervalMs` the leader renews and each
 * standby tries to take over; a lease not renewed for `leaseDurationMs` (by
 * the store's clock) may be taken. Leading starts with the fence that all the
 * term's writes carry, so even a leader that has not yet noticed its loss (a
 * long GC pause, a partition) cannot record anything once a standby took over:
 * the store refuses the write in the same transaction.
 *
 * The leader steps down on its own when the lease is gone, when the store
 * refused a fenced write (`recheck()`), or when it could not renew for a
 * whole lease duration; it then stops its watchers and stands by again.
 */

export interface LeaderElectionOptions {
  leases: LeaseStore;
  lease: string;
  holder: string;
  leaseDurationMs: number;
  renewIntervalMs: number;
  logger: SourceLogger;
  /** Starts the term's work; its writes carry `fence`. */
  onStartedLeading(fence: Fence): Promise<void>;
  /** Stops the term's work; returns once nothing more will be written. */
  onStoppedLeading(): Promise<void>;
}

export class LeaderElection {
  readonly #o: LeaderElectionOptions;
  #fence: Fence | undefined;
  #lastRenewed = 0;
  #stopped = false;
  #wakeLoop: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(opts: LeaderElectionOptions) {
    this.#o = opts;
  }

  get leading(): boolean {
    return this.#fence !== undefined;
  }

  get fence(): Fence | undefined {
    return this.#fence;
  }

  start(): void {
    this.#stopped = false;
    this.#loop ??= this.#run();
  }

  /** Renew now instead of at the next interval (a fenced write was refused: the lease has probably moved on). */
  recheck(): void {
    this.#wakeLoop?.();
  }

  /** Stops the work, then gives the lease up so a standby takes over at its next try rather than after expiry. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wakeLoop?.();
    await this.#loop;
    this.#loop = undefined;
    if (this.#fence !== undefined) {
      await this.#stepDown('stopping');
      await this.#o.leases.release(this.#o.lease, this.#o.holder).catch((err: unknown) =>
        this.#o.logger.warn({ err: String(err), lease: this.#o.lease }, 'could not release the lease; a standby takes over when it expires'));
    }
  }

  async #run(): Promise<void> {
    while (!this.#stopped) {
      await this.#tick();
      if (this.#stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.#o.renewIntervalMs);
        function done() { clearTimeout(timer); resolve(); }
        this.#wakeLoop = done;
      });
      this.#wakeLoop = undefined;
    }
  }

  async #tick(): Promise<void> {
    const started = Date.now();
    let token: number | undefined;
    try {
      token = await this.#o.leases.acquire(this.#o.lease, this.#o.holder, this.#o.leaseDurationMs);
    } catch (err) {
      // Unsure whether we still hold it: keep going until the lease would have expired, then assume not.
      if (this.#fence !== undefined && Date.now() - this.#lastRenewed >= this.#o.leaseDurationMs) {
        await this.#stepDown('could not renew the lease for a whole lease duration');
      }
      this.#o.logger.warn({ err: String(err), lease: this.#o.lease }, 'leader election: the store did not answer');
      return;
    }
    if (token === undefined) {
      if (this.#fence !== undefined) await this.#stepDown('the lease was taken over');
      return;
    }
    // The lease lasts from the renewal's start, not its answer: a slow answer must not stretch the term.
    this.#lastRenewed = started;
    if (this.#fence?.token === token) return;
    if (this.#fence !== undefined) await this.#stepDown('the lease changed hands meanwhile');
    if (this.#stopped) return;
    this.#fence = { lease: this.#o.lease, token };
    this.#o.logger.info?.({ lease: this.#o.lease, holder: this.#o.holder, token }, 'leading: this replica now watches the cluster');
    try {
      await this.#o.onStartedLeading(this.#fence);
    } catch (err) {
      this.#o.logger.error({ err: String(err), lease: this.#o.lease }, 'could not start the watch after winning the lease');
      await this.#stepDown('the watch did not start');
    }
  }

  async #stepDown(reason: string): Promise<void> {
    const fence = this.#fence;
    this.#fence = undefined;
    this.#o.logger.warn({ lease: this.#o.lease, token: fence?.token, reason }, 'no longer leading: the watch stops here');
    await this.#o.onStoppedLeading();
  }
}
