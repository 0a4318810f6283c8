import type { Clock, Timer } from '../../src/core/clock.ts';

/**
 * A clock that moves only when a test says so. `advance` fires due timers in
 * time order, letting the event loop run between them so the code they start
 * (store writes, sends) gets as far as it can before time moves on.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start: number) {
    this.#now = start;
  }

  now = (): number => this.#now;

  setTimer(fn: () => void, ms: number): Timer {
    const id = this.#seq++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), fn });
    return { cancel: () => { this.#timers.delete(id); } };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      const next = [...this.#timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (next === undefined) break;
      this.#timers.delete(next[0]);
      this.#now = Math.max(this.#now, next[1].at);
      next[1].fn();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}

/**
 * Lets pending promise chains, immediates (SQLite completions batch on
 * setImmediate) and zero-delay timers (the dispatcher's wake-up) run.
 */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
