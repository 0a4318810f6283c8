import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SLACK_MARKUP } from '../../src/platforms/slack.ts';
import { MARKDOWN } from '../../src/platforms/message.ts';
import { escapeHtml, htmlMarkup } from '../../src/platforms/html-text.ts';
import { markupFamily, plainText, readMarkup, type Inline } from '../../src/web/src/pages/webhooks/chat-markup.ts';

/** The message preview's markup reader, without a browser: what each dialect's markup becomes. */
const t = (text: string): Inline => ({ kind: 'text', text });

describe('chat markup reader', () => {
  test('Slack mrkdwn: bold, italics, strike, code, <url|text> links, escaped entities, line breaks', () => {
    const line = `${SLACK_MARKUP.bold('Scaled')} _shop_ ~old~ ${SLACK_MARKUP.code('a<b')} ${SLACK_MARKUP.link!('https://herald.example/e/1', 'Open')}\nR&amp;D &lt;tag&gt;`;
    assert.deepEqual(readMarkup(line, 'mrkdwn'), [
      { kind: 'bold', children: [t('Scaled')] }, t(' '), { kind: 'italic', children: [t('shop')] }, t(' '),
      { kind: 'strike', children: [t('old')] }, t(' '), { kind: 'code', text: 'a<b' }, t(' '),
      { kind: 'link', href: 'https://herald.example/e/1', children: [t('Open')] }, { kind: 'break' }, t('R&D <tag>'),
    ]);
    assert.deepEqual(readMarkup('<!here> see <https://x.example>', 'mrkdwn'),
      [t('@here'), t(' see '), { kind: 'link', href: 'https://x.example', children: [t('https://x.example')] }]);
  });

  test('emphasis needs a closing mark outside a word: snake_case, 2*3*4 and a lone * stay as typed', () => {
    assert.deepEqual(readMarkup('my_app_name 2*3*4 a * b', 'mrkdwn'), [t('my_app_name 2*3*4 a * b')]);
    assert.deepEqual(readMarkup('my_app_name', 'markdown'), [t('my_app_name')]);
  });

  test('Markdown: **bold**, *italic*, ~~strike~~, `code`, [text](url), \\escapes, and tags shown as their text', () => {
    const line = `${MARKDOWN.bold('spec.replicas')}: ${MARKDOWN.code('2')} → *four* ~~x~~ ${MARKDOWN.link!('https://c.example/e', 'Console')} \\*not\\* <font color="warning">hot</font>`;
    assert.deepEqual(readMarkup(line, 'markdown'), [
      { kind: 'bold', children: [t('spec.replicas')] }, t(': '), { kind: 'code', text: '2' }, t(' → '),
      { kind: 'italic', children: [t('four')] }, t(' '), { kind: 'strike', children: [t('x')] }, t(' '),
      { kind: 'link', href: 'https://c.example/e', children: [t('Console')] }, t(' '), t('*'), t('not'), t('*'), t(' '), t('hot'),
    ]);
    assert.equal(readMarkup('**bold `code` inside**', 'markdown').map(plainText).join(''), 'bold code inside');
  });

  test('Telegram and Google Chat HTML: b, i, code, a href, br, entities; unknown tags show their text; unclosed tags close', () => {
    const m = htmlMarkup('code');
    const line = `${m.bold('Deleted')} <i>web</i> ${m.code('x<y')}<br><a href="https://c.example/?a=1&amp;b=2">open</a> <span>plain</span> ${escapeHtml('5 > 3')} <b>open`;
    assert.deepEqual(readMarkup(line, 'html'), [
      { kind: 'bold', children: [t('Deleted')] }, t(' '), { kind: 'italic', children: [t('web')] }, t(' '), { kind: 'code', text: 'x<y' },
      { kind: 'break' }, { kind: 'link', href: 'https://c.example/?a=1&b=2', children: [t('open')] }, t(' '), t('plain'), t(' 5 > 3 '),
      { kind: 'bold', children: [t('open')] },
    ]);
  });

  test('a link that is not http(s) or mailto is shown as its text, never followed', () => {
    assert.deepEqual(readMarkup('<javascript:alert(1)|click>', 'mrkdwn'), [t('click')]);
    assert.deepEqual(readMarkup('[click](javascript:void)', 'markdown'), [t('click')]);
    assert.deepEqual(readMarkup('<a href="data:text/html,x">click</a>', 'html'), [t('click')]);
    assert.deepEqual(readMarkup('<script>alert(1)</script>', 'html'), [t('alert(1)')], 'a tag is never markup the page runs');
  });

  test('each platform reads its own dialect; one the console does not know shows its text as it is', () => {
    assert.deepEqual(['slack', 'discord', 'teams', 'wecom', 'telegram', 'googlechat', 'pagerduty', 'a-new-one'].map(markupFamily),
      ['mrkdwn', 'markdown', 'markdown', 'markdown', 'html', 'html', 'plain', 'plain']);
    assert.deepEqual(readMarkup('*not bold*\nnext', 'plain'), [t('*not bold*'), { kind: 'break' }, t('next')]);
  });
});
