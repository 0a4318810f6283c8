import type { GroupField, LabelCondition, PlatformField, WebhookInput, WebhookPatch, WebhookView } from '../../api/types.ts';

/**
 * The webhook form as the page edits it (strings and rows), and the
 * conversions to and from the API. Pure, so the rules live in one place:
 * comma lists default to "*", write-only values are sent only when typed.
 */
export const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
export type Operator = (typeof OPERATORS)[number];
export type AuthType = 'none' | 'bearer' | 'basic';

export interface LabelRow { rowId: number; key: string; operator: Operator; values: string }

export interface WebhookForm {
  name: string;
  platform: string;
  url: string;
  /** A new secret; empty keeps the current one. */
  secret: string;
  removeSecret: boolean;
  authType: AuthType;
  token: string;
  username: string;
  password: string;
  insecureSkipVerify: boolean;
  enabled: boolean;
  events: string;
  clusters: string;
  kinds: string;
  namespaces: string;
  actors: string;
  /** Changed paths an update must touch; blank sends every update. */
  fields: string;
  reasons: string;
  labels: LabelRow[];
  /** The platform's own fields as typed, keyed without the `platformOptions.` prefix. */
  options: Record<string, string>;
  /** 'default' leaves grouping to the platform (on for chat, off for custom HTTP). */
  groupingMode: GroupingMode;
  groupBy: GroupField[];
  groupWait: string;
  groupInterval: string;
  groupMax: string;
  /** Blank: the platform's documented limit. */
  ratePerMinute: string;
}

// Keyed by core's GroupField, so a field core adds fails the type check here instead of missing from the form.
// Object.keys keeps this order, which is the order the checkboxes show and `by` is sent in.
const GROUP_FIELD_SET: Record<GroupField, true> = { cluster: true, namespace: true, resource: true, event: true, source: true, name: true };
export const GROUP_FIELDS = Object.keys(GROUP_FIELD_SET) as GroupField[];
export type { GroupField };
export type GroupingMode = 'default' | 'on' | 'off';
type Grouping = NonNullable<WebhookView['grouping']>;

let nextRowId = 1;
export const newLabelRow = (): LabelRow => ({ rowId: nextRowId++, key: '', operator: 'In', values: '' });

export const takesValues = (op: Operator): boolean => op === 'In' || op === 'NotIn';

export function emptyForm(platform: string): WebhookForm {
  return {
    name: '', platform, url: '', secret: '', removeSecret: false,
    authType: 'none', token: '', username: '', password: '', insecureSkipVerify: false, enabled: true,
    events: '*', clusters: '*', kinds: '*', namespaces: '*', actors: '*', reasons: '*', fields: '', labels: [],
    options: {}, groupingMode: 'default', groupBy: ['cluster'], groupWait: '0', groupInterval: '0', groupMax: '50', ratePerMinute: '',
  };
}

export function formFromView(w: WebhookView): WebhookForm {
  return {
    ...emptyForm(w.platform),
    name: w.name, url: w.url, enabled: w.enabled,
    authType: w.auth.type, username: w.auth.username ?? '',
    insecureSkipVerify: w.tls.insecureSkipVerify ?? false,
    events: joinList(w.filters.events), clusters: joinList(w.filters.clusters),
    kinds: joinList(w.filters.kinds), namespaces: joinList(w.filters.namespaces),
    actors: joinList(w.filters.actors), reasons: joinList(w.filters.reasons), fields: (w.filters.fields ?? []).join(', '),
    labels: (w.filters.labels ?? []).map((c) => ({ ...newLabelRow(), key: c.key, operator: c.operator, values: (c.values ?? []).join(', ') })),
    options: Object.fromEntries(Object.entries(w.platformOptions ?? {}).map(([k, v]) => [k, String(v)])),
    ...groupingFromView(w.grouping),
    ratePerMinute: w.ratePerMinute === undefined ? '' : String(w.ratePerMinute),
  };
}

function groupingFromView(g: Grouping | undefined): Pick<WebhookForm, 'groupingMode' | 'groupBy' | 'groupWait' | 'groupInterval' | 'groupMax'> {
  if (g === undefined) return { groupingMode: 'default', groupBy: ['cluster'], groupWait: '0', groupInterval: '0', groupMax: '50' };
  return {
    groupingMode: g.enabled ? 'on' : 'off', groupBy: [...g.by],
    groupWait: String(g.waitSeconds), groupInterval: String(g.intervalSeconds), groupMax: String(g.maxEvents),
  };
}

const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

/** The platform's options typed as its fields say; blanks are left out so the server's default or "required" applies. */
export function optionsBody(f: WebhookForm, fields: readonly PlatformField[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const field of fields) {
    if (!field.name.startsWith('platformOptions.')) continue;
    const key = field.name.slice('platformOptions.'.length);
    const text = (f.options[key] ?? '').trim();
    if (text === '') continue;
    // A chat id may be "@channel" or a number; the server takes either as typed text.
    out[key] = field.type === 'integer' || field.type === 'number' ? num(text) : field.type === 'boolean' ? text === 'true' : text;
  }
  return out;
}

/** The grouping as the API takes it; undefined means the platform's default. */
export function groupingBody(f: WebhookForm): Grouping | undefined {
  switch (f.groupingMode) {
    case 'default': return undefined;
    case 'off': return { enabled: false, by: f.groupBy, waitSeconds: num(f.groupWait), intervalSeconds: num(f.groupInterval), maxEvents: num(f.groupMax) };
    case 'on': return { enabled: true, by: f.groupBy, waitSeconds: num(f.groupWait), intervalSeconds: num(f.groupInterval), maxEvents: num(f.groupMax) };
  }
}

