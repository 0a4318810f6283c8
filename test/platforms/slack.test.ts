import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { SLACK_LIMITS, slackPlatform } from '../../src/platforms/slack.ts';
import { CASES, NOW, target } from './events.ts';
import { readFixture } from './fixtures.ts';
import { send, startLoopback, type Loopback } from './loopback.ts';
import { PATHS, RECEIVERS } from './receivers.ts';

interface Block { type: string; text?: { type: string; text: string }; fields?: Array<{ type: string; text: string }> }
const render = (event = CASES.update!, template: string | null = null) =>
  JSON.parse(slackPlatform.render(event, target('https://hooks.slack.com/services/T/B/X', template), NOW).body) as { text: string; blocks: Block[] };

describe('slack message', () => {
  it('has the documented incoming-webhook shape: a text fallback and Block Kit blocks', () => {
    const doc = JSON.parse(readFixture('chat/slack_incoming_webhook_blockkit_DERIVED_from_gha_yaml.json')) as { text: string; blocks: Block[] };
    const body = render();
    assert.deepEqual(Object.keys(body), Object.keys(doc));
    assert.deepEqual(body.blocks.map((b) => b.type), ['header', 'section', 'section', 'context']);
    assert.equal(body.blocks[1]!.text!.type, doc.blocks[0]!.text!.type); // mrkdwn
    assert.equal(body.blocks[2]!.fields![0]!.type, doc.blocks[2]!.fields![0]!.type);
    assert.equal(body.blocks[0]!.text!.type, 'plain_text');
  });

  it('escapes &, < and > so event data cannot mention @channel or forge links', () => {
    const event = normalizeEvent({ event: 'update', name: 'x', summary: '<!channel> & <https://evil|click>' }, 'evt_x');
    const section = render(event).blocks[1]!.text!.text;
    assert.equal(section, '&lt;!channel&gt; &amp; &lt;https://evil|click&gt;');
    assert.equal(render(event, 'T {{summary}}').blocks[1]!.text!.text, 'T &lt;!channel&gt; &amp; &lt;https://evil|click&gt;');
  });

  it('cuts the header at 150 and section text at 3000 without leaving half an entity', () => {
    const event = normalizeEvent({ event: 'update', resource: 'ConfigMap', name: 'n'.repeat(200), summary: '&'.repeat(3000) }, 'evt_x');
    const body = render(event, '{{name}}'.repeat(5) + '{{summary}}'); // 1000 + 5 × 3000 escaped: the cut falls inside "&amp;"
    const header = body.blocks[0]!.text!.text;
    assert.equal(header.length, SLACK_LIMITS.header);
    assert.ok(header.endsWith('…'));
    const section = body.blocks[1]!.text!.text;
    assert.ok(section.length <= SLACK_LIMITS.sectionText);
    assert.match(section, /&amp;…$/);
  });

  it('leaves out a section an empty template would leave empty, which Slack refuses', () => {
    assert.deepEqual(render(CASES.update!, '{{nothing}}').blocks.map((b) => b.type), ['header', 'section', 'context']);
  });
});

describe('slack answers', () => {
  let loopback: Loopback;
  before(async () => { loopback = await startLoopback(RECEIVERS.slack!); });
  after(async () => { await loopback.close(); });

  it('Slack\'s plain-text "ok" is success', async () => {
    const url = loopback.base + PATHS.slack!;
    const res = await send(slackPlatform.render(CASES.alert!, target(url), NOW), url);
    assert.deepEqual([res.status, res.body], [200, 'ok']);
    assert.deepEqual(slackPlatform.interpret(res.status, res.body), { ok: true });
  });

  it('the stand-in refuses what Slack refuses, so the limit tests mean something', async () => {
    const url = loopback.base + PATHS.slack!;
    const body = JSON.stringify({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] });
    const res = await send({ body }, url);
    assert.deepEqual([res.status, res.body], [400, 'invalid_blocks']);
  });
});
