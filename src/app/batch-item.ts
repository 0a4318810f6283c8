import { ZodError } from 'zod';
import { HeraldError } from '../core/errors.ts';
import { normalizeEvent, type EventInput, type HeraldEvent } from '../core/event.ts';
import { newId } from '../core/ids.ts';
import { schemaError } from '../core/schema-error.ts';

/** Normalizes item `index` of a batch; a schema failure names the item and its field, e.g. `33.timestamp`. */
export function normalizeBatchItem(input: EventInput, index: number, now: number): HeraldEvent {
  try {
    return normalizeEvent(input, newId('evt', now), new Date(now));
  } catch (err) {
    const cause = err instanceof HeraldError ? err.cause : undefined;
    if (!(cause instanceof ZodError)) throw err;
    const item = schemaError(cause, { code: 'VALIDATION', at: String(index) });
    throw new HeraldError(item.code, `${item.message}; nothing of the batch was recorded`, { field: item.field, cause });
  }
}
