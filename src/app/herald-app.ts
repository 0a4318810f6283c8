import type { PathMatcher } from '../core/field-path.ts';
import type { HeraldEvent } from '../core/event.ts';
import { StoreAuditLog, type AuditActor, type AuditLog } from './audit-log.ts';
import { ManageTokens } from './manage-tokens.ts';
import { ManageSilences } from './manage-silences.ts';
import { ManageUsers } from './manage-users.ts';
import type { DeliveryChange } from './delivery-change.ts';
import { LiveFeed } from './live-feed.ts';
import { ManageWebhooks } from './manage-webhooks.ts';
import type { AccountStore } from './ports/account-repository.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import type { DeliveryQueue } from './ports/delivery-queue.ts';
import type { DeliveryWorker } from './ports/delivery-worker.ts';
import type { EventLog } from './ports/event-log.ts';
import type { SilenceRepository } from './ports/silence-repository.ts';
import type { SourceState } from './ports/source-state.ts';
import type { WebhookRepository } from './ports/webhook-repository.ts';
import { previewWebhook, type WebhookPreview } from './preview-webhook.ts';
import type { RenderRequest } from './ports/request-renderer.ts';
import { ReadHistory } from './read-history.ts';
import type { Webhook } from '../core/webhook.ts';
import { Ingestor } from './record-event.ts';
import { Redeliver } from './redeliver.ts';
import { testWebhook, type TestResult } from './test-webhook.ts';

export interface HeraldAppPorts {
  store: WebhookRepository & EventLog & DeliveryQueue & SourceState & SilenceRepository;
  accounts: AccountStore;
  worker: DeliveryWorker;
  /** The request a webhook's platform makes of an event (the preview). */
  render: RenderRequest;
  /** Refuses a receiver URL the SSRF guard would block. */
  checkUrl: (url: URL) => void;
  /** Refuses a webhook that does not give its platform what it needs (options, credential). */
  checkDestination?: (webhook: Webhook) => void;
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
  /** Time-bounded mutes: matching events are recorded, not delivered. */
  silences: ManageSilences;
  testWebhook(id: string, actor: AuditActor): Promise<TestResult>;
  /** The message a webhook would send for a sample event, or for a recorded one; credentials masked. */
  previewWebhook(id: string, eventId?: string): Promise<WebhookPreview>;
  redeliver: Redeliver;
  history: ReadHistory;
  users: ManageUsers;
  tokens: ManageTokens;
  audit: AuditLog;
  /** Events as this process records them (the console's live stream). */
  live: LiveFeed<HeraldEvent>;
  /**
   * Changes to deliveries this process makes (the console's live history):
   * created and requeued here; the composition root publishes each attempt the dispatcher records.
   */
  deliveryChanges: LiveFeed<DeliveryChange>;
  /** What sources keep between runs (watch state, actor hints, rejected requests). */
  sourceState: SourceState;
}

export function createHeraldApp(p: HeraldAppPorts): HeraldApp {
  const clock = p.clock ?? systemClock;
  const audit = new StoreAuditLog(p.accounts, p.onAuditError, clock);
  const live = new LiveFeed<HeraldEvent>();
  const deliveryChanges = new LiveFeed<DeliveryChange>();
  const onEvent = p.onEvent;
  const events = new Ingestor(p.store, {
    worker: p.worker, clock,
    onEvent: (event) => { onEvent?.(event); live.publish(event); },
    onDelivered: (event, webhookIds) => {
      if (deliveryChanges.size === 0) return;
      for (const webhookId of webhookIds) deliveryChanges.publish({ kind: 'created', webhookId, eventId: event.id });
    },
    ...(p.redaction === undefined ? {} : { redaction: p.redaction }),
  });
  const webhooks = new ManageWebhooks({
    webhooks: p.store, routing: events, worker: p.worker, checkUrl: p.checkUrl, audit, clock, secretGraceMs: p.secretGraceMs,
    ...(p.checkDestination === undefined ? {} : { checkDestination: p.checkDestination }),
  });
  return {
    events,
    webhooks,
    silences: new ManageSilences({ silences: p.store, routing: events, audit, clock }),
    testWebhook: (id, actor) => testWebhook({ webhooks, events, deliveries: p.store, worker: p.worker, audit }, id, actor),
    previewWebhook: (id, eventId) => previewWebhook({ webhooks, events: p.store, render: p.render, clock }, id, eventId),
    redeliver: new Redeliver({ deliveries: p.store, webhooks: p.store, worker: p.worker, audit, clock, onChange: (c) => deliveryChanges.publish(c) }),
    history: new ReadHistory({ webhooks: p.store, deliveries: p.store, events: p.store }),
    users: new ManageUsers({ accounts: p.accounts, audit, clock }),
    tokens: new ManageTokens({ accounts: p.accounts, audit, clock }),
    audit,
    live,
    deliveryChanges,
    sourceState: p.store,
  };
}
