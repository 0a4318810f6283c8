import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { teamsPlatform } from '../../src/platforms/teams.ts';
import { CASES, HUGE_TEMPLATE, NOW, target } from './events.ts';
import { send, startLoopback, type Loopback } from './loopback.ts';
import { PATHS, RECEIVERS } from './receivers.ts';

type Item = { type: string; text?: string; color?: string; facts?: Array<{ title: string; value: string }> };
const render = (event = CASES.update!, template: string | null = null) =>
  JSON.parse(teamsPlatform.render(event, target('https://prod.westeurope.logic.azure.com/workflows/x', template), NOW).body);

describe('teams message', () => {
  it('is a message with one Adaptive Card attachment, as Workflows expect', () => {
    const body = render();
    assert.equal(body.type, 'message');
    assert.equal(body.attachments.length, 1);
    const [attachment] = body.attachments;
    assert.equal(attachment.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(attachment.content.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
    assert.equal(attachment.content.type, 'AdaptiveCard');
    assert.equal(attachment.content.version, '1.4');
    assert.deepEqual((attachment.content.body as Item[]).map((i) => i.type), ['TextBlock', 'TextBlock', 'FactSet']);
  });

  it('colours the headline by event type', () => {
    const colour = (name: string) => (render(CASES[name]).attachments[0].content.body as Item[])[0]!.color;
    assert.deepEqual(['create', 'update', 'scale', 'delete', 'alert', 'test'].map(colour),
      ['Good', 'Accent', 'Warning', 'Attention', 'Attention', 'Default']);
  });

  it('lists the facts in a FactSet', () => {
    const facts = (render().attachments[0].content.body as Item[])[2]!.facts;
    assert.deepEqual(facts!.map((f) => f.title), ['Cluster', 'Resource', 'Actor', 'Time']);
  });

  it('stays under 20000 bytes, well within the ~28 KB Teams accepts', () => {
    const r = teamsPlatform.render(CASES.huge!, target('https://x.test/', HUGE_TEMPLATE), NOW);
    assert.ok(Buffer.byteLength(r.body) <= 20000);
  });
});

describe('teams answers', () => {
  let loopback: Loopback;
  before(async () => { loopback = await startLoopback(RECEIVERS.teams!); });
  after(async () => { await loopback.close(); });

  it('202 Accepted with an empty body is success', async () => {
    const url = loopback.base + PATHS.teams!;
    const res = await send(teamsPlatform.render(CASES.create!, target(url), NOW), url);
    assert.equal(res.status, 202);
    assert.deepEqual(teamsPlatform.interpret(res.status, res.body), { ok: true });
  });

  it('the stand-in refuses a legacy MessageCard, as Workflows do', async () => {
    const url = loopback.base + PATHS.teams!;
    const res = await send({ body: JSON.stringify({ '@type': 'MessageCard', text: 'hi' }) }, url);
    assert.equal(res.status, 400);
  });
});
