import type { Webhook } from '../core/webhook.ts';
import { rowToWebhook, webhookBody, type WebhookBody, type WebhookRow } from './rows.ts';
import type { SecretBox } from './secret-box.ts';

/**
 * The claimed webhooks' decrypted spec and secrets, kept by the text of their
 * `spec` and `sealed` columns: a row whose text is unchanged is the same
 * webhook, whatever its updated_at says (two edits in one millisecond), so
 * nothing stale is ever served. The row's own columns (enabled,
 * failing_since, …) are always the row's, so receiver health sees the
 * failing_since read with the claim. Decrypting and parsing every delivery's
 * webhook was ~5% of the main thread in `npm run bench`.
 * Bounded: past `max` webhooks it starts over.
 */
interface Entry { spec: string; sealed: string; body: WebhookBody }

export class WebhookRowCache {
  readonly #box: SecretBox;
  readonly #max: number;
  readonly #entries = new Map<string, Entry>();

  constructor(box: SecretBox, max = 10_000) {
    this.#box = box;
    this.#max = max;
  }

  /** The webhooks it hands out share their nested parts: the dispatcher reads them and never mutates one. */
  toWebhook(row: WebhookRow): Webhook {
    const hit = this.#entries.get(row.id);
    if (hit !== undefined && hit.spec === row.spec && hit.sealed === row.sealed) return rowToWebhook(row, this.#box, hit.body);
    const body = webhookBody(row, this.#box);
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(row.id, { spec: row.spec, sealed: row.sealed, body });
    return rowToWebhook(row, this.#box, body);
  }
}
