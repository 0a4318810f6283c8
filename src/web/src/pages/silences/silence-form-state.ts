import type { SilenceInput } from '../../api/types.ts';

/** The Silences page's create form as text, and the API body it becomes. */
export interface SilenceForm {
  comment: string;
  /** Hours from now (or from `startsAt`); the page offers a few. */
  hours: string;
  /** Blank starts now; otherwise a local `datetime-local` value. */
  startsAt: string;
  events: string;
  clusters: string;
  kinds: string;
  namespaces: string;
  actors: string;
}

export const MATCHER_KEYS = ['namespaces', 'kinds', 'clusters', 'events', 'actors'] as const;

export const emptySilenceForm = (): SilenceForm => ({
  comment: '', hours: '2', startsAt: '', events: '', clusters: '', kinds: '', namespaces: '', actors: '',
});

/** "a, !b" → ["a", "!b"]; blank leaves the matcher out (it selects every value). */
const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter((s) => s !== '');

export function silenceBody(f: SilenceForm, now: number): SilenceInput {
  const start = f.startsAt === '' ? now : new Date(f.startsAt).getTime();
  const matchers: Record<string, string[]> = {};
  for (const k of MATCHER_KEYS) if (list(f[k]).length > 0) matchers[k] = list(f[k]);
  return {
    matchers,
    ...(f.startsAt === '' ? {} : { startsAt: new Date(start).toISOString() }),
    endsAt: new Date(start + Number(f.hours) * 3_600_000).toISOString(),
    comment: f.comment.trim(),
  };
}

/** Which input an API error belongs to: `matchers.namespaces.1` → the namespaces field. */
export function silenceFieldKey(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const [head, second] = field.split('.');
  if (head === 'matchers') return second === undefined ? 'matchers' : `matchers.${second}`;
  if (head === 'endsAt') return 'hours';
  return head;
}

/** Matchers as one line a person scans: `namespaces=shop,!shop-keep actors=!system:*`. */
export function describeMatchers(m: SilenceInput['matchers']): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(m)) {
    if (!Array.isArray(v) || v.length === 0) continue;
    if (k === 'labels') parts.push(`labels: ${v.map((c) => `${(c as { key: string }).key} ${(c as { operator: string }).operator}`).join(', ')}`);
    else if (!(v.length === 1 && v[0] === '*')) parts.push(`${k}=${(v as string[]).join(',')}`);
  }
  return parts.join(' ');
}
