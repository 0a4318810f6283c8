import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { utf8Length } from '../../src/platforms/message.ts';
import { WECOM_MAX_CONTENT_BYTES, wecomPlatform } from '../../src/platforms/wecom.ts';
import { CASES, NOW, target } from './events.ts';
import { readFixture } from './fixtures.ts';
import { send, startLoopback, type Loopback } from './loopback.ts';
import { PATHS, RECEIVERS } from './receivers.ts';

const render = (event = CASES.update!, template: string | null = null) =>
  JSON.parse(wecomPlatform.render(event, target('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', template), NOW).body) as
    { msgtype: string; markdown: { content: string } };

describe('wecom message', () => {
  it('has the documented markdown shape', () => {
    const doc = JSON.parse(readFixture('chat/wecom_group_robot_markdown_RECONSTRUCTED_strict.json')) as ReturnType<typeof render>;
    const body = render();
    assert.deepEqual(Object.keys(body), Object.keys(doc));
    assert.equal(body.msgtype, 'markdown');
    assert.deepEqual(Object.keys(body.markdown), Object.keys(doc.markdown));
  });

  it('colours the event type with WeCom\'s font colours', () => {
    assert.ok(render(CASES.create!).markdown.content.startsWith('### <font color="info">Deployment default/web created by alice@example.com</font>'));
    assert.ok(render(CASES.alert!).markdown.content.startsWith('### <font color="warning">Pod default/api-7d9 is restarting'));
  });

  it('cuts the content to 4096 UTF-8 bytes, never inside a character', () => {
    const event = normalizeEvent({ event: 'test', summary: '界'.repeat(3000) }, 'evt_x'); // 9000 bytes
    const content = render(event, '{{summary}}').markdown.content;
    assert.ok(utf8Length(content) <= WECOM_MAX_CONTENT_BYTES && utf8Length(content) > WECOM_MAX_CONTENT_BYTES - 6);
    assert.match(content, /^界+…$/);
  });
});

describe('wecom answers', () => {
  let loopback: Loopback;
  before(async () => { loopback = await startLoopback(RECEIVERS.wecom!); });
  after(async () => { await loopback.close(); });

  it('errcode 0 is success', async () => {
    const url = loopback.base + PATHS.wecom!;
    const res = await send(wecomPlatform.render(CASES.scale!, target(url), NOW), url);
    assert.deepEqual(wecomPlatform.interpret(res.status, res.body), { ok: true });
  });

  it('an over-long content is refused with HTTP 200 and read as a failure with WeCom\'s message', async () => {
    const url = loopback.base + PATHS.wecom!;
    const body = JSON.stringify({ msgtype: 'markdown', markdown: { content: '界'.repeat(1400) } });
    const res = await send({ body }, url);
    assert.equal(res.status, 200);
    assert.deepEqual(wecomPlatform.interpret(res.status, res.body),
      { ok: false, error: 'errcode 40058: markdown.content exceed max length 4096' });
  });

  it('reads other error codes', () => {
    assert.deepEqual(wecomPlatform.interpret(200, '{"errcode":93000,"errmsg":"invalid webhook url, hint: [x]"}'),
      { ok: false, error: 'errcode 93000: invalid webhook url, hint: [x]' });
  });
});
