import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dingtalkPlatform, dingtalkSign, dingtalkSignedUrl } from '../../src/platforms/dingtalk.ts';
import { CASES, NOW, SECRET, target } from './events.ts';
import { readFixture } from './fixtures.ts';
import { send, startLoopback, type Loopback } from './loopback.ts';
import { PATHS, RECEIVERS } from './receivers.ts';

describe('dingtalk signing', () => {
  it('matches the documented algorithm (test vector computed from the official Python sample)', () => {
    // test/fixtures/chat/chat_platform_signing_notes.md, "Derived / computed locally".
    assert.equal(dingtalkSign('this is secret', 1599360473000), 'hXZTWifRGHclNuZSKxoXc//sh51SWfVfRIhcdeKs63I=');
    const url = dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=XXXXXX', 'this is secret', new Date(1599360473000));
    assert.equal(url, 'https://oapi.dingtalk.com/robot/send?access_token=XXXXXX&timestamp=1599360473000'
      + '&sign=hXZTWifRGHclNuZSKxoXc%2F%2Fsh51SWfVfRIhcdeKs63I%3D');
  });

  it('replaces a signature already in the URL', () => {
    const url = new URL(dingtalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1&sign=old', 's', NOW));
    assert.deepEqual(url.searchParams.getAll('timestamp'), [String(NOW.getTime())]);
    assert.deepEqual(url.searchParams.getAll('sign'), [dingtalkSign('s', NOW.getTime())]);
    assert.equal(url.searchParams.get('access_token'), 't');
  });

  it('leaves the URL alone without a secret', () => {
    const r = dingtalkPlatform.render(CASES.update!, target('https://oapi.dingtalk.com/robot/send?access_token=t', null, null), NOW);
    assert.equal(r.url, undefined);
  });
});

describe('dingtalk message', () => {
  it('has the documented markdown shape', () => {
    const doc = JSON.parse(readFixture('chat/dingtalk_markdown_message_example.json')) as { msgtype: string; markdown: object };
    const body = JSON.parse(dingtalkPlatform.render(CASES.update!, target('https://x.test/'), NOW).body) as typeof doc;
    assert.equal(body.msgtype, doc.msgtype);
    assert.deepEqual(Object.keys(body.markdown), Object.keys(doc.markdown));
  });

  it('never sends an empty text, even from an empty template', () => {
    const body = JSON.parse(dingtalkPlatform.render(CASES.update!, target('https://x.test/', '{{nothing}}'), NOW).body);
    assert.equal(body.markdown.text, 'Deployment default/web updated by system:serviceaccount:ci:deployer');
  });
});

describe('dingtalk answers', () => {
  let loopback: Loopback;
  let clock = NOW;
  before(async () => { loopback = await startLoopback(RECEIVERS.dingtalk!, () => clock); });
  after(async () => { await loopback.close(); clock = NOW; });
  const url = () => loopback.base + PATHS.dingtalk!;

  it('a signed message is accepted', async () => {
    const res = await send(dingtalkPlatform.render(CASES.update!, target(url()), NOW), url());
    assert.equal(res.status, 200);
    assert.deepEqual(dingtalkPlatform.interpret(res.status, res.body), { ok: true });
  });

  it('a wrong secret is a failure carrying DingTalk\'s message, though HTTP says 200', async () => {
    const res = await send(dingtalkPlatform.render(CASES.update!, target(url(), null, `${SECRET}-old`), NOW), url());
    assert.equal(res.status, 200);
    assert.deepEqual(dingtalkPlatform.interpret(res.status, res.body), { ok: false, error: 'errcode 310000: sign not match' });
  });

  it('a signature older than an hour is refused', async () => {
    clock = new Date(NOW.getTime() + 3600_001);
    const res = await send(dingtalkPlatform.render(CASES.update!, target(url()), NOW), url());
    clock = NOW;
    assert.equal(dingtalkPlatform.interpret(res.status, res.body).ok, false);
  });

  it('reads other error codes, and bodies that are not JSON', () => {
    assert.deepEqual(dingtalkPlatform.interpret(200, '{"errcode":460101,"errmsg":"message too long, exceed 20000 bytes"}'),
      { ok: false, error: 'errcode 460101: message too long, exceed 20000 bytes' });
    assert.deepEqual(dingtalkPlatform.interpret(200, '{"errcode":0,"errmsg":"ok"}'), { ok: true });
    assert.deepEqual(dingtalkPlatform.interpret(200, 'ok'), { ok: true });
  });
});
