import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Answer { id: number; ms?: number; rv?: string; url?: string; error?: string }

/** The watch bench's handle on fake-kube-process.ts: what each step cost the server, and its resourceVersion after. */
export class FakeKubeRemote {
  readonly #child: ChildProcess;
  readonly url: string;
  #next = 0;
  readonly #waiting = new Map<number, { resolve: (a: Answer) => void; reject: (err: Error) => void }>();

  private constructor(child: ChildProcess, url: string) {
    this.#child = child;
    this.url = url;
    child.on('message', (msg: Answer) => {
      const w = this.#waiting.get(msg.id);
      this.#waiting.delete(msg.id);
      if (msg.error !== undefined) w?.reject(new Error(msg.error));
      else w?.resolve(msg);
    });
  }

  static async start(): Promise<FakeKubeRemote> {
    const child = fork(fileURLToPath(new URL('./fake-kube-process.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const first = await new Promise<Answer>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`fake API server exited (${code})`)));
    });
    return new FakeKubeRemote(child, first.url!);
  }

  /** `n` Deployments app-0… in namespace bench. */
  create(n: number): Promise<{ ms: number; rv: string }> {
    return this.#run({ op: 'create', n });
  }

  /** `rounds` × (a scale and a status write) of each of the `n` Deployments, held back from the watches. */
  prepare(n: number, rounds: number): Promise<{ ms: number; rv: string }> {
    return this.#run({ op: 'prepare', n, rounds });
  }

  /** Streams what was held back; resolves when the server has written it (not when Herald has read it). */
  release(): Promise<{ ms: number; rv: string }> {
    return this.#run({ op: 'release' });
  }

  /** How long the server's event loop was busy since the last call (e.g. serving the list's pages). */
  busy(): Promise<{ ms: number; rv: string }> {
    return this.#run({ op: 'busy' });
  }

  #run(job: object): Promise<{ ms: number; rv: string }> {
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve: (a) => resolve({ ms: a.ms!, rv: a.rv! }), reject });
      this.#child.send({ ...job, id });
    });
  }

  async close(): Promise<void> {
    this.#child.send({ op: 'exit', id: ++this.#next });
    await new Promise((r) => this.#child.once('exit', r));
  }
}
