import { HeraldError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { applyWebhookPatch, createWebhook, type Webhook, type WebhookPatch, type WebhookSpec } from '../core/webhook.ts';
import { auditOrigin, changedFields, type AuditActor, type AuditLog } from './audit-log.ts';
import type { Clock } from './ports/clock.ts';
import type { DeliveryWorker } from './ports/delivery-worker.ts';
import type { WebhookRepository } from './ports/webhook-repository.ts';

export interface ManageWebhooksDeps {
  webhooks: WebhookRepository;
  /** Forgets the routing cache, so the next event routes by the change just made. */
  routing: { invalidate(webhookId?: string): void };
  worker: Pick<DeliveryWorker, 'wake'>;
  /** Refuses a receiver URL the SSRF guard would block (throws SSRF_BLOCKED). */
  checkUrl: (url: URL) => void;
  /** Refuses (VALIDATION, naming the field) a webhook that does not give its platform what it needs. */
  checkDestination?: (webhook: Webhook) => void;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  /** How long a replaced signing secret keeps signing too. */
  secretGraceMs: number;
}

/**
 * Create, read, update, enable/disable and delete webhooks. Every change
 * invalidates the routing cache, wakes the dispatcher when it can make work
 * due (an update may enable a webhook or raise its concurrency) and is
 * written to the audit log, so no caller can forget one of them.
 */
export class ManageWebhooks {
  readonly #d: ManageWebhooksDeps;

  constructor(deps: ManageWebhooksDeps) {
    this.#d = deps;
  }

  list(): Promise<Webhook[]> {
    return this.#d.webhooks.listWebhooks();
  }

  async get(id: string): Promise<Webhook> {
    const w = await this.#d.webhooks.getWebhook(id);
    if (w === undefined) throw notFound(id);
    return w;
  }

  async create(spec: WebhookSpec, actor: AuditActor): Promise<Webhook> {
    this.#d.checkUrl(new URL(spec.url));
    const now = this.#d.clock.now();
    const webhook = createWebhook(spec, newId('wh', now), now);
    this.#d.checkDestination?.(webhook);
    await this.#d.webhooks.createWebhook(webhook);
    this.#d.routing.invalidate(webhook.id);
    await this.#d.audit.record(actor, 'webhook.create', { type: 'webhook', id: webhook.id, name: webhook.name },
      `created ${webhook.platform} webhook to ${auditOrigin(webhook.url)}${webhook.enabled ? '' : ' (disabled)'}`);
    return webhook;
  }

  async update(id: string, patch: WebhookPatch, actor: AuditActor): Promise<Webhook> {
    if (patch.url !== undefined) this.#d.checkUrl(new URL(patch.url));
    const before = await this.get(id);
    const next = applyWebhookPatch(before, patch, this.#d.clock.now(), this.#d.secretGraceMs);
    this.#d.checkDestination?.(next);
    if (!(await this.#d.webhooks.updateWebhook(next))) throw notFound(id);
    this.#d.routing.invalidate(id);
    this.#d.worker.wake();
    await this.#d.audit.record(actor, 'webhook.update', { type: 'webhook', id: next.id, name: next.name }, `changed ${changedFields(before, next)}`);
    return next;
  }

  setEnabled(id: string, enabled: boolean, actor: AuditActor): Promise<Webhook> {
    return this.update(id, { enabled }, actor);
  }

  async delete(id: string, actor: AuditActor): Promise<void> {
    const name = (await this.#d.webhooks.getWebhook(id))?.name ?? null;
    if (!(await this.#d.webhooks.deleteWebhook(id))) throw notFound(id);
    this.#d.routing.invalidate(id);
    await this.#d.audit.record(actor, 'webhook.delete', { type: 'webhook', id, name }, 'deleted the webhook and its delivery history');
  }

  /**
   * Webhooks declared in herald.yaml, upserted by name at start-up, so a team
   * can keep its routing in git. A declared webhook that already exists is
   * updated only where the file says something different; webhooks made
   * through the API or console are left alone. Not audited: the file is the
   * record.
   */
  async applyDeclared(specs: readonly WebhookSpec[]): Promise<{ created: number; updated: number }> {
    const now = this.#d.clock.now();
    const existing = new Map((await this.#d.webhooks.listWebhooks()).map((w) => [w.name, w]));
    let created = 0;
    let updated = 0;
    for (const spec of specs) {
      const current = existing.get(spec.name);
      if (current === undefined) {
        const webhook = createWebhook(spec, newId('wh', now), now);
        this.#d.checkDestination?.(webhook);
        await this.#d.webhooks.createWebhook(webhook);
        created++;
        continue;
      }
      const next = applyWebhookPatch(current, spec, now, this.#d.secretGraceMs);
      this.#d.checkDestination?.(next);
      if (!sameSpec(current, next)) {
        await this.#d.webhooks.updateWebhook(next);
        updated++;
      }
    }
    if (created + updated > 0) {
      this.#d.routing.invalidate();
      this.#d.worker.wake();
    }
    return { created, updated };
  }
}

function notFound(id: string): HeraldError {
  return new HeraldError('NOT_FOUND', `no webhook with id ${id}`, 'id');
}

function sameSpec(a: Webhook, b: Webhook): boolean {
  const strip = ({ updatedAt: _u, previousSecrets: _p, disabledReason: _d, ...rest }: Webhook) => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
