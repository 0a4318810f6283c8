import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { discoveryDocument } from './discovery.ts';
import { toEventsV1 } from './events-v1.ts';

/**
 * A fake Kubernetes API server for list/watch, following the documented
 * protocol (https://kubernetes.io/docs/reference/using-api/api-concepts/):
 * one cluster-wide, monotonically increasing resourceVersion; paged lists
 * (limit/continue) that are consistent snapshots carrying the list's
 * resourceVersion; `?watch=1&resourceVersion=N` streams newline-delimited
 * ADDED/MODIFIED/DELETED events after N, plus BOOKMARKs when asked; versions
 * older than the compaction point get 410 Gone (an ERROR event, or HTTP 410).
 *
 * Events live once, as the API server keeps them, and are served in both
 * groups: core v1 (`involvedObject`, `message`, `count`, `firstTimestamp`…)
 * and events.k8s.io/v1 (`regarding`, `note`, `deprecatedCount`…, `series`),
 * converted field by field as the API server's conversion does. Discovery
 * (`/api`, `/apis`, `/apis/<group>/<version>`) lists what is served;
 * `servesEventsV1 = false` makes the server one without events.k8s.io/v1.
 */

export interface Res { group: string; version: string; plural: string; kind: string; namespaced?: boolean }
export const DEPLOYMENTS: Res = { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' };
export const PODS: Res = { group: '', version: 'v1', plural: 'pods', kind: 'Pod' };
export const NODES: Res = { group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false };
export const JOBS: Res = { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job' };
/** Core v1 Events: how `create`/`update` take them (the storage shape). */
export const CORE_EVENTS: Res = { group: '', version: 'v1', plural: 'events', kind: 'Event' };
const EVENTS_V1_COLL = 'events.k8s.io/v1/events';

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
interface LogEntry { rv: number; type: EventType; coll: string; namespace: string; object: any }
interface Watch { coll: string; namespace: string | undefined; bookmarks: boolean; res: ServerResponse; view: (o: any) => any; sentRv: number }

function collKey(r: { group: string; version: string; plural: string }): string {
  return `${r.group}/${r.version}/${r.plural}`;
}
const clone = <T>(v: T): T => structuredClone(v);

export class FakeKubeApi {
  readonly #server: Server;
  #rv = 100;
  readonly #objects = new Map<string, { coll: string; obj: any }>(); // coll|ns|name → object
  readonly #kinds = new Map<string, string>(); // coll → kind
  readonly #log: LogEntry[] = [];
  readonly #watches = new Set<Watch>();
  readonly #snapshots = new Map<string, { rv: number; items: any[] }>();
  /** Watches from a resourceVersion below this get 410 Gone. */
  #compactedBelow = 0;
  /** How 410 is told: an ERROR watch event (what a real server usually does) or the HTTP status. */
  goneAs: 'event' | 'http' = 'event';
  /** While true, changes are recorded but not streamed to open watches (a lagging watch cache); see releaseHeld(). */
  holdEvents = false;
  /** False: a server without the events.k8s.io group (discovery 404, its paths 404), as before Kubernetes 1.19. */
  servesEventsV1 = true;
  /** Every request as `path?query`, for assertions about the protocol. */
  readonly requests: string[] = [];
  url = '';
  readonly token: string | undefined;

  private constructor(token: string | undefined, tls: { cert: string; key: string } | undefined) {
    this.token = token;
    const handle = (req: IncomingMessage, res: ServerResponse) => this.#handle(req, res);
    // HTTPS as a real API server speaks it, for clients that refuse plain HTTP (client-node in-cluster).
    this.#server = tls === undefined ? createServer(handle) : createHttpsServer({ cert: tls.cert, key: tls.key }, handle) as unknown as Server;
  }

  static async start(opts: { token?: string; tls?: { cert: string; key: string } } = {}): Promise<FakeKubeApi> {
    const api = new FakeKubeApi(opts.token, opts.tls);
    await new Promise<void>((r) => api.#server.listen(0, '127.0.0.1', r));
    api.url = `${opts.tls === undefined ? 'http' : 'https'}://127.0.0.1:${(api.#server.address() as AddressInfo).port}`;
    return api;
  }

  get resourceVersion(): number {
    return this.#rv;
  }

  get openWatches(): number {
    return this.#watches.size;
  }

  async close(): Promise<void> {
    this.dropConnections();
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }

  // ---- helpers that change the cluster --------------------------------------------------

  create(r: Res, obj: any): any {
    const o = clone(obj);
    o.apiVersion = r.group === '' ? r.version : `${r.group}/${r.version}`;
    o.kind = r.kind;
    o.metadata = { ...o.metadata, uid: randomUUID(), generation: 1, creationTimestamp: new Date().toISOString() };
    if (r.namespaced === false) delete o.metadata.namespace;
    else o.metadata.namespace ??= 'default';
    const key = this.#key(r, o.metadata.namespace ?? '', o.metadata.name);
    if (this.#objects.has(key)) throw new Error(`${key} exists`);
    this.#kinds.set(collKey(r), r.kind);
    return this.#record(r, 'ADDED', key, o);
  }

  update(r: Res, namespace: string, name: string, mutate: (o: any) => void): any {
    const key = this.#key(r, namespace, name);
    const cur = this.#objects.get(key)?.obj;
    if (cur === undefined) throw new Error(`${key} not found`);
    const o = clone(cur);
    mutate(o);
    if (JSON.stringify(o.spec) !== JSON.stringify(cur.spec)) o.metadata.generation = (cur.metadata.generation ?? 1) + 1;
    return this.#record(r, 'MODIFIED', key, o);
  }

  scale(r: Res, namespace: string, name: string, replicas: number): any {
    return this.update(r, namespace, name, (o) => { o.spec.replicas = replicas; });
  }

  /** What controllers do all day: status-only churn that must not become events. */
  setStatus(r: Res, namespace: string, name: string, status: object): any {
    return this.update(r, namespace, name, (o) => { o.status = { ...status, lastUpdateTime: new Date().toISOString() }; });
  }

  delete(r: Res, namespace: string, name: string): any {
    const key = this.#key(r, namespace, name);
    const cur = this.#objects.get(key)?.obj;
    if (cur === undefined) throw new Error(`${key} not found`);
    return this.#record(r, 'DELETED', key, clone(cur));
  }

  /** Sends a BOOKMARK at the current resourceVersion to every watch that asked for them. */
  bookmark(): number {
    for (const w of this.#watches) {
      if (!w.bookmarks) continue;
      const kind = this.#kinds.get(w.coll) ?? 'Unknown';
      this.#send(w, { type: 'BOOKMARK', object: { kind, apiVersion: 'v1', metadata: { resourceVersion: String(this.#rv) } } });
    }
    return this.#rv;
  }

  /** Bumps the resourceVersion as a change to some unwatched resource would. */
  bumpResourceVersion(by = 1): number {
    this.#rv += by;
    return this.#rv;
  }

  /**
   * The lagging watch cache catching up: stops holding and streams to every
   * open watch, in order, the changes it has not been sent yet. The events of
   * one watch go in one write, as a burst arriving together.
   */
  releaseHeld(): void {
    this.holdEvents = false;
    for (const w of this.#watches) {
      const out: string[] = [];
      for (const e of this.#log) {
        if (e.rv > w.sentRv && matches(w, e)) out.push(`${JSON.stringify({ type: e.type, object: w.view(clone(e.object)) })}\n`);
      }
      if (out.length > 0) w.res.write(out.join(''));
      w.sentRv = this.#rv;
    }
  }

  /** Forgets history: watching from any version older than the current one gets 410 Gone. */
  compact(): void {
    this.#compactedBelow = this.#rv;
    this.#log.length = 0;
  }

  /** Tells open watches 410 Gone (ERROR event) and ends them, as a real server does after compaction. */
  expireWatches(): void {
    for (const w of [...this.#watches]) {
      this.#send(w, { type: 'ERROR', object: gone(Number(this.#rv)) });
      w.res.end();
      this.#watches.delete(w);
    }
  }

  /** Ends open watches normally, as a server-side timeout does. */
  endWatches(): void {
    for (const w of [...this.#watches]) { w.res.end(); this.#watches.delete(w); }
  }

  /** Kills open watch connections mid-stream (a network failure). */
  dropConnections(): void {
    for (const w of [...this.#watches]) { w.res.socket?.destroy(); this.#watches.delete(w); }
  }

  // ---- protocol ---------------------------------------------------------------------------

  #key(r: Res, namespace: string, name: string): string {
    return `${collKey(r)}|${r.namespaced === false ? '' : namespace}|${name}`;
  }

  #record(r: Res, type: EventType, key: string, o: any): any {
    o.metadata.resourceVersion = String(++this.#rv);
    if (type === 'DELETED') this.#objects.delete(key);
    else this.#objects.set(key, { coll: collKey(r), obj: o });
    const entry: LogEntry = { rv: this.#rv, type, coll: collKey(r), namespace: o.metadata.namespace ?? '', object: clone(o) };
    this.#log.push(entry);
    if (!this.holdEvents) {
      for (const w of this.#watches) {
        if (matches(w, entry)) this.#send(w, { type, object: w.view(clone(entry.object)) });
        w.sentRv = this.#rv;
      }
    }
    return clone(o);
  }

  #inColl(coll: string, namespace: string | undefined): any[] {
    return [...this.#objects.values()]
      .filter((e) => e.coll === coll && (namespace === undefined || e.obj.metadata.namespace === namespace))
      .map((e) => e.obj);
  }

  #send(w: Watch, ev: object): void {
    w.res.write(`${JSON.stringify(ev)}\n`);
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push(req.url ?? '');
    if (this.token !== undefined && req.headers.authorization !== `Bearer ${this.token}`) {
      return json(res, 401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && this.#discovery(res, url.pathname)) return;
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(url.pathname);
    if (m === null || req.method !== 'GET') return json(res, 404, { kind: 'Status', code: 404, reason: 'NotFound' });
    let coll = m[1] !== undefined ? `/v1/${m[5]}` : `${m[2]}/${m[3]}/${m[5]}`;
    let view = (o: any) => o;
    if (coll === EVENTS_V1_COLL) {
      if (!this.servesEventsV1) return json(res, 404, { kind: 'Status', code: 404, reason: 'NotFound' });
      coll = collKey(CORE_EVENTS);
      view = toEventsV1;
    }
    const namespace = m[4] === undefined ? undefined : decodeURIComponent(m[4]);
    const q = url.searchParams;
    if (q.get('watch') === '1' || q.get('watch') === 'true') return this.#watch(res, coll, namespace, q, view);
    return this.#list(res, coll, namespace, q, view);
  }

  /** Discovery documents (discovery.ts) for what this server serves. */
  #discovery(res: ServerResponse, path: string): boolean {
    const served = [...this.#kinds.entries()].map(([coll, kind]) => ({ coll, kind }));
    if (this.servesEventsV1) served.push({ coll: EVENTS_V1_COLL, kind: 'Event' });
    const doc = discoveryDocument(path, served);
    if (doc === undefined) return false;
    json(res, doc.status, doc.body);
    return true;
  }

  #list(res: ServerResponse, coll: string, namespace: string | undefined, q: URLSearchParams, view: (o: any) => any): void {
    let snap: { rv: number; items: any[] };
    let offset = 0;
    const cont = q.get('continue');
    if (cont !== null && cont !== '') {
      const [id, off] = cont.split(':');
      const found = this.#snapshots.get(id!);
      if (found === undefined) return json(res, 410, gone(this.#rv));
      snap = found;
      offset = Number(off);
    } else {
      const items = this.#inColl(coll, namespace)
        .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
        // Like a real server, list items carry no kind/apiVersion.
        .map((o) => { const { kind: _k, apiVersion: _a, ...rest } = view(clone(o)); return rest; });
      snap = { rv: this.#rv, items };
    }
    const limit = Number(q.get('limit') ?? 0) || snap.items.length;
    const page = snap.items.slice(offset, offset + limit);
    let next: string | undefined;
    if (offset + limit < snap.items.length) {
      const id = randomUUID();
      this.#snapshots.set(id, snap);
      next = `${id}:${offset + limit}`;
    }
    json(res, 200, {
      kind: 'List', apiVersion: 'v1',
      metadata: { resourceVersion: String(snap.rv), ...(next === undefined ? {} : { continue: next }) },
      items: page,
    });
  }

  #watch(res: ServerResponse, coll: string, namespace: string | undefined, q: URLSearchParams, view: (o: any) => any): void {
    const from = q.get('resourceVersion');
    const fromRv = from === null || from === '' ? 0 : Number(from);
    if (fromRv !== 0 && fromRv < this.#compactedBelow && this.goneAs === 'http') return json(res, 410, gone(this.#rv));
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // The API server answers a watch at once, events or not; Node would hold the headers until the first write.
    res.flushHeaders();
    const w: Watch = { coll, namespace, bookmarks: q.get('allowWatchBookmarks') === 'true', res, view, sentRv: this.#rv };
    if (fromRv !== 0 && fromRv < this.#compactedBelow) {
      this.#send(w, { type: 'ERROR', object: gone(this.#rv) });
      return void res.end();
    }
    if (fromRv === 0) {
      // No version: the documented "start at most recent" with synthetic ADDEDs for what exists.
      for (const o of this.#inColl(coll, namespace)) this.#send(w, { type: 'ADDED', object: view(clone(o)) });
    } else {
      for (const e of this.#log) if (e.rv > fromRv && matches(w, e)) this.#send(w, { type: e.type, object: view(clone(e.object)) });
    }
    this.#watches.add(w);
    res.on('close', () => this.#watches.delete(w));
    const timeout = Number(q.get('timeoutSeconds') ?? 0);
    if (timeout > 0) {
      const timer = setTimeout(() => { this.#watches.delete(w); res.end(); }, timeout * 1000);
      res.on('close', () => clearTimeout(timer));
    }
  }
}

function matches(w: Watch, e: LogEntry): boolean {
  return w.coll === e.coll && (w.namespace === undefined || w.namespace === e.namespace);
}

function gone(rv: number) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: `too old resource version: (${rv})`, reason: 'Expired', code: 410 };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
