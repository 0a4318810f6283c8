/**
 * The earliest time the next request may go to a receiver, kept in the store
 * so every dispatcher (one per replica) sees the same turn. A key is a webhook
 * id (its sending rate) or a webhook id and group key (its group interval).
 * Times are epoch ms.
 */
export interface SendSlot {
  /** When this request may go: `now` or later. */
  at: number;
  /** False when the turn is beyond the horizon: nothing was reserved, and `at` says when to try again. */
  granted: boolean;
}

export interface SendPace {
  /**
   * Takes the next turn of `key` atomically: the turn is max(stored, now), and
   * when it is within `now + horizonMs` the stored time moves to turn +
   * `intervalMs`. Two dispatchers never get the same turn.
   */
  reserveSendSlot(key: string, now: number, intervalMs: number, horizonMs: number): Promise<SendSlot>;
  /** No turn of `key` before `until` (a receiver's Retry-After); an earlier time changes nothing. */
  deferSendSlot(key: string, until: number): Promise<void>;
}
