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

/**
 * What the event browser narrows by: exact matches on the event's fields
 * (`kind` is the event's `resource`), `since`/`until` on the time Herald
 * recorded it (epoch ms, inclusive / exclusive).
 */
export interface EventQuery {
  type?: string;
  cluster?: string;
  namespace?: string;
  kind?: string;
  actor?: string;
  since?: number;
  until?: number;
  /** Newest first, the cursor then continuing to older events. */
  newestFirst?: boolean;
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
  /** Events in id (= time) order after `cursor` (before it when newest first), for export and the event browser. */
  listEvents(cursor: string | undefined, limit: number, query?: EventQuery): Promise<Page<HeraldEvent>>;
}
