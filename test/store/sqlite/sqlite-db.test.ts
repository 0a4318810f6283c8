import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SqliteDb } from '../../../src/store/sqlite/sqlite-db.ts';

describe('SQLite transactions', () => {
  it('rethrow the original error when ROLLBACK itself fails, with the rollback error kept beside it', () => {
    const db = new SqliteDb(':memory:');
    db.exec('CREATE TABLE t (v TEXT)');
    const original = new Error('database or disk is full');
    // SQLite ends some failed transactions itself (SQLITE_FULL); ROLLBACK then fails with "no transaction is active".
    const thrown = (() => {
      try {
        db.tx(() => {
          db.run("INSERT INTO t VALUES ('x')");
          db.exec('ROLLBACK');
          throw original;
        });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    assert.equal(thrown, original, 'the real cause is what the caller sees');
    assert.match(String((thrown as { rollbackError?: Error }).rollbackError?.message), /no transaction is active/);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n, 0);
    db.tx(() => db.run("INSERT INTO t VALUES ('y')"));
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n, 1, 'the connection is usable afterwards');
    db.close();
  });

  it('roll back a failed transaction whole', () => {
    const db = new SqliteDb(':memory:');
    db.exec('CREATE TABLE t (v TEXT)');
    assert.throws(() => db.tx(() => { db.run("INSERT INTO t VALUES ('x')"); throw new Error('boom'); }), /boom/);
    assert.equal(db.get<{ n: number }>('SELECT count(*) AS n FROM t')!.n, 0);
    db.close();
  });
});
