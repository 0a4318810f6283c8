import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPool } from '../../src/store/postgres/postgres-connection.ts';
import { WAKE_CHANNEL } from '../../src/store/postgres/postgres-notify.ts';
import { WakePacer } from '../../src/store/postgres/postgres-wake-pacer.ts';
import { clientIn, dropSchemas, newSchema, PG_URL } from './pg-support.ts';

describe('PostgreSQL NOTIFY pacing', () => {
  it('one batch a window NOTIFYs itself; the others owe one NOTIFY, sent once when the window ends', async (t) => {
    const schema = newSchema();
    const listener = await clientIn(schema);
    await listener.query(`CREATE SCHEMA "${schema}"`);
    const pool = openPool({ url: PG_URL, schema, max: 1 });
    t.after(async () => { await listener.end(); await pool.end(); await dropSchemas(schema); });
    const heard: number[] = [];
    listener.on('notification', (msg) => { if (msg.channel === WAKE_CHANNEL && msg.payload === schema) heard.push(Date.now()); });
    await listener.query(`LISTEN ${WAKE_CHANNEL}`);
    const pacer = new WakePacer(pool, 200);
    t.after(() => pacer.close());
    assert.equal(pacer.takeTurn(), true);
    assert.equal(pacer.takeTurn(), false);
    pacer.owe();
    pacer.owe();
    for (let i = 0; i < 200 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 400)); // room for a second one, were it sent
    assert.equal(heard.length, 1, 'two debts, one NOTIFY');
    assert.equal(pacer.takeTurn(), true, 'a new window has begun');
  });
});
