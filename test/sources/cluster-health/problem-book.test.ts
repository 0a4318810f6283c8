import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ingestor } from '../../../src/app/record-event.ts';
import { ProblemBook, type Observation } from '../../../src/sources/cluster-health/problem-book.ts';
import { openStore, storePath } from '../cluster-watch/harness.ts';

/**
 * The ProblemBook on the real SQLite store and a clock moved by hand: when an
 * ongoing problem is announced again, and what a recovery remembers.
 */
const HOUR = 3_600_000;

function crash(count: number, at: string): Observation {
  return { kind: 'Pod', namespace: 'prod', name: 'api', reason: 'BackOff', message: 'Back-off restarting failed container',
    type: 'Warning', sourceId: 'event:e1', count, at };
}

describe('problem book', () => {
  it('announces an ongoing problem again, with its count, once repeatIntervalMs has passed, and not before', async () => {
    const store = openStore(storePath('health-book').db);
    let now = Date.parse('2026-12-01T10:00:00Z');
    const book = new ProblemBook({ store, cluster: 'dev', announceResolved: true, repeatIntervalMs: HOUR, now: () => now });
    const ingest = new Ingestor(store, { clock: { now: () => now } });
    await book.load();
    await book.observe(ingest, crash(1, '2026-12-01T10:00:00Z'), false);
    now += HOUR - 1;
    await book.observe(ingest, crash(20, '2026-12-01T10:59:59Z'), false);
    assert.equal((await store.listEvents(undefined, 10)).items.length, 1, 'a repeat within the interval only counts');
    now += 1;
    await book.observe(ingest, crash(21, '2026-12-01T11:00:00Z'), false);
    const events = (await store.listEvents(undefined, 10)).items.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    assert.equal(events.length, 2);
    assert.equal(events[1]!.summary, 'Pod prod/api in cluster dev is backing off: Back-off restarting failed container (21 times since 10:00 UTC)');
    assert.equal(events[1]!.data?.repeat, 1);
    assert.equal(events[1]!.data?.count, 21);
    store.close();
  });

  it('after a recovery, an Event from before it (read again on a relist) is not a new problem; a later one is', async () => {
    const store = openStore(storePath('health-book').db);
    const now = Date.parse('2026-12-01T10:10:00Z');
    const book = new ProblemBook({ store, cluster: 'dev', announceResolved: true, repeatIntervalMs: HOUR, now: () => now });
    const ingest = new Ingestor(store, { clock: { now: () => now } });
    await book.load();
    await book.observe(ingest, crash(3, '2026-12-01T10:00:00Z'), false);
    await book.resolve(ingest, 'Pod', 'prod', 'api', () => true, '2026-12-01T10:05:00Z');
    assert.deepEqual((await store.listEvents(undefined, 10)).items.map((e) => e.event).sort(), ['resolved', 'warning']);
    // A fresh book (a restart) reads the recovery back from the store.
    const again = new ProblemBook({ store, cluster: 'dev', announceResolved: true, repeatIntervalMs: HOUR, now: () => now });
    await again.load();
    await again.observe(ingest, crash(3, '2026-12-01T10:00:00Z'), false);
    assert.equal((await store.listEvents(undefined, 10)).items.length, 2, 'the old Event stays quiet');
    await again.observe(ingest, { ...crash(1, '2026-12-01T10:08:00Z'), sourceId: 'event:e2' }, false);
    assert.equal((await store.listEvents(undefined, 10)).items.length, 3, 'a new occurrence is announced');
    store.close();
  });
});
