import type { LabelCondition, WebhookInput, WebhookPatch, WebhookView } from '../../api/types.ts';

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
}

let nextRowId = 1;
export const newLabelRow = (): LabelRow => ({ rowId: nextRowId++, key: '', operator: 'In', values: '' });

export const takesValues = (op: Operator): boolean => op === 'In' || op === 'NotIn';

export function emptyForm(platform: string): WebhookForm {
  return {
    name: '', platform, url: '', secret: '', removeSecret: false,
    authType: 'none', token: '', username: '', password: '', insecureSkipVerify: false, enabled: true,
    events: '*', clusters: '*', kinds: '*', namespaces: '*', actors: '*', reasons: '*', fields: '', labels: [],
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
  };
}

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

export function createBody(f: WebhookForm): WebhookInput {
  return {
    name: f.name, platform: f.platform, url: f.url.trim(), enabled: f.enabled,
    ...(f.secret === '' ? {} : { secret: f.secret }),
    auth: auth(f), tls: { insecureSkipVerify: f.insecureSkipVerify }, filters: filters(f),
  };
}

export interface FormProblem { field: string; message: string }

/**
 * A PUT that changes only what the form shows: retry, headers, template and a
 * CA bundle keep their values, credentials are sent only when retyped, and
 * `enabled` is left to the switch beside the title.
 */
export function updateBody(f: WebhookForm, original: WebhookView): { patch: WebhookPatch } | { problem: FormProblem } {
  const usernameChanged = f.authType === 'basic' && f.username.trim() !== (original.auth.username ?? '');
  const authChanged = f.authType !== original.auth.type || f.token !== '' || f.password !== '' || usernameChanged;
  if (authChanged && f.authType === 'basic' && f.password === '' && original.auth.type === 'basic') {
    return { problem: { field: 'auth.password', message: 'Enter the password again to change basic authentication.' } };
  }
  const secret = f.removeSecret ? { secret: null } : f.secret === '' ? {} : { secret: f.secret };
  return {
    patch: {
      name: f.name, platform: f.platform, url: f.url.trim(), ...secret,
      ...(authChanged ? { auth: auth(f) } : {}),
      tls: { ...original.tls, insecureSkipVerify: f.insecureSkipVerify },
      filters: filters(f),
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
    case 'filters':
      if (p[1] === 'labels') {
        if (p[2] === undefined) return 'filters.labels';
        return `filters.labels.${p[2]}.${p[3] === 'values' || p[3] === 'operator' ? p[3] : 'key'}`;
      }
      return p[1] === undefined ? undefined : `filters.${p[1]}`;
    default: return undefined;
  }
}
