import { parentPort, workerData } from 'node:worker_threads';
import { SqliteDb } from './sqlite-db.ts';
import { commitGroup, type Outcome } from './sqlite-group-commit.ts';
import { applyWrite, toWire } from './sqlite-write-ops.ts';
import type { ToWriter, WriteBatch, WriteResults } from './sqlite-writer.ts';

/**
 * The writer thread: its own connection to the store's file, on which every
 * hot write (ingest, claim, completion) is applied. Whatever arrived while
 * the previous COMMIT was fsyncing is one group: one transaction, one
 * savepoint per write (sqlite-group-commit.ts). Each write is answered only
 * after its COMMIT returned, and the main thread's event loop never waits
 * for the disk.
 */
const port = parentPort!;
const { path, synchronous } = workerData as { path: string; synchronous: 'FULL' | 'NORMAL' };
let db: SqliteDb;
try {
  db = new SqliteDb(path, synchronous);
} catch (err) {
  port.postMessage({ failed: toWire(err) });
  port.close();
  throw err;
}

let queue: WriteBatch = [];

function flush(): void {
  const batch = queue;
  queue = [];
  if (batch.length === 0) return;
  let outcomes: Outcome[];
  try {
    outcomes = commitGroup(db, batch.map((b) => () => applyWrite(db, b.write)));
  } catch (err) {
    const wire = toWire(err);
    answer(batch.map((b) => ({ id: b.id, err: wire })));
    return;
  }
  answer(batch.map((b, i) => {
    const o = outcomes[i]!;
    return o.ok ? { id: b.id, value: o.value } : { id: b.id, err: toWire(o.err) };
  }));
}

function answer(results: WriteResults): void {
  port.postMessage({ results: JSON.stringify(results) });
}

port.on('message', (msg: ToWriter) => {
  if ('ops' in msg) {
    if (queue.length === 0) setImmediate(flush);
    for (const op of JSON.parse(msg.ops) as WriteBatch) queue.push(op);
  } else if ('commits' in msg) {
    port.postMessage({ commits: db.commits });
  } else {
    flush();
    db.close();
    port.postMessage({ closed: true, commits: db.commits });
    port.close();
  }
});
