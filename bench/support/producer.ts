import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The parent's handle on producer-process.ts. */
export class Producer {
  readonly #child: ChildProcess;
  #next = 0;
  readonly #waiting = new Map<number, { resolve: (ms: number) => void; reject: (err: Error) => void }>();

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (msg: { id: number; ms?: number; error?: string }) => {
      const w = this.#waiting.get(msg.id);
      this.#waiting.delete(msg.id);
      if (msg.error !== undefined) w?.reject(new Error(msg.error));
      else w?.resolve(msg.ms!);
    });
  }

  static start(): Producer {
    return new Producer(fork(fileURLToPath(new URL('./producer-process.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  /** N events by `concurrency` clients; resolves with the ms the producers took. */
  closed(url: string, token: string, n: number, concurrency: number): Promise<number> {
    return this.#run({ url, token, mode: 'closed', n, concurrency });
  }

  /** `rate`/s for `seconds`; resolves with the ms taken (answers included). */
  open(url: string, token: string, rate: number, seconds: number, concurrency: number): Promise<number> {
    return this.#run({ url, token, mode: 'open', n: rate * seconds, concurrency, rate, seconds });
  }

  #run(job: object): Promise<number> {
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#child.send({ ...job, id });
    });
  }

  async close(): Promise<void> {
    this.#child.send({ op: 'exit' });
    await new Promise((r) => this.#child.once('exit', r));
  }
}
