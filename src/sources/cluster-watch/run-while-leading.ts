import { isHeraldError } from '../../core/errors.ts';
import type { CheckedIngest, Ingest } from '../../app/record-event.ts';
import type { Fence, LeaseStore } from '../../app/ports/lease.ts';
import type { SourceLogger } from '../source.ts';
import type { LeaderElectionConfig } from './config.ts';
import { LeaderElection } from './leader-election.ts';

/**
 * How a per-cluster source (cluster watch, cluster health) runs its work on
 * one replica at a time: alone on its store (no leases: nobody to elect
 * against, no fence) it simply starts; with leases it starts on winning the
 * lease and stops on losing it. Every event the work records carries the
 * term's fence, and a write refused for a lost lease makes the election check
 * at once instead of at its next renewal.
 */

export interface LeadingWork<I extends Ingest = Ingest> {
  /** The store's leases; undefined when this process is the store's only user. */
  leases: LeaseStore | undefined;
  lease: string;
  holder: string;
  election: LeaderElectionConfig;
  logger: SourceLogger;
  /** Told the fence of each new term before the work starts, for the source's own fenced state writes. */
  setFence(fence: Fence): void;
  /** Starts the work; `ingest` adds the current fence to every event. */
  start(ingest: I): Promise<void>;
  /** Stops the work; returns once nothing more will be written. */
  stop(): Promise<void>;
}

export interface LeadingRun<I extends Ingest = Ingest> {
  start(ingest: I): Promise<void>;
  /** Stops the work and gives the lease up. */
  stop(): Promise<void>;
}

/**
 * `I`: what the work ingests through, `Ingest` or (the cluster watch) `WatchIngest`:
 * the fence is added to `ingestChecked` too when it is there. No other method is passed on.
 */
export function runWhileLeading<I extends Ingest>(work: LeadingWork<I>): LeadingRun<I> {
  let election: LeaderElection | undefined;
  // The fence of the current (or last) term; kept after a term ends, so a write still in flight is refused, never unfenced.
  let fence: Fence | undefined;
  const told = async <R>(write: () => Promise<R>): Promise<R> => {
    try {
      return await write();
    } catch (err) {
      if (isHeraldError(err) && err.code === 'LEASE_LOST') election?.recheck();
      throw err;
    }
  };
  const fenced = (ingest: I): I => {
    const out: Ingest & Partial<CheckedIngest> = { ingest: (input, o) => told(() => ingest.ingest(input, { ...o, fence })) };
    const checked = (ingest as Ingest & Partial<CheckedIngest>).ingestChecked?.bind(ingest);
    if (checked !== undefined) out.ingestChecked = (input, o) => told(() => checked(input, { ...o, fence }));
    return out as I; // both methods an I may have, each fenced
  };
  return {
    async start(ingest) {
      if (work.leases === undefined) return work.start(fenced(ingest));
      election = new LeaderElection({
        leases: work.leases, lease: work.lease, holder: work.holder, logger: work.logger,
        leaseDurationMs: work.election.leaseDurationMs, renewIntervalMs: work.election.renewIntervalMs,
        onStartedLeading: async (f) => {
          fence = f;
          work.setFence(f);
          await work.start(fenced(ingest));
        },
        onStoppedLeading: () => work.stop(),
      });
      election.start();
    },
    async stop() {
      if (election !== undefined) await election.stop();
      else await work.stop();
    },
  };
}
