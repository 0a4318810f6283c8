import { HeraldError } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { createSilence, silenceState, SilenceInputSchema, viewSilence, type Silence, type SilenceInput, type SilenceView } from '../core/silence.ts';
import { schemaError } from '../core/schema-error.ts';
import type { AuditActor, AuditLog } from './audit-log.ts';
import type { Clock } from './ports/clock.ts';
import type { SilenceRepository } from './ports/silence-repository.ts';

export interface ManageSilencesDeps {
  silences: SilenceRepository;
  /** Forgets the silences routing read, so the next event is muted (or not) by the change just made. */
  routing: { invalidateSilences(): void };
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
}

/**
 * Create, list and expire silences. Every change invalidates the routing
 * cache and is written to the audit log. Expired silences are kept: the
 * events they muted name them.
 */
export class ManageSilences {
  readonly #d: ManageSilencesDeps;

  constructor(deps: ManageSilencesDeps) {
    this.#d = deps;
  }

  /** Newest first; `state` keeps only silences in that state now. */
  async list(state?: ReturnType<typeof silenceState>): Promise<Silence[]> {
    const all = await this.#d.silences.listSilences();
    const now = this.#d.clock.now();
    return state === undefined ? all : all.filter((s) => silenceState(s, now) === state);
  }

  /** ISO times and the state now, as the API and CLI show it. */
  view(s: Silence): SilenceView {
    return viewSilence(s, this.#d.clock.now());
  }

  async get(id: string): Promise<Silence> {
    const s = await this.#d.silences.getSilence(id);
    if (s === undefined) throw notFound(id);
    return s;
  }

  async create(input: SilenceInput, actor: AuditActor): Promise<Silence> {
    const parsed = SilenceInputSchema.safeParse(input);
    if (!parsed.success) throw schemaError(parsed.error, { code: 'VALIDATION' });
    const now = this.#d.clock.now();
    const silence = createSilence(parsed.data, newId('sil', now), actor.name, now);
    await this.#d.silences.createSilence(silence);
    this.#d.routing.invalidateSilences();
    await this.#d.audit.record(actor, 'silence.create', { type: 'silence', id: silence.id, name: null },
      `muted events until ${new Date(silence.endsAt).toISOString()}: ${silence.comment}`);
    return silence;
  }

  async expire(id: string, actor: AuditActor): Promise<Silence> {
    const now = this.#d.clock.now();
    const before = await this.get(id);
    const after = await this.#d.silences.expireSilence(id, now);
    if (after === undefined) throw notFound(id);
    this.#d.routing.invalidateSilences();
    if (silenceState(before, now) !== 'expired') {
      await this.#d.audit.record(actor, 'silence.expire', { type: 'silence', id, name: null }, `expired the silence made by ${before.createdBy}`);
    }
    return after;
  }
}

function notFound(id: string): HeraldError {
  return new HeraldError('NOT_FOUND', `no silence with id ${id}`, 'id');
}
