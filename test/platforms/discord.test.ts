import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { DISCORD_LIMITS, discordPlatform } from '../../src/platforms/discord.ts';
import { CASES, NOW, target } from './events.ts';
import { readFixture } from './fixtures.ts';
import { send, startLoopback, type Loopback } from './loopback.ts';
import { PATHS, RECEIVERS } from './receivers.ts';

interface Embed { title: string; description?: string; color: number; fields?: Array<{ name: string; value: string }>; timestamp: string }
const render = (event = CASES.update!, template: string | null = null) =>
  JSON.parse(discordPlatform.render(event, target('https://discord.com/api/webhooks/1/t', template), NOW).body) as
    { embeds: Embed[]; allowed_mentions: unknown };

describe('discord message', () => {
  it('has the documented embed shape', () => {
    const doc = JSON.parse(readFixture('chat/discord_create_message_embed_example.json')) as { embeds: Array<Record<string, string>> };
    const embed = render().embeds[0]!;
    for (const key of Object.keys(doc.embeds[0]!)) assert.equal(typeof embed[key as keyof Embed], 'string', key);
    assert.equal(embed.timestamp, CASES.update!.timestamp);
    assert.deepEqual(embed.fields!.map((f) => f.name), ['Cluster', 'Resource', 'Actor']);
  });

  it('colours by event type', () => {
    const colours = Object.fromEntries(['create', 'update', 'delete', 'scale', 'alert', 'resolved', 'deny', 'test', 'github.push']
      .map((e) => [e, render(normalizeEvent({ event: e, name: 'x' }, 'evt_x')).embeds[0]!.color]));
    assert.deepEqual(colours, {
      create: 0x2ecc71, resolved: 0x2ecc71, // green
      update: 0x3498db, 'github.push': 0x3498db, // blue
      delete: 0xe74c3c, alert: 0xe74c3c, // red
      scale: 0xe67e22, // orange
      deny: 0x992d22, // dark red
      test: 0x95a5a6, // grey
    });
  });

  it('never lets event text ping anyone', () => {
    const body = render(normalizeEvent({ event: 'test', summary: '@everyone <@&123>' }, 'evt_x'));
    assert.deepEqual(body.allowed_mentions, { parse: [] });
  });

  it('uses the template as the description, cut to 4096', () => {
    const embed = render(CASES.huge!, '{{detail.old}}').embeds[0]!;
    assert.equal(embed.description!.length, DISCORD_LIMITS.description);
    assert.ok(embed.description!.startsWith('xxxx') && embed.description!.endsWith('…'));
  });
});

describe('discord answers', () => {
  let loopback: Loopback;
  before(async () => { loopback = await startLoopback(RECEIVERS.discord!); });
  after(async () => { await loopback.close(); });

  it('204 No Content is success', async () => {
    const url = loopback.base + PATHS.discord!;
    const res = await send(discordPlatform.render(CASES.delete!, target(url), NOW), url);
    assert.equal(res.status, 204);
    assert.deepEqual(discordPlatform.interpret(res.status, res.body), { ok: true });
  });

  it('the stand-in refuses an embed over 6000 characters in total, as Discord does', async () => {
    const url = loopback.base + PATHS.discord!;
    const fields = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(1000) }));
    const res = await send({ body: JSON.stringify({ embeds: [{ title: 't', fields }] }) }, url);
    assert.equal(res.status, 400);
  });
});
