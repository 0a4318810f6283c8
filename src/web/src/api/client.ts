import type {
  AuditEntry, AuditQuery, Delivery, DeliveryDetail, DeliveryQuery, ErrorBody, EventDetail, EventQuery, HeraldEvent, Page, PlatformInfo,
  Preview, Role, Session, SilenceInput, SilenceView, TestResult, TokenView, UserView, WebhookInput, WebhookPatch, WebhookView,
} from './types.ts';

/**
 * The console's only door to Herald: typed calls over fetch. The session
 * cookie is HttpOnly, so the browser sends it (same origin) and this code never
 * sees it. Every non-2xx answer becomes an ApiError carrying the server's code,
 * message and field.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

type Listener = (err: ApiError) => void;
let onUnauthenticated: Listener = () => {};
let onForbidden: Listener = () => {};

/**
 * The session provider hears about any 401, so an expired session returns to
 * the login page, and any 403, so a role lowered meanwhile is picked up.
 */
export function setSessionListeners(listeners: { unauthenticated: Listener; forbidden: Listener }): void {
  onUnauthenticated = listeners.unauthenticated;
  onForbidden = listeners.forbidden;
}

const BASE = '/api/v1';

async function request<T>(method: string, path: string, body?: unknown, opts: { quiet?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, {
      method,
      credentials: 'same-origin',
      // The custom header makes every call a CORS-preflighted one, which a cross-site form cannot forge.
      headers: { accept: 'application/json', 'x-requested-with': 'herald-console', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Herald could not be reached; check that it is running.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown;
  try { parsed = text === '' ? undefined : JSON.parse(text); } catch { parsed = undefined; }
  if (res.ok) return parsed as T;

  const e = (parsed as Partial<ErrorBody> | undefined)?.error;
  const err = new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? (text || res.statusText), e?.field);
  if (!opts.quiet && res.status === 401) onUnauthenticated(err);
  if (!opts.quiet && res.status === 403) onForbidden(err);
  throw err;
}

const enc = encodeURIComponent;

/** The entries that have a value, for a query string. */
function defined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

export const api = {
  session: {
    get: () => request<Session>('GET', '/session', undefined, { quiet: true }),
    login: (username: string, password: string) => request<Session>('POST', '/session', { username, password }, { quiet: true }),
    logout: () => request<void>('DELETE', '/session', undefined, { quiet: true }),
  },
  platforms: () => request<{ items: PlatformInfo[] }>('GET', '/platforms').then((r) => r.items),
  webhooks: {
    list: () => request<{ items: WebhookView[] }>('GET', '/webhooks').then((r) => r.items),
    get: (id: string) => request<WebhookView>('GET', `/webhooks/${enc(id)}`),
    create: (body: WebhookInput) => request<WebhookView>('POST', '/webhooks', body),
    update: (id: string, patch: WebhookPatch) => request<WebhookView>('PUT', `/webhooks/${enc(id)}`, patch),
    remove: (id: string) => request<void>('DELETE', `/webhooks/${enc(id)}`),
    test: (id: string) => request<TestResult>('POST', `/webhooks/${enc(id)}/test`),
    preview: (id: string, eventId?: string) => request<Preview>('POST', `/webhooks/${enc(id)}/preview`, eventId === undefined ? {} : { eventId }),
    /** Newest first; `q` searches ids, the event's type, name, namespace and summary, and the last error; `since`/`until` are ISO times. */
    deliveries: (id: string, opts: DeliveryQuery & { limit?: number; cursor?: string } = {}) => {
      const { limit, ...rest } = opts;
      const q = new URLSearchParams({ limit: String(limit ?? 50), ...defined(rest) });
      return request<Page<Delivery>>('GET', `/webhooks/${enc(id)}/deliveries?${q}`);
    },
    deliveryStreamUrl: (id: string) => `${BASE}/webhooks/${enc(id)}/deliveries/stream`,
    recover: (id: string, since: string) => request<{ recovered: number }>('POST', `/webhooks/${enc(id)}/recover`, { since }),
  },
  deliveries: {
    get: (id: string) => request<DeliveryDetail>('GET', `/deliveries/${enc(id)}`),
    redeliver: (id: string) => request<Delivery>('POST', `/deliveries/${enc(id)}/redeliver`),
  },
  silences: {
    list: () => request<{ items: SilenceView[] }>('GET', '/silences').then((r) => r.items),
    create: (body: SilenceInput) => request<SilenceView>('POST', '/silences', body),
    expire: (id: string) => request<SilenceView>('DELETE', `/silences/${enc(id)}`),
  },
  users: {
    list: () => request<{ items: UserView[] }>('GET', '/users').then((r) => r.items),
    create: (body: { name: string; password: string; role: Role }) => request<UserView>('POST', '/users', body),
    update: (id: string, body: { role?: Role; password?: string; disabled?: boolean }) => request<UserView>('PUT', `/users/${enc(id)}`, body),
    remove: (id: string) => request<void>('DELETE', `/users/${enc(id)}`),
    changeOwnPassword: (currentPassword: string, newPassword: string) => request<void>('PUT', '/users/me/password', { currentPassword, newPassword }),
  },
  tokens: {
    list: () => request<{ items: TokenView[] }>('GET', '/tokens').then((r) => r.items),
    create: (body: { name: string; role?: Role; expiresInDays?: number }) => request<TokenView & { token: string }>('POST', '/tokens', body),
    revoke: (id: string) => request<void>('DELETE', `/tokens/${enc(id)}`),
  },
  audit: (query: AuditQuery = {}, cursor?: string) => request<Page<AuditEntry>>('GET', `/audit?${new URLSearchParams({ limit: '50', ...defined({ ...query, cursor }) })}`),
  events: {
    /** Events after `cursor`, oldest first; keep `nextCursor` to continue. */
    after: (cursor: string | null, limit = 200) => {
      const q = new URLSearchParams({ limit: String(limit), ...(cursor === null ? {} : { cursor }) });
      return request<Page<HeraldEvent>>('GET', `/events?${q}`);
    },
    /** Newest first, narrowed by the browser's filters; `nextCursor` continues to older ones. */
    browse: (query: EventQuery, cursor?: string, limit = 50) => {
      const q = new URLSearchParams({ limit: String(limit), order: 'desc', ...defined({ ...query, cursor }) });
      return request<Page<HeraldEvent>>('GET', `/events?${q}`);
    },
    get: (id: string) => request<EventDetail>('GET', `/events/${enc(id)}`),
    streamUrl: `${BASE}/events/stream`,
  },
};

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return `Not allowed: ${err.message}`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
