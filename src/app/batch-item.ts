import { ZodError } from 'zod';
import { HeraldError } from '../core/errors.ts';
import { checkEventInput, type CheckedEventInput, type EventInput } from '../core/event.ts';
import { schemaError } from '../core/schema-error.ts';

/** Validates item `index` of a batch; a schema failure names the item and its field, e.g. `33.timestamp`. */
export function checkBatchItem(input: EventInput, index: number): CheckedEventInput {
  try {
    return checkEventInput(input);
  } catch (err) {
    const cause = err instanceof HeraldError ? err.cause : undefined;
    if (!(cause instanceof ZodError)) throw err;
    const item = schemaError(cause, { code: 'VALIDATION', at: String(index) });
    throw new HeraldError(item.code, `${item.message}; nothing of the batch was recorded`, { field: item.field, cause });
  }
}
