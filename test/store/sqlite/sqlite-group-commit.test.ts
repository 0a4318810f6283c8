import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { normalizeEvent } from '../../../src/core/event.ts';
import { SecretBox } from '../../../src/store/secret-box.ts';
import { GroupCommit } from '../../../src/store/sqlite/sqlite-group-commit.ts';
import { SqliteDb } from '../../../src/store/sqlite/sqlite-db.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../../support/temp-dir.ts';

const dir = tempDir('group-commit');
let n = 0;
const event = (i: number) => normalizeEvent({ event: 'update', name: `obj-${i}` }, `evt_group_${n}_${i}`);

function withTable(): { db: SqliteDb; path: string } {
  const path = join(dir, `g-${n++}.db`);
  const db = new SqliteDb(path);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  return { db, path };
}

test('concurrent ingests share one commit, and each answers only once another connection sees its event', async () => {
  const path = join(dir, `store-${n++}.db`);
  const db = new SqliteDb(path);
  const store = new SqliteStore({ path, secrets: new SecretBox(Buffer.alloc(32, 3)), connection: db });
  const reader = new DatabaseSync(path, { readOnly: true });
  try {
    const before = await store.writeCommits();
    const seen = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const result = await store.recordEvent(event(i), []);
      return reader.prepare('SELECT count(*) AS n FROM events WHERE id = ?').get(result.event.id) as { n: number };
    }));
    assert.deepEqual(seen.map((s) => s.n), Array(50).fill(1), 'every event was committed when its caller was answered');
    assert.equal(await store.writeCommits() - before, 1, '50 ingests arriving together made one transaction (one fsync)');
  } finally {
    reader.close();
    await store.close();
  }
});

test('a write that fails is rolled back and rejected alone; the others of its group commit', async () => {
  const { db, path } = withTable();
  const group = new GroupCommit(db);
  try {
    const results = await Promise.allSettled([
      group.run(() => db.run('INSERT INTO t (id) VALUES (1)')),
      group.run(() => { db.run('INSERT INTO t (id) VALUES (2)'); db.run('INSERT INTO t (id) VALUES (1)'); }),
      group.run(() => db.run('INSERT INTO t (id) VALUES (3)')),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE constraint failed/);
    const reader = new DatabaseSync(path, { readOnly: true });
    const ids = (reader.prepare('SELECT id FROM t ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
    reader.close();
    assert.deepEqual(ids, [1, 3], 'the failed write left nothing, not even its first insert');
  } finally {
    db.close();
  }
});

test('when the commit fails, every write of the group is rejected', async () => {
  const { db } = withTable();
  const group = new GroupCommit(db);
  try {
    // A deferred foreign key fails at COMMIT, not at the insert: the whole group's commit fails.
    db.exec('CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)');
    const results = await Promise.allSettled([
      group.run(() => db.run('INSERT INTO t (id) VALUES (10)')),
      group.run(() => db.run('INSERT INTO c (p) VALUES (99)')),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n, 0, 'nothing of the group was applied');
  } finally {
    db.close();
  }
});
