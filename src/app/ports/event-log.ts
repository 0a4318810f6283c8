import type { HeraldEvent } from '../../core/event.ts';
import type { Fence } from './lease.ts';
import type { Page } from './page.ts';
import type { SourceStateWrite } from './source-state.ts';

export interface RecordEventResult {
  event: HeraldEvent;
  /** True when an event with the same dedupKey already existed; nothing new was written. */
  duplicate: boolean;
  deliveryIds: string[];
}

/** One event of a batch and the webhooks it goes to. */
export interface EventToRecord { event: HeraldEvent; webhookIds: readonly string[] }

/** The events Herald accepted, each recorded with its deliveries. */
export interface EventLog {
  /**
   * Records the event, one pending delivery per webhook id (ids that no longer
   * exist are skipped) and any source state, in one transaction. With a
   * `fence`, nothing is written and LEASE_LOST is thrown when the lease has
   * passed to another holder (checked in the same transaction).
   */
  recordEvent(event: HeraldEvent, webhookIds: readonly string[], opts?: {
    now?: number; once?: boolean; state?: readonly SourceStateWrite[]; fence?: Fence;
  }): Promise<RecordEventResult>;
  /**
   * Records several events with their deliveries in one transaction: all or
   * none. An item whose dedupKey was recorded before, or earlier in the same
   * batch, is a duplicate and writes nothing.
   */
  recordEvents(items: readonly EventToRecord[], opts?: { now?: number }): Promise<RecordEventResult[]>;
  getEvent(id: string): Promise<HeraldEvent | undefined>;
  /** Events in id (= time) order after `cursor`, for export. */
  listEvents(cursor: string | undefined, limit: number): Promise<Page<HeraldEvent>>;
}
