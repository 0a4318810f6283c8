import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { newId } from '../../../src/core/ids.ts';
import { SsrfGuard } from '../../../src/delivery/ssrf-guard.ts';
import { NatsSender } from '../../../src/delivery/transports/nats-sender.ts';
import { runBrokerCases, type BrokerMessage } from './broker.case.ts';

/** NATS JetStream on the machine's nats-server (127.0.0.1:4222, -js). */
const tag = randomBytes(4).toString('hex');
const streamName = `HERALD_TEST_${tag}`;
let nc: NatsConnection;
let jsm: JetStreamManager;

runBrokerCases({
  platform: 'nats',
  brokerPort: 4222,
  async setup() {
    nc = await connect({ servers: '127.0.0.1:4222' });
    jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: streamName, subjects: [`herald.test.${tag}.>`] });
  },
  url: (port) => `nats://127.0.0.1:${port}/herald.test.${tag}.{event}`,
  // No stream captures this subject: a core publish would "succeed", JetStream answers no responders.
  refusedUrl: (port) => `nats://127.0.0.1:${port}/herald.nostream.${tag}`,
  async received() {
    const info = await jsm.streams.info(streamName);
    const out: BrokerMessage[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(streamName, { seq });
      const headers: Record<string, string> = {};
      for (const [k, v] of m.header ?? []) headers[k] = v.join(', ');
      out.push({ body: new TextDecoder().decode(m.data), headers });
    }
    return out;
  },
  transportId: (m) => m.headers['Nats-Msg-Id'],
  async teardown() {
    await jsm.streams.delete(streamName);
    await nc.close();
  },
}, (guard) => new NatsSender(guard));

it('nats: a retry with the same delivery id is acknowledged as a duplicate and stored once (Nats-Msg-Id)', async () => {
  const sender = new NatsSender(new SsrfGuard({ allowedNetworks: ['127.0.0.1/32'] }));
  const subject = `herald.dedup.${tag}`;
  const probe = await connect({ servers: '127.0.0.1:4222' });
  const manager = await probe.jetstreamManager();
  await manager.streams.add({ name: `${streamName}_DEDUP`, subjects: [subject] });
  const req = {
    transport: 'nats' as const, url: `nats://127.0.0.1:4222/${subject}`, messageId: newId('dlv'), auth: { type: 'none' as const },
    headers: { 'content-type': 'application/cloudevents+json' }, body: '{}', timeoutMs: 3000,
    tls: { insecureSkipVerify: false }, poolKey: 'wh_dedup',
  };
  try {
    const first = await sender.send(req);
    const second = await sender.send(req);
    assert.ok(first.ok && 'confirmed' in first && !first.confirmed.includes('duplicate'), JSON.stringify(first));
    assert.ok(second.ok && 'confirmed' in second && second.confirmed.includes('duplicate'), JSON.stringify(second));
    assert.equal((await manager.streams.info(`${streamName}_DEDUP`)).state.messages, 1);
  } finally {
    await sender.close();
    await manager.streams.delete(`${streamName}_DEDUP`);
    await probe.close();
  }
});
