import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ConfigSchema, type ConfigInput } from '../../src/config/config-schema.ts';
import { startHerald, type Herald } from '../../src/herald.ts';

/**
 * A whole Herald on loopback with a real SQLite file in a temp directory.
 * Loopback is allow-listed explicitly, since the SSRF guard refuses it by default.
 */
export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestHerald extends Herald {
  dataDir: string;
  api(path: string, init?: { method?: string; body?: unknown; token?: string }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** `logger`: where Herald logs (silent unless HERALD_TEST_LOG names a level); a test that reads the log passes its own. */
export async function startTestHerald(overrides: Partial<ConfigInput> = {}, opts: { logger?: pino.Logger } = {}): Promise<TestHerald> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-test-'));
  const config = ConfigSchema.parse({
    server: { host: '127.0.0.1', port: 0 },
    dataDir,
    auth: { adminToken: ADMIN_TOKEN },
    delivery: { allowedNetworks: ['127.0.0.0/8'], idlePollMs: 100 },
    ...overrides,
  });
  const herald = await startHerald(config, { logger: opts.logger ?? pino({ level: process.env.HERALD_TEST_LOG ?? 'silent' }) });
  return {
    ...herald,
    dataDir,
    async api(path, init = {}) {
      const res = await fetch(`${herald.url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${init.token ?? ADMIN_TOKEN}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
      const text = await res.text();
      let body: unknown = text;
      try { body = JSON.parse(text); } catch { /* not JSON: keep text */ }
      return { status: res.status, body };
    },
    async close() {
      await herald.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, stepMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
