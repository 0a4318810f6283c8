/**
 * Time as the dispatcher sees it: the current time and timers. Injected so
 * tests move time forward by hand and check retry timing without sleeping.
 */
export interface Timer { cancel(): void }

export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`. */
  setTimer(fn: () => void, ms: number): Timer;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
