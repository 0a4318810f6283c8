import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckedEventInput } from '../../../src/core/event.ts';
import { ignoreMatcher } from '../../../src/core/kube-diff.ts';
import { Ingestor, type IngestOptions } from '../../../src/app/record-event.ts';
import { ObjectTracker, type WatchIngest } from '../../../src/sources/cluster-watch/object-tracker.ts';
import { ACTOR_HINT_SCOPE, actorHintKey } from '../../../src/app/actor-hints.ts';
import { deployment, openStore, storePath } from './harness.ts';
import { eventually } from '../../support/herald.ts';

/** The tracker's contract with Ingest: the event and its state travel in one call, keyed for dedup. */
describe('ObjectTracker', () => {
  function recording(inner: WatchIngest) {
    const calls: Array<{ input: CheckedEventInput; opts: IngestOptions | undefined }> = [];
    const ingest: WatchIngest = {
      ingest: () => { throw new Error('the watch records its own events as checked'); },
      ingestChecked: (input, opts) => { calls.push({ input, opts }); return inner.ingestChecked(input, opts); },
    };
    return { calls, ingest };
  }
  const obj = (rv: string, replicas = 1) => ({ apiVersion: 'apps/v1', kind: 'Deployment', ...deployment('api', replicas), metadata: { ...deployment('api').metadata, resourceVersion: rv } });

  it('writes the object state (and deletes a used hint) in the same ingest call as the event', async () => {
    const store = openStore(storePath('tracker').db);
    const rec = recording(new Ingestor(store));
    const now = 1_000_000;
    const tracker = new ObjectTracker({ store, cluster: 'c1', kind: 'Deployment', ignore: ignoreMatcher(), now: () => now });
    await tracker.load();
    await store.putSourceState([{ scope: ACTOR_HINT_SCOPE, key: actorHintKey('c1', 'Deployment', 'default', 'api'), value: { actor: 'bob', operation: 'create', at: now - 1000, source: 'admission' } }]);
    await tracker.upsert(rec.ingest, obj('7'));
    assert.equal(rec.calls.length, 1);
    const { input, opts } = rec.calls[0]!;
    assert.equal(input.dedupKey, 'kube:c1:Deployment:default/api:7:create');
    assert.equal(input.actor, 'bob');
    assert.deepEqual(opts?.state?.map((s) => [s.scope, s.key, s.value === null]), [
      ['kube:c1:Deployment', 'default/api', false],
      [ACTOR_HINT_SCOPE, 'c1/Deployment/default/api', true],
    ]);

    // The same version again (a re-watch replay) and ignored churn: no call at all.
    await tracker.upsert(rec.ingest, obj('7'));
    await tracker.upsert(rec.ingest, { ...obj('8'), status: { replicas: 5 } });
    assert.equal(rec.calls.length, 1);

    await tracker.remove(rec.ingest, 'default/api', obj('9'));
    assert.equal(rec.calls[1]!.input.dedupKey, 'kube:c1:Deployment:default/api:9:delete');
    assert.deepEqual(rec.calls[1]!.opts?.state, [{ scope: 'kube:c1:Deployment', key: 'default/api', value: null }]);
    await store.close();
  });

  it('a duplicate (already recorded) event still leaves the state current', async () => {
    const store = openStore(storePath('tracker').db);
    const ingestor = new Ingestor(store);
    const a = new ObjectTracker({ store, cluster: 'c1', kind: 'Deployment', ignore: ignoreMatcher() });
    await a.load();
    await a.upsert(ingestor, obj('7'));
    await store.putSourceState([{ scope: 'kube:c1:Deployment', key: 'default/api', value: null }]); // state lost, event kept
    const b = new ObjectTracker({ store, cluster: 'c1', kind: 'Deployment', ignore: ignoreMatcher() });
    await b.load();
    await b.upsert(ingestor, obj('7'));
    assert.equal(b.counts.duplicates, 1);
    assert.notEqual(await store.getSourceState('kube:c1:Deployment', 'default/api'), undefined);
    await store.close();
  });

  it('an object nested 10,000 levels deep is stored and diffed without overflowing the stack', async () => {
    const store = openStore(storePath('tracker-deep').db);
    const ingest = new Ingestor(store);
    const tracker = new ObjectTracker({ store, cluster: 'c1', kind: 'Deployment', ignore: ignoreMatcher() });
    await tracker.load();
    const deep = (rv: string, leaf: number) => {
      let o: unknown = leaf;
      for (let i = 0; i < 10_000; i++) o = { a: o };
      return { ...obj(rv), spec: { ...obj(rv).spec, deep: o } };
    };
    await tracker.upsert(ingest, deep('1', 1));
    await tracker.upsert(ingest, deep('2', 2));
    const events = (await store.listEvents(undefined, 10)).items;
    assert.deepEqual(events.map((e) => e.event).sort(), ['create', 'update']);
    const update = events.find((e) => e.event === 'update')!;
    assert.equal(update.changes.length, 1, 'the deep difference is one change at the depth bound');
    assert.match(update.changes[0]!.field, /^spec\.deep(\.a)+$/);
    const reloaded = new ObjectTracker({ store, cluster: 'c1', kind: 'Deployment', ignore: ignoreMatcher() });
    await reloaded.load();
    assert.equal(reloaded.size, 1, 'the state was persisted');
    await store.close();
  });
  it('changes handed on before the last one is stored are diffed and stored in order per object, other objects not waiting', async () => {
    const store = openStore(storePath('tracker').db);
    const ingestor = new Ingestor(store);
    // The first write of "api" is held until released: its next changes must wait for it, "db" must not.
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const order: string[] = [];
    const gated: WatchIngest = {
      ingest: (input, opts) => ingestor.ingest(input, opts),
      ingestChecked: async (input, opts) => {
        if (input.name === 'api' && input.event === 'create') await held;
        const result = await ingestor.ingestChecked(input, opts);
        order.push(`${input.event} ${input.name} ${String(input.detail?.new ?? '')}`);
        return result;
      },
    };
    const tracker = new ObjectTracker({ store, cluster: 'c1', kind: 'Deployment', ignore: ignoreMatcher() });
    await tracker.load();
    const db = { ...obj('3'), metadata: { ...obj('3').metadata, name: 'db' } };
    const writes = [tracker.upsert(gated, obj('1', 1)), tracker.upsert(gated, obj('2', 2)), tracker.upsert(gated, db),
      tracker.upsert(gated, obj('4', 3)), tracker.remove(gated, 'default/api', obj('5', 3))];
    // db's write goes through while api's first is still held (the store's writer thread may take a moment to start).
    await eventually(() => (order.length > 0 ? true : undefined));
    assert.deepEqual(order, ['create db '], 'db is stored while api waits for its first write');
    release();
    await Promise.all(writes);
    assert.deepEqual(order, ['create db ', 'create api ', 'scale api 2', 'scale api 3', 'delete api ']);
    const events = (await store.listEvents(undefined, 100)).items.filter((e) => e.name === 'api');
    assert.deepEqual(events.map((e) => [e.event, e.detail?.old, e.detail?.new]),
      [['create', undefined, undefined], ['scale', 1, 2], ['scale', 2, 3], ['delete', undefined, undefined]]);
    assert.equal(await store.getSourceState('kube:c1:Deployment', 'default/api'), undefined);
    await store.close();
  });

  it('a failed write fails the changes of that object queued behind it without trying them', async () => {
    const store = openStore(storePath('tracker').db);
    const ingestor = new Ingestor(store);
    const tried: string[] = [];
    const failingFirst: WatchIngest = {
      ingest: (input, opts) => ingestor.ingest(input, opts),
      ingestChecked: async (input, opts) => {
        tried.push(input.event);
        if (input.event === 'create') throw new Error('disk full');
        return ingestor.ingestChecked(input, opts);
      },
    };
    const tracker = new ObjectTracker({ store, cluster: 'c1', kind: 'Deployment', ignore: ignoreMatcher() });
    await tracker.load();
    const first = tracker.upsert(failingFirst, obj('1', 1));
    const second = tracker.upsert(failingFirst, obj('2', 2));
    await assert.rejects(first!, /disk full/);
    await assert.rejects(second!, /disk full/);
    assert.deepEqual(tried, ['create']);
    assert.equal(tracker.known('default/api'), undefined, 'nothing stored, nothing remembered: the relist finds it again');
    await store.close();
  });
});
