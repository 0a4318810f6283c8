import type { Silence } from '../../core/silence.ts';

/** Where silences are kept; the stores implement it (test/store/store.case.ts). */
export interface SilenceRepository {
  createSilence(s: Silence): Promise<void>;
  getSilence(id: string): Promise<Silence | undefined>;
  /** Newest first; with `endsAfter`, only silences not yet over at that time (what routing needs). */
  listSilences(q?: { endsAfter?: number }): Promise<Silence[]>;
  /**
   * Ends the silence at `now` (a pending one never starts); one already over
   * is returned unchanged. Undefined when there is none with that id.
   */
  expireSilence(id: string, now: number): Promise<Silence | undefined>;
}
