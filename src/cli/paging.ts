import type { ActionContext, OptionSpec } from './command.ts';

/** --cursor / --limit for the API's cursor pages, and the hint that prints how to get the next one. */
export function pageOptions(defaultLimit: number): Record<string, OptionSpec> {
  return {
    limit: { type: 'string', value: 'N', help: `how many (default ${defaultLimit})` },
    cursor: { type: 'string', value: 'CURSOR', help: 'continue after this cursor (printed after a full page)' },
  };
}

/** On stderr, so `-o json | jq` and `> file` get the data alone. */
export function printNextPage(ctx: ActionContext, nextCursor: string | null | undefined): void {
  if (ctx.format === 'table' && nextCursor) ctx.io.err(`more: --cursor ${nextCursor}\n`);
}
