import { ZodError } from 'zod';
import { HeraldError } from '../core/errors.ts';
import { normalizeEvent, type EventInput, type HeraldEvent } from '../core/event.ts';
import { newId } from '../core/ids.ts';

/** Normalizes item `index` of a batch; a schema failure names the item and its field, e.g. `33.timestamp`. */
export function normalizeBatchItem(input: EventInput, index: number, now: number): HeraldEvent {
  try {
    return normalizeEvent(input, newId('evt', now), new Date(now));
  } catch (err) {
    if (!(err instanceof ZodError)) throw err;
    const issue = err.issues[0];
    const field = [index, ...(issue?.path ?? [])].map(String).join('.');
    throw new HeraldError('VALIDATION', `${field}: ${issue?.message ?? 'invalid event'}; nothing of the batch was recorded`, field);
  }
}
