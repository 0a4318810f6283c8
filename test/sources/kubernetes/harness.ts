import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import type { HeraldEvent } from '../../../src/core/event.ts';
import { Ingestor } from '../../../src/app/record-event.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { SecretBox } from '../../../src/store/secret-box.ts';
import type { Store } from '../../../src/store/store.ts';
import type { SourceLogger } from '../../../src/sources/source.ts';

/**
 * The webhooks under test with a real SQLite store in a temp file, served on
 * loopback over real HTTP.
 */

import { FIXTURES_DIR as FIXTURES } from '../../support/fixtures.ts';
export { FIXTURES };

export function fixture(path: string): any {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'));
}

export function fixtureText(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

export interface TestStore { store: Store; ingest: Ingestor; close(): Promise<void> }

export async function openTestStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-k8s-'));
  const store = await openStore(`sqlite:${join(dir, 'herald.db')}`, {
    dataDir: dir, secrets: new SecretBox(randomBytes(32)), synchronous: 'NORMAL',
  });
  return {
    store,
    ingest: new Ingestor(store),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function allEvents(store: Store): Promise<HeraldEvent[]> {
  return (await store.listEvents(undefined, 1000)).items;
}

export interface Served { url: string; close(): Promise<void> }

export async function serveApp(app: Hono): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

/** A logger that remembers what it was told, so tests can check failures were logged. */
export function memoryLogger(): SourceLogger & { lines: Array<{ level: string; msg: string; obj: object }> } {
  const lines: Array<{ level: string; msg: string; obj: object }> = [];
  return {
    lines,
    warn: (obj, msg) => { lines.push({ level: 'warn', msg, obj }); },
    error: (obj, msg) => { lines.push({ level: 'error', msg, obj }); },
  };
}

/** isWatched backed by a set of "cluster/Kind" strings. */
export function watching(...pairs: string[]): (cluster: string, kind: string) => boolean {
  const set = new Set(pairs);
  return (cluster, kind) => set.has(`${cluster}/${kind}`);
}
