import { HeraldError } from '../core/errors.ts';
import type { ActionContext, OptionSpec } from './command.ts';

const UNIT_MS = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 } as const;

/** The help every time option shares. */
export function timeOptionSpec(what: string): OptionSpec {
  return { type: 'string', value: 'TIME', help: `${what}: an ISO time (2026-12-01T08:00:00Z) or an age: 30m, 6h, 2d` };
}

/**
 * A time option as an ISO time for the API: an ISO time as given, or an age
 * (`6h` = six hours ago); undefined when not given. Anything else is a usage error naming the option.
 */
export function timeOption(ctx: ActionContext, name: string): string | undefined {
  const value = ctx.string(name);
  if (value === undefined) return undefined;
  const age = /^(\d+)([smhd])$/.exec(value);
  if (age !== null) return new Date(Date.now() - Number(age[1]) * UNIT_MS[age[2] as keyof typeof UNIT_MS]).toISOString();
  if (Number.isNaN(Date.parse(value))) throw new HeraldError('CONFIG_INVALID', `--${name} ${value}: expected an ISO time or an age such as 30m, 6h, 2d`, name);
  return new Date(value).toISOString();
}
