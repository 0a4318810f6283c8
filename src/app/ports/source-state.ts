/** State a source keeps between runs (e.g. the last seen version of each watched object). */
export interface SourceStateWrite { scope: string; key: string; value: unknown | null }

/** Source state outside an event (an event's own state goes with it through the event log). */
export interface SourceState {
  getSourceState(scope: string, key: string): Promise<unknown | undefined>;
  listSourceState(scope: string): Promise<Array<{ key: string; value: unknown }>>;
  putSourceState(writes: readonly SourceStateWrite[]): Promise<void>;
}
