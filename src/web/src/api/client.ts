import type {
  Delivery, DeliveryDetail, ErrorBody, HeraldEvent, Page, PlatformInfo, Session,
  SilenceInput, SilenceView, TestResult, WebhookInput, WebhookPatch, WebhookView,
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
    test: (id: string) => request<TestResult>('POST', `/webhooks/${enc(id)}/test`),
    deliveries: (id: string, opts: { limit?: number; cursor?: string } = {}) => {
      const q = new URLSearchParams({ limit: String(opts.limit ?? 50), ...(opts.cursor === undefined ? {} : { cursor: opts.cursor }) });
      return request<Page<Delivery>>('GET', `/webhooks/${enc(id)}/deliveries?${q}`);
    },
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
  events: {
    /** Events after `cursor`, oldest first; keep `nextCursor` to continue. */
    after: (cursor: string | null, limit = 200) => {
      const q = new URLSearchParams({ limit: String(limit), ...(cursor === null ? {} : { cursor }) });
      return request<Page<HeraldEvent>>('GET', `/events?${q}`);
    },
  },
};

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403) return `Not allowed: ${err.message}`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
