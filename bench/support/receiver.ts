import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ReceiverStats { count: number; p50: number; p99: number; max: number }

/** The parent's handle on receiver-process.ts. */
export class Receiver {
  readonly url: string;
  readonly #child: ChildProcess;
  #next = 0;
  readonly #waiting = new Map<number, (msg: ReceiverStats) => void>();

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.url = `http://127.0.0.1:${port}/hook`;
    child.on('message', (msg: ReceiverStats & { id?: number }) => {
      if (msg.id === undefined) return;
      this.#waiting.get(msg.id)?.(msg);
      this.#waiting.delete(msg.id);
    });
  }

  static async start(): Promise<Receiver> {
    const child = fork(fileURLToPath(new URL('./receiver-process.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`the receiver exited (${code})`)));
    });
    return new Receiver(child, port);
  }

  #ask(op: string): Promise<ReceiverStats> {
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#child.send({ op, id });
    });
  }

  async reset(): Promise<void> { await this.#ask('reset'); }
  stats(): Promise<ReceiverStats> { return this.#ask('stats'); }

  /** Resolves when `n` requests arrived; throws after `timeoutMs` (a bench never hangs). */
  async until(n: number, timeoutMs = 120_000): Promise<ReceiverStats> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const { count } = await this.#ask('count');
      if (count >= n) return this.stats();
      if (Date.now() > end) throw new Error(`only ${count} of ${n} arrived in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async close(): Promise<void> {
    this.#child.send({ op: 'exit', id: 0 });
    await new Promise((r) => this.#child.once('exit', r));
  }
}

/** The ~420-byte body every contender delivers (Herald renders its own of about that size). */
export function benchBody(i: number, t0 = Date.now()): string {
  return JSON.stringify({
    id: `evt_${i.toString().padStart(26, '0')}`, event: 'update', cluster: 'bench', namespace: 'default', resource: 'Deployment',
    name: `api-${i}`, actor: 'system:serviceaccount:ci:deployer', timestamp: new Date(t0).toISOString(),
    detail: { field: 'spec.replicas', old: 1, new: 2 }, changes: [{ field: 'spec.replicas', old: 1, new: 2 }],
    labels: { t0: String(t0), app: 'api' }, summary: 'spec.replicas 1 → 2', source: 'api',
  });
}
