import { decideAttempt, decideThrottled, type AttemptDecision } from '../core/attempt-outcome.ts';
import type { HeraldEvent } from '../core/event.ts';
import { newId } from '../core/ids.ts';
import { readAnswer, type BodyInterpreter, type ReceiverAnswer, type RefusalReader } from '../core/read-answer.ts';
import { retrySchedule } from '../core/retry-policy.ts';
import type { Webhook } from '../core/webhook.ts';
import { findPlatform, usesChatRetry } from '../platforms/registry.ts';
import type { Attempt, Claim, Completion, DeliveryTrigger, Store } from '../store/store.ts';
import { buildRequest } from './build-request.ts';
import type { SendRequest, Sender } from './http-sender.ts';
import type { SigningKeyCache } from './signing-keys.ts';

/**
 * One attempt as a pipeline of small steps with typed states, after Svix's
 * worker: load → prepare (render and sign) → send → complete (read the answer,
 * decide). Recording the outcome is record-outcome.ts. Each state carries what
 * the later steps need, so every step can be read, and tested, on its own.
 */

export interface LoadedDispatch {
  claim: Claim;
  webhook: Webhook;
  event: HeraldEvent;
  attemptNo: number;
  trigger: DeliveryTrigger;
  /** Grouping: the other deliveries sent in this one message (dispatch-group.ts); they share its outcome. */
  companions?: Companion[];
}

/** A delivery sent along with the claimed one, and its event. */
export interface Companion { claim: Claim; event: HeraldEvent }

/** Every event a dispatch sends, the claimed one first. */
export function dispatchEvents(d: Pick<LoadedDispatch, 'event' | 'companions'>): HeraldEvent[] {
  return [d.event, ...(d.companions ?? []).map((c) => c.event)];
}

export type PreparedDispatch = LoadedDispatch & (
  | { request: SendRequest; interpret: BodyInterpreter; readRefusal?: RefusalReader }
  /** Nothing to send: no retry can fix it (an unknown platform, a template that fails to render). */
  | { refused: string }
);

export interface SentDispatch extends LoadedDispatch {
  startedAt: number;
  finishedAt: number;
  answer: ReceiverAnswer;
  interpret: BodyInterpreter;
  readRefusal?: RefusalReader;
}

export interface CompletedDispatch extends LoadedDispatch {
  attempt: Attempt;
  completion: Completion;
  decision: AttemptDecision;
}

const RESPONSE_BODY_KEEP = 4096;
const NO_BODY: BodyInterpreter = () => ({ ok: true });

/** Undefined when the webhook or event was deleted meanwhile (the cascade removed the delivery too). */
export async function loadDispatch(store: Store, claim: Claim): Promise<LoadedDispatch | undefined> {
  const { delivery } = claim;
  // The claim may carry both, read in its own transaction (SQLite): no read, no decryption per delivery.
  const [webhook, event] = claim.webhook !== undefined && claim.event !== undefined ? [claim.webhook, claim.event]
    : await Promise.all([claim.webhook ?? store.getWebhook(delivery.webhookId), claim.event ?? store.getEvent(delivery.eventId)]);
  if (webhook === undefined || event === undefined) return undefined;
  return { claim, webhook, event, attemptNo: delivery.attempts + 1, trigger: delivery.trigger };
}

/** `consoleUrl`: server.externalUrl, so messages link to the event in the console. */
export function prepareDispatch(loaded: LoadedDispatch, keys: SigningKeyCache, now: number, consoleUrl?: string): PreparedDispatch {
  const { webhook, event, claim } = loaded;
  const platform = findPlatform(webhook.platform);
  if (platform === undefined) return { ...loaded, refused: `unknown platform "${webhook.platform}"` };
  try {
    const request = buildRequest(platform, webhook, event, {
      deliveryId: claim.delivery.id, now: new Date(now),
      keys: platform.heraldSignature ? keys.keysFor(webhook, now) : [],
      delayedMs: now - claim.delivery.createdAt,
      ...(loaded.companions !== undefined && loaded.companions.length > 0 ? { group: dispatchEvents(loaded) } : {}),
      ...(consoleUrl === undefined ? {} : { consoleUrl }),
    });
    const prepared: PreparedDispatch = { ...loaded, request, interpret: (status, body) => platform.interpret(status, body) };
    if (platform.readRefusal !== undefined) prepared.readRefusal = (status, body) => platform.readRefusal!(status, body);
    return prepared;
  } catch (err) {
    return { ...loaded, refused: `cannot build the request: ${(err as Error).message}` };
  }
}

export async function sendDispatch(prepared: PreparedDispatch, sender: Sender, now: () => number): Promise<SentDispatch> {
  const startedAt = now();
  if ('refused' in prepared) {
    const { refused, ...loaded } = prepared;
    return { ...loaded, startedAt, finishedAt: startedAt, answer: { ok: false, error: refused, permanent: true }, interpret: NO_BODY };
  }
  const { request, interpret, readRefusal, ...loaded } = prepared;
  const answer = await sender.send(request);
  return { ...loaded, startedAt, finishedAt: now(), answer, interpret, ...(readRefusal === undefined ? {} : { readRefusal }) };
}

/** Reads the answer and decides: pure but for `random` (jitter), so retry timing follows the injected clock. */
export function completeDispatch(sent: SentDispatch, random: () => number = Math.random): CompletedDispatch {
  const { answer, interpret, readRefusal, startedAt, finishedAt, ...loaded } = sent;
  const { claim, webhook, attemptNo } = loaded;
  const result = readAnswer(answer, interpret, finishedAt, readRefusal);
  const chat = usesChatRetry(webhook.platform);
  const schedule = retrySchedule(webhook.retry, chat);
  // A test delivery is tried once: its result is reported, not retried. A 429 waits its turn without using up an attempt.
  const throttled = !claim.delivery.once ? decideThrottled(result) : undefined;
  const decision = throttled ?? decideAttempt(result, attemptNo, claim.delivery.once ? { ...schedule, maxAttempts: attemptNo } : schedule, random);
  const attempt: Attempt = {
    id: newId('att', finishedAt), deliveryId: claim.delivery.id, attempt: attemptNo, startedAt,
    durationMs: finishedAt - startedAt, statusCode: result.statusCode,
    responseBody: !answer.ok ? null : 'confirmed' in answer ? answer.confirmed : answer.response.body.slice(0, RESPONSE_BODY_KEEP),
    error: decision.kind === 'succeeded' ? null : decision.reason,
    outcome: decision.kind === 'succeeded' ? 'succeeded' : decision.kind === 'retry' ? 'retry' : 'failed',
    trigger: loaded.trigger,
  };
  const completion: Completion = decision.kind === 'succeeded' ? { status: 'succeeded' }
    : decision.kind === 'retry' ? { status: 'pending', nextAttemptAt: finishedAt + decision.delayMs, ...(throttled === undefined ? {} : { throttled: true }) }
    : { status: 'failed' };
  return { ...loaded, attempt, completion, decision };
}
