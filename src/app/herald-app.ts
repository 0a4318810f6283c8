import type { PathMatcher } from '../core/field-path.ts';
import type { HeraldEvent } from '../core/event.ts';
import { StoreAuditLog, type AuditActor, type AuditLog } from './audit-log.ts';
import { ManageTokens } from './manage-tokens.ts';
import { ManageUsers } from './manage-users.ts';
import { ManageWebhooks } from './manage-webhooks.ts';
import type { AccountStore } from './ports/account-repository.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import type { DeliveryQueue } from './ports/delivery-queue.ts';
import type { DeliveryWorker } from './ports/delivery-worker.ts';
import type { EventLog } from './ports/event-log.ts';
import type { SourceState } from './ports/source-state.ts';
import type { WebhookRepository } from './ports/webhook-repository.ts';
import { ReadHistory } from './read-history.ts';
import { Ingestor } from './record-event.ts';
import { Redeliver } from './redeliver.ts';
import { testWebhook, type TestResult } from './test-webhook.ts';

export interface HeraldAppPorts {
  store: WebhookRepository & EventLog & DeliveryQueue & SourceState;
  accounts: AccountStore;
  worker: DeliveryWorker;
  /** Refuses a receiver URL the SSRF guard would block. */
  checkUrl: (url: URL) => void;
  checkDestination?: (platform: string, url: URL) => void;
  secretGraceMs: number;
  clock?: Clock;
  /** Told of every newly recorded event (metrics). */
  onEvent?: (event: HeraldEvent) => void;
  /** Paths whose values never leave Herald (config `redact`). */
  redaction?: PathMatcher;
  /** An audit entry could not be written; the change itself stands. */
  onAuditError: (err: unknown) => void;
}

/**
 * Everything Herald does, each use case written once over the ports. The API,
 * the CLI, the config loader and the sources call only this; the composition
 * root (src/herald.ts) builds it from the store and the dispatcher.
 */
export interface HeraldApp {
  /** Record an event (one or a batch): normalize, route, record with deliveries, wake the dispatcher. */
  events: Ingestor;
  webhooks: ManageWebhooks;
  testWebhook(id: string, actor: AuditActor): Promise<TestResult>;
  redeliver: Redeliver;
  history: ReadHistory;
  users: ManageUsers;
  tokens: ManageTokens;
  audit: AuditLog;
  /** What sources keep between runs (watch state, actor hints, rejected requests). */
  sourceState: SourceState;
}

export function createHeraldApp(p: HeraldAppPorts): HeraldApp {
  const clock = p.clock ?? systemClock;
  const audit = new StoreAuditLog(p.accounts, p.onAuditError, clock);
  const events = new Ingestor(p.store, {
    worker: p.worker, clock,
    ...(p.onEvent === undefined ? {} : { onEvent: p.onEvent }),
    ...(p.redaction === undefined ? {} : { redaction: p.redaction }),
  });
  const webhooks = new ManageWebhooks({
    webhooks: p.store, routing: events, worker: p.worker, checkUrl: p.checkUrl, ...(p.checkDestination === undefined ? {} : { checkDestination: p.checkDestination }), audit, clock, secretGraceMs: p.secretGraceMs,
  });
  return {
    events,
    webhooks,
    testWebhook: (id, actor) => testWebhook({ webhooks, events, deliveries: p.store, worker: p.worker, audit }, id, actor),
    redeliver: new Redeliver({ deliveries: p.store, webhooks: p.store, worker: p.worker, audit, clock }),
    history: new ReadHistory({ webhooks: p.store, deliveries: p.store, events: p.store }),
    users: new ManageUsers({ accounts: p.accounts, audit, clock }),
    tokens: new ManageTokens({ accounts: p.accounts, audit, clock }),
    audit,
    sourceState: p.store,
  };
}