const rateBody = (f: WebhookForm): number | undefined => (f.ratePerMinute.trim() === '' ? undefined : num(f.ratePerMinute));

const joinList = (items: readonly string[] | undefined): string => (items === undefined || items.length === 0 ? '*' : items.join(', '));

/** "a, b" → ["a", "b"]; blank means every value ("*"). */
export function splitList(text: string): string[] {
  const items = splitValues(text);
  return items.length === 0 ? ['*'] : items;
}

const splitValues = (text: string): string[] => text.split(',').map((s) => s.trim()).filter((s) => s !== '');

function labelCondition(row: LabelRow): LabelCondition {
  const key = row.key.trim();
  switch (row.operator) {
    case 'In':
    case 'NotIn': return { key, operator: row.operator, values: splitValues(row.values) };
    case 'Exists':
    case 'DoesNotExist': return { key, operator: row.operator };
  }
}

function filters(f: WebhookForm) {
  return {
    events: splitList(f.events), clusters: splitList(f.clusters), kinds: splitList(f.kinds),
    namespaces: splitList(f.namespaces), actors: splitList(f.actors), reasons: splitList(f.reasons), fields: splitValues(f.fields),
    labels: f.labels.map(labelCondition),
  };
}

function auth(f: WebhookForm): NonNullable<WebhookInput['auth']> {
  switch (f.authType) {
    case 'none': return { type: 'none' };
    case 'bearer': return { type: 'bearer', token: f.token };
    case 'basic': return { type: 'basic', username: f.username.trim(), password: f.password };
  }
}

/** `fields` are the selected platform's, from GET /api/v1/platforms: only its options are sent. */
export function createBody(f: WebhookForm, fields: readonly PlatformField[] = []): WebhookInput {
  const grouping = groupingBody(f);
  const rate = rateBody(f);
  return {
    name: f.name, platform: f.platform, url: f.url.trim(), enabled: f.enabled,
    ...(f.secret === '' ? {} : { secret: f.secret }),
    auth: auth(f), tls: { insecureSkipVerify: f.insecureSkipVerify }, filters: filters(f),
    platformOptions: optionsBody(f, fields),
    ...(grouping === undefined ? {} : { grouping }), ...(rate === undefined ? {} : { ratePerMinute: rate }),
  };
}

export interface FormProblem { field: string; message: string }

/**
 * A PUT that changes only what the form shows: retry, headers, template and a
 * CA bundle keep their values, credentials are sent only when retyped, and
 * `enabled` is left to the switch beside the title.
 */
export function updateBody(f: WebhookForm, original: WebhookView, fields: readonly PlatformField[] = []): { patch: WebhookPatch } | { problem: FormProblem } {
  const usernameChanged = f.authType === 'basic' && f.username.trim() !== (original.auth.username ?? '');
  const authChanged = f.authType !== original.auth.type || f.token !== '' || f.password !== '' || usernameChanged;
  if (authChanged && f.authType === 'basic' && f.password === '' && original.auth.type === 'basic') {
    return { problem: { field: 'auth.password', message: 'Enter the password again to change basic authentication.' } };
  }
  const secret = f.removeSecret ? { secret: null } : f.secret === '' ? {} : { secret: f.secret };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const before = formFromView(original);
  const options = optionsBody(f, fields);
  const optionsChanged = f.platform !== original.platform || !same(options, optionsBody(before, fields));
  const grouping = groupingBody(f);
  const rate = rateBody(f);
  return {
    patch: {
      name: f.name, platform: f.platform, url: f.url.trim(), ...secret,
      ...(authChanged ? { auth: auth(f) } : {}),
      tls: { ...original.tls, insecureSkipVerify: f.insecureSkipVerify },
      filters: filters(f),
      ...(optionsChanged ? { platformOptions: options } : {}),
      // null goes back to the platform's default.
      ...(same(grouping, original.grouping) ? {} : { grouping: grouping ?? null }),
      ...(rate === original.ratePerMinute ? {} : { ratePerMinute: rate ?? null }),
    },
  };
}

/**
 * Which input an API error belongs to: `filters.events.2` → the events list,
 * `filters.labels.1.values.0` → that row's values. Undefined when the form has
 * no input for it (the error is then shown above the form).
 */
export function fieldKey(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const p = field.split('.');
  switch (p[0]) {
    case 'name': case 'platform': case 'url': case 'secret': case 'enabled': return p[0];
    case 'auth': return p[1] === 'token' || p[1] === 'username' || p[1] === 'password' ? `auth.${p[1]}` : 'auth.type';
    case 'tls': return 'tls.insecureSkipVerify';
    case 'platformOptions': return p[1] === undefined ? undefined : `platformOptions.${p[1]}`;
    case 'grouping': return p[1] === 'by' || p[1] === 'waitSeconds' || p[1] === 'intervalSeconds' || p[1] === 'maxEvents' ? `grouping.${p[1]}` : 'grouping.enabled';
    case 'ratePerMinute': return 'ratePerMinute';
    case 'filters':
      if (p[1] === 'labels') {
        if (p[2] === undefined) return 'filters.labels';
        return `filters.labels.${p[2]}.${p[3] === 'values' || p[3] === 'operator' ? p[3] : 'key'}`;
      }
      return p[1] === undefined ? undefined : `filters.${p[1]}`;
    default: return undefined;
  }
}
