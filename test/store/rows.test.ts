import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWebhook, WebhookInputSchema } from '../../src/core/webhook.ts';
import { rowToWebhook, webhookToRow } from '../../src/store/rows.ts';
import { SecretBox } from '../../src/store/secret-box.ts';

describe('webhook rows', () => {
  const box = new SecretBox(Buffer.alloc(32, 7));

  it('reads a row sealed before secret headers existed as having none', () => {
    const w = createWebhook(WebhookInputSchema.parse({ name: 'old', url: 'https://r.example/x' }), 'wh_1', 0);
    const row = webhookToRow(w, box);
    const { secretHeaders: _gone, ...olderSealed } = JSON.parse(box.open(row.sealed));
    const read = rowToWebhook({ ...row, sealed: box.seal(JSON.stringify(olderSealed)) }, box);
    assert.deepEqual(read.secretHeaders, {});
    assert.deepEqual(read, w);
  });
});
