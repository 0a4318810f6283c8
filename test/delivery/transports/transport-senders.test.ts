import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SendRequest } from '../../../src/delivery/http-sender.ts';
import { TransportSenders } from '../../../src/delivery/transports/transport-senders.ts';

const request = (transport: SendRequest['transport']): SendRequest => ({
  transport, url: 'nats://n/x', messageId: 'dlv_1', auth: { type: 'none' }, headers: {}, body: '{}', timeoutMs: 1000,
  tls: { insecureSkipVerify: false }, poolKey: 'wh_1',
});

it('the send step picks the sender of the platform\'s transport, refuses one it has none for, and closes every sender', async () => {
  const used: string[] = [];
  let closed = 0;
  const fake = (name: string) => ({
    send: async () => { used.push(name); return { ok: true as const, confirmed: name }; },
    close: async () => { closed++; },
  });
  const senders = new TransportSenders({ http: fake('http'), nats: fake('nats') });
  assert.deepEqual(await senders.send(request('nats')), { ok: true, confirmed: 'nats' });
  assert.deepEqual(used, ['nats']);
  const none = await senders.send(request('mqtt'));
  assert.ok(!none.ok && none.permanent && /no sender for the mqtt transport/.test(none.error));
  await senders.close();
  assert.equal(closed, 2);
});
