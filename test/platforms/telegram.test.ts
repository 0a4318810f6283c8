import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { cutHtml } from '../../src/platforms/html-text.ts';
import { TELEGRAM_LIMITS, telegramPlatform } from '../../src/platforms/telegram.ts';
import { NOW, target } from './events.ts';
import { parseHtml, TELEGRAM_CHAT_ID } from './receivers-chat.ts';
import { RECEIVERS } from './receivers.ts';

const URL_ = 'https://api.telegram.org/bot123456:ABC-DEF1234ghIkl/sendMessage';
const TAGS = new Set(['b', 'code', 'i']);
const render = (input: Parameters<typeof normalizeEvent>[0], template: string | null = null, options: Record<string, unknown> = { chatId: TELEGRAM_CHAT_ID }) =>
  telegramPlatform.render(normalizeEvent(input, 'evt_t', NOW), { ...target(URL_, template), options }, NOW);
const accepted = (body: string) => RECEIVERS.telegram!({ url: '/bot123456:ABC-DEF1234ghIkl/sendMessage', headers: { 'content-type': 'application/json' }, body }, NOW);

/** Text that breaks a naive HTML message: tags, entities, a closing code tag, and a link. */
const HOSTILE = '</code><b>bold</b> &amp; &lt;script&gt; <a href="javascript:alert(1)">x</a> 5 < 6 && 7 > 3 `tick` *star* _under_ [link](http://x)';

describe('telegram message', () => {
  it('shows hostile event text as written: Telegram\'s HTML parser accepts it and shows the same characters', () => {
    const r = render({
      event: 'update', namespace: HOSTILE, resource: 'ConfigMap', name: HOSTILE, actor: HOSTILE, summary: HOSTILE,
      detail: { field: HOSTILE, old: HOSTILE, new: HOSTILE }, labels: { [HOSTILE]: HOSTILE },
    });
    const verdict = accepted(r.body);
    assert.deepEqual(verdict.problems, []);
    const shown = (JSON.parse(verdict.body) as { result: { text: string } }).result.text;
    assert.ok(shown.includes(HOSTILE), 'the raw text appears unchanged once parsed');
  });

  it('escapes values a template inserts, keeping the template\'s own tags', () => {
    const r = render({ event: 'test', summary: '<i>not italic</i> & co' }, '<b>{{event}}</b> {{summary}}');
    const text = (JSON.parse(r.body) as { text: string }).text;
    assert.ok(text.includes('<b>test</b> &lt;i&gt;not italic&lt;/i&gt; &amp; co'));
    assert.deepEqual(accepted(r.body).problems, []);
  });

  it('cuts a long message to 4096 characters with its tags closed', () => {
    const r = render({ event: 'test', summary: 'x', changes: Array.from({ length: 50 }, (_, i) => ({ field: `f${i}`, old: '<&>'.repeat(200), new: 'y' })) });
    const text = (JSON.parse(r.body) as { text: string }).text;
    assert.ok(text.length <= TELEGRAM_LIMITS.text);
    assert.ok(text.includes('…'));
    assert.deepEqual(accepted(r.body).problems, []);
  });

  it('never cuts inside a tag, an entity or a surrogate pair', () => {
    for (let max = 5; max < 60; max++) {
      const cut = cutHtml('<b>ab &amp; cd</b> <code>😀&lt;😀&gt;</code> tail text here', max);
      assert.ok(cut.length <= max, `${max}: ${cut}`);
      assert.ok(!('error' in parseHtml(cut, TAGS)), `${max}: ${cut}`);
      assert.ok(!/[\uD800-\uDBFF]…/.test(cut), `${max}: half a pair in ${cut}`);
    }
  });

  it('posts to the chat, thread and notification setting the webhook names', () => {
    const body = JSON.parse(render({ event: 'test' }, null, { chatId: '@herald_alerts', messageThreadId: 7, disableNotification: true }).body) as Record<string, unknown>;
    assert.equal(body.chat_id, '@herald_alerts');
    assert.equal(body.message_thread_id, 7);
    assert.equal(body.disable_notification, true);
    assert.equal(body.parse_mode, 'HTML');
  });

  it('reads Telegram\'s error answers: ok:false in a 200, description and retry_after in a refusal', () => {
    assert.deepEqual(telegramPlatform.interpret(200, '{"ok":true,"result":{}}'), { ok: true });
    assert.deepEqual(telegramPlatform.interpret(200, '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}'),
      { ok: false, error: '400 Bad Request: chat not found' });
    assert.deepEqual(telegramPlatform.readRefusal!(429, '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}'),
      { error: '429 Too Many Requests: retry after 5', retryAfterMs: 5000 });
    assert.deepEqual(telegramPlatform.readRefusal!(403, '{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}'),
      { error: '403 Forbidden: bot was blocked by the user', permanent: true });
    assert.deepEqual(telegramPlatform.readRefusal!(502, '<html>Bad Gateway</html>'), {});
  });

  it('refuses to render without a chat id', () => {
    assert.throws(() => render({ event: 'test' }, null, {}), /chatId/);
  });
});
