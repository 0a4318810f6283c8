import type { DeliveryQueue } from '../app/ports/delivery-queue.ts';
import type { EventLog } from '../app/ports/event-log.ts';
import type { SilenceRepository } from '../app/ports/silence-repository.ts';
import type { SendPace } from '../app/ports/send-pace.ts';
import type { SourceState } from '../app/ports/source-state.ts';
import type { WebhookRepository } from '../app/ports/webhook-repository.ts';

/**
 * The one persistence interface: the union of the application's ports
 * (src/app/ports/). SQLite (embedded, one process) and PostgreSQL (many
 * replicas) implement it and pass the same conformance suite
 * (test/store/store.case.ts). Times are epoch milliseconds.
 */
export type {
  Attempt, Claim, Completion, Delivery, DeliveryStatus, DeliveryTrigger, ListDeliveriesQuery, RedeliverOptions,
} from '../app/ports/delivery-queue.ts';
export type { SendSlot } from '../app/ports/send-pace.ts';
export type { EventToRecord, RecordEventResult } from '../app/ports/event-log.ts';
export type { Page } from '../app/ports/page.ts';
export type { SourceStateWrite } from '../app/ports/source-state.ts';


export interface StoreCapabilities {
  /** Only one process uses the store, so leases left by a dead process can be freed at start-up. */
  singleProcess: boolean;
}

export interface Store extends WebhookRepository, EventLog, DeliveryQueue, SourceState, SilenceRepository, SendPace {
  readonly capabilities: StoreCapabilities;
  close(): Promise<void>;
  /**
   * Present when other processes can record deliveries: calls `listener` when
   * one did (PostgreSQL LISTEN/NOTIFY), so an idle dispatcher starts at once.
   * Returns the unsubscribe function. `onLost` hears each time the listening
   * connection is lost (it reconnects by itself; until then other replicas'
   * work waits for the idle poll), so an operator sees why wake-ups lag.
   */
  onWake?(listener: () => void, onLost?: (err: Error) => void): () => void;
}
