import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../support/herald.ts';
import { call, userWithToken } from './auth/support.ts';

/**
 * Silences through the whole path: made through the API, read by the
 * record-event use case, muted events recorded with the silence's id and
 * delivered to nobody, expiry lifting the mute at once.
 */
describe('silences: API → routing → delivery', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  let webhookId: string;
  const hour = () => new Date(Date.now() + 3_600_000).toISOString();
  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver();
    const wh = await herald.api('/api/v1/webhooks', { body: { name: 'everything', url: receiver.url } });
    webhookId = wh.body.id;
  });
  after(async () => { await herald.close(); await receiver.close(); });


  it('mutes what the matchers select: recorded with the silence, not delivered; expiring it lifts the mute', async () => {
    const made = await herald.api('/api/v1/silences', {
      body: { matchers: { namespaces: ['maint-*', '!maint-keep'] }, endsAt: hour(), comment: 'node upgrade' },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.match(made.body.id, /^sil_/);
    assert.equal(made.body.state, 'active');
    assert.equal(made.body.createdBy, 'admin-token', 'the creator is who made the call (here the bootstrap admin token)');
    const silenceId = made.body.id;

    const ingest = await herald.api('/api/v1/events', { body: [
      { event: 'update', namespace: 'maint-db', name: 'muted' },
      { event: 'update', namespace: 'maint-keep', name: 'excluded-from-silence' },
      { event: 'update', namespace: 'shop', name: 'not-matched' },
    ] });
    assert.deepEqual(ingest.body.items.map((i: { deliveries: number }) => i.deliveries), [0, 1, 1]);
    assert.deepEqual(ingest.body.items[0].silencedBy, [silenceId], 'the answer says which silence muted it');
    await receiver.waitFor(2);
    assert.deepEqual(receiver.requests.map((r) => JSON.parse(r.body).name).sort(), ['excluded-from-silence', 'not-matched']);

    const events = (await herald.api('/api/v1/events?limit=100')).body.items as Array<{ name: string; silencedBy?: string[] }>;
    assert.deepEqual(events.find((e) => e.name === 'muted')?.silencedBy, [silenceId], 'the events API names the silence');
    assert.equal(events.find((e) => e.name === 'not-matched')?.silencedBy, undefined);

    const expired = await herald.api(`/api/v1/silences/${silenceId}`, { method: 'DELETE' });
    assert.equal(expired.status, 200);
    assert.equal(expired.body.state, 'expired');
    const again = await herald.api('/api/v1/events', { body: { event: 'update', namespace: 'maint-db', name: 'after-expiry' } });
    assert.equal(again.body.items[0].deliveries, 1, 'the expiry reached routing at once (cache invalidated)');
    assert.deepEqual((await herald.api('/api/v1/silences?state=expired')).body.items.map((s: { id: string }) => s.id), [silenceId]);
    assert.equal((await herald.api(`/api/v1/webhooks/${webhookId}/deliveries`)).body.items.length, 3);
  });

  it('a pending silence does not mute yet; the test button is never muted', async () => {
    const later = await herald.api('/api/v1/silences', {
      body: { matchers: { events: ['test', 'create'] }, startsAt: hour(), endsAt: new Date(Date.now() + 7_200_000).toISOString(), comment: 'later' },
    });
    assert.equal(later.body.state, 'pending');
    assert.equal((await herald.api('/api/v1/events', { body: { event: 'create', name: 'before-start' } })).body.items[0].deliveries, 1);
    const now = await herald.api('/api/v1/silences', { body: { matchers: { events: ['test'] }, endsAt: hour(), comment: 'quiet tests' } });
    assert.equal(now.status, 201);
    const tested = await herald.api(`/api/v1/webhooks/${webhookId}/test`, { method: 'POST' });
    assert.equal(tested.body.ok, true, 'a test delivery goes out whatever the silences say');
  });

  it('answers bad silences with 400 naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ matchers: {}, endsAt: hour(), comment: 'all' }, 'matchers'],
      [{ matchers: { namespaces: ['*'] }, endsAt: hour(), comment: 'all' }, 'matchers'],
      [{ matchers: { namespaces: ['a'] }, endsAt: new Date(Date.now() - 1000).toISOString(), comment: 'past' }, 'endsAt'],
      [{ matchers: { namespaces: ['a'] }, startsAt: hour(), endsAt: new Date(Date.now() + 60_000).toISOString(), comment: 'backwards' }, 'endsAt'],
      [{ matchers: { namespaces: ['a'] }, endsAt: 'tomorrow', comment: 'x' }, 'endsAt'],
      [{ matchers: { namespaces: ['a'] }, endsAt: hour(), comment: '  ' }, 'comment'],
      [{ matchers: { nope: ['a'] }, endsAt: hour(), comment: 'x' }, 'matchers.nope'],
    ];
    for (const [body, field] of cases) {
      const r = await herald.api('/api/v1/silences', { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.field, field, JSON.stringify(r.body));
    }
    assert.equal((await herald.api('/api/v1/silences/sil_missing', { method: 'DELETE' })).status, 404);
  });

  it('viewers read silences but may not make or expire them; ops may; changes are audit-logged', async () => {
    const viewer = await userWithToken(herald, 'viewer');
    const ops = await userWithToken(herald, 'ops');
    const body = { matchers: { kinds: ['Job'] }, endsAt: hour(), comment: 'batch night' };
    assert.equal((await call(herald, '/api/v1/silences', { token: viewer.token, body })).status, 403);
    const made = await call(herald, '/api/v1/silences', { token: ops.token, body });
    assert.equal(made.status, 201);
    assert.equal(made.body.createdBy, ops.name);
    assert.equal((await call(herald, '/api/v1/silences', { token: viewer.token })).status, 200);
    assert.equal((await call(herald, `/api/v1/silences/${made.body.id}`, { token: viewer.token, method: 'DELETE' })).status, 403);
    assert.equal((await call(herald, `/api/v1/silences/${made.body.id}`, { token: ops.token, method: 'DELETE' })).status, 200);
    const audit = (await call(herald, '/api/v1/audit?limit=200', { token: ADMIN_TOKEN })).body.items as any[];
    const mine = audit.filter((e) => e.target.id === made.body.id).map((e) => [e.action, e.actor.name]);
    assert.deepEqual(mine.sort(), [['silence.create', ops.name], ['silence.expire', ops.name]]);
  });
});
