import { isHeraldError } from '../../core/errors.ts';
import type { Ingest } from '../../app/record-event.ts';
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

export interface LeadingWork {
  /** The store's leases; undefined when this process is the store's only user. */
  leases: LeaseStore | undefined;
  lease: string;
  holder: string;
  election: LeaderElectionConfig;
  logger: SourceLogger;
  /** Told the fence of each new term before the work starts, for the source's own fenced state writes. */
  setFence(fence: Fence): void;
  /** Starts the work; `ingest` adds the current fence to every event. */
  start(ingest: Ingest): Promise<void>;
  /** Stops the work; returns once nothing more will be written. */
  stop(): Promise<void>;
}

export interface LeadingRun {
  start(ingest: Ingest): Promise<void>;
  /** Stops the work and gives the lease up. */
  stop(): Promise<void>;
}

export function runWhileLeading(work: LeadingWork): LeadingRun {
  let election: LeaderElection | undefined;
  // The fence of the current (or last) term; kept after a term ends, so a write still in flight is refused, never unfenced.
  let fence: Fence | undefined;
  const fenced = (ingest: Ingest): Ingest => ({
    ingest: async (input, o) => {
      try {
        return await ingest.ingest(input, { ...o, fence });
      } catch (err) {
        if (isHeraldError(err) && err.code === 'LEASE_LOST') election?.recheck();
        throw err;
      }
    },
  });
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
