import { HeraldError } from '../core/errors.ts';

/**
 * What the composition root has opened (store, pools, dispatcher, watches, the
 * listening socket), closed in the reverse order. Closing carries on past a
 * failure, so a store that fails to close cannot leave the port bound or the
 * other pool open, and the failures are reported together once all is closed.
 */
export class ResourceStack {
  readonly #open: Array<{ name: string; close: () => unknown }> = [];

  add(name: string, close: () => unknown): void {
    this.#open.push({ name, close });
  }

  async closeAll(): Promise<void> {
    const failures: Array<{ name: string; err: unknown }> = [];
    for (let item = this.#open.pop(); item !== undefined; item = this.#open.pop()) {
      try {
        await item.close();
      } catch (err) {
        failures.push({ name: item.name, err });
      }
    }
    if (failures.length === 0) return;
    const what = failures.map((f) => `${f.name} (${f.err instanceof Error ? f.err.message : String(f.err)})`).join(', ');
    const cause = failures.length === 1 ? failures[0]!.err : new AggregateError(failures.map((f) => f.err), what);
    throw new HeraldError('INTERNAL', `could not close ${what}; everything else was closed`, { cause });
  }
}
