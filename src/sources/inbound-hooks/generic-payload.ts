import type { EventInput } from '../../core/event.ts';

/**
 * Turns an arbitrary sender's JSON (or query string) into an event. A payload
 * that already looks like a Herald event keeps its fields; anything else
 * becomes `eventType` with the payload kept under `data`.
 */
export function genericEvent(payload: unknown, opts: { source: string; cluster: string; eventType: string }): EventInput {
  const p = (payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? payload : { value: payload }) as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof p[key] === 'string' ? (p[key] as string) : undefined);
  const labels = isStringRecord(p.labels) ? p.labels : {};
  const event = str('event');
  return {
    event: event !== undefined && /^[a-z][a-z0-9_.-]*$/.test(event) ? event : opts.eventType,
    cluster: str('cluster') ?? opts.cluster,
    namespace: str('namespace') ?? '',
    resource: str('resource') ?? str('kind') ?? '',
    name: str('name') ?? '',
    actor: str('actor') ?? str('user') ?? '',
    summary: (str('summary') ?? str('message') ?? str('text') ?? str('title') ?? '').slice(0, 4000),
    labels,
    source: opts.source,
    data: p,
  };
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}
