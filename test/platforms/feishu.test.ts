import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { FEISHU_MAX_BODY_BYTES, feishuPlatform, feishuSign } from '../../src/platforms/feishu.ts';
import { CASES, HUGE_TEMPLATE, NOW, SECRET, target } from './events.ts';
import { readFixture, readJsonc } from './fixtures.ts';
import { send, startLoopback, type Loopback } from './loopback.ts';
import { PATHS, RECEIVERS } from './receivers.ts';

const bodyOf = (...args: Parameters<typeof target>) => JSON.parse(feishuPlatform.render(CASES.update!, target(...args), NOW).body);

describe('feishu signing', () => {
  it('matches the documented algorithm (test vector computed from the official samples)', () => {
    // test/fixtures/chat/chat_platform_signing_notes.md: secret "demo", timestamp 1599360473.
    assert.equal(feishuSign('demo', 1599360473), 'l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=');
  });

  it('is not DingTalk\'s scheme (key = secret), a pitfall of some SDKs', () => {
    const dingtalkStyle = createHmac('sha256', 'demo').update('1599360473\ndemo').digest('base64');
    assert.notEqual(feishuSign('demo', 1599360473), dingtalkStyle);
  });

  it('puts the timestamp in seconds, as a string, and the sign in the body, as the docs show', () => {
    const doc = readJsonc('chat/feishu_custom_bot_signed_text_docs.jsonc') as Record<string, unknown>;
    const body = bodyOf('https://x.test/');
    assert.equal(typeof doc.timestamp, 'string');
    assert.equal(body.timestamp, String(Math.floor(NOW.getTime() / 1000)));
    assert.equal(body.sign, feishuSign(SECRET, Math.floor(NOW.getTime() / 1000)));
    assert.equal(body.msg_type, 'interactive');
  });

  it('sends neither without a secret', () => {
    const body = bodyOf('https://x.test/', null, null);
    assert.equal('timestamp' in body || 'sign' in body, false);
  });
});

describe('feishu card', () => {
  it('has the documented JSON 2.0 card shape', () => {
    const doc = JSON.parse(readFixture('chat/feishu_custom_bot_interactive_card_schema2_docs.compact.json'));
    const card = bodyOf('https://x.test/').card;
    assert.equal(card.schema, doc.card.schema);
    assert.deepEqual(Object.keys(card.header.title), Object.keys(doc.card.header.title));
    assert.equal(card.header.template, 'blue');
    assert.equal(card.body.elements[0].tag, doc.card.body.elements[0].tag); // markdown
  });

  it('shows mentions and tags in event data as text', () => {
    const event = normalizeEvent({ event: 'test', summary: 'hi <at id=all></at> & co' }, 'evt_x');
    const body = JSON.parse(feishuPlatform.render(event, target('https://x.test/', 'T: {{summary}}'), NOW).body);
    assert.equal(body.card.body.elements[0].content, 'T: hi &#60;at id=all&#62;&#60;/at&#62; &#38; co');
  });

  it('keeps the body under the 20 KB Feishu accepts', () => {
    const r = feishuPlatform.render(CASES.huge!, target('https://x.test/', HUGE_TEMPLATE), NOW);
    assert.ok(Buffer.byteLength(r.body) <= FEISHU_MAX_BODY_BYTES);
  });
});

describe('feishu answers', () => {
  let loopback: Loopback;
  before(async () => { loopback = await startLoopback(RECEIVERS.feishu!, () => NOW); });
  after(async () => { await loopback.close(); });

  it('a wrong secret is refused with HTTP 200 and read as a failure with Feishu\'s message', async () => {
    const url = loopback.base + PATHS.feishu!;
    const res = await send(feishuPlatform.render(CASES.update!, target(url, null, 'another-secret'), NOW), url);
    assert.equal(res.status, 200);
    assert.deepEqual(feishuPlatform.interpret(res.status, res.body),
      { ok: false, error: 'code 19021: sign match fail or timestamp is not within one hour from current time' });
  });

  it('reads the documented responses', () => {
    const fail = JSON.stringify(readJsonc('chat/feishu_custom_bot_response_sign_fail_docs.jsonc'));
    const success = JSON.stringify(readJsonc('chat/feishu_custom_bot_response_success_docs.jsonc'));
    assert.deepEqual(feishuPlatform.interpret(200, fail),
      { ok: false, error: 'code 19021: sign match fail or timestamp is not within one hour from current time' });
    assert.deepEqual(feishuPlatform.interpret(200, success), { ok: true });
  });

  it('reads the legacy StatusCode/StatusMessage pair (fields as in the documented success body; code illustrative)', () => {
    assert.deepEqual(feishuPlatform.interpret(200, '{"StatusCode":19002,"StatusMessage":"params error"}'),
      { ok: false, error: 'code 19002: params error' });
  });
});
