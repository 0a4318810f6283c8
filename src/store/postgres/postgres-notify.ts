import pg from 'pg';
import { quoteIdent } from './postgres-db.ts';

/**
 * Replicas wake each other's dispatchers through LISTEN/NOTIFY instead of
 * waiting for their idle poll: recording deliveries NOTIFYs WAKE_CHANNEL in
 * the same statement (postgres-record-event.ts), with the schema as payload so
 * stores in other schemas of the same database ignore it. Each store LISTENs
 * on one dedicated connection, outside the pool (a pooled connection would be
 * handed back and its LISTEN lost), and reconnects with backoff when it drops;
 * after a reconnect it wakes once, since a notification sent meanwhile is gone.
 * The idle poll stays as the safety net.
 */

export const WAKE_CHANNEL = 'herald_wake';

export interface WakeListenerOptions {
  url: string;
  schema: string | undefined;
  onWake: () => void;
  onError?: (err: Error) => void;
  maxBackoffMs?: number;
}

export class WakeListener {
  readonly #o: WakeListenerOptions;
  #client: pg.Client | undefined;
  #closed = false;
  #backoff = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Resolves when the first LISTEN is in place (or the first attempt failed); tests wait on it. */
  readonly ready: Promise<void>;
  #readyResolve!: () => void;
  /** Connections made, for tests of the reconnect. */
  connects = 0;

  constructor(opts: WakeListenerOptions) {
    this.#o = opts;
    this.ready = new Promise((resolve) => { this.#readyResolve = resolve; });
    void this.#connect();
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.#o.url,
      ...(this.#o.schema === undefined ? {} : { options: `-c search_path=${quoteIdent(this.#o.schema)}` }),
    });
    this.#client = client;
    client.on('error', (err) => this.#dropped(client, err));
    client.on('end', () => this.#dropped(client, new Error('LISTEN connection ended')));
    try {
      await client.connect();
      const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
      const schema = rows[0]!.schema;
      client.on('notification', (msg) => {
        if (msg.channel === WAKE_CHANNEL && msg.payload === schema) this.#o.onWake();
      });
      await client.query(`LISTEN ${WAKE_CHANNEL}`);
      this.connects++;
      if (this.connects > 1) this.#o.onWake();
      this.#backoff = 0;
    } catch (err) {
      this.#dropped(client, err as Error);
    } finally {
      this.#readyResolve();
    }
  }

  #dropped(client: pg.Client, err: Error): void {
    if (this.#client !== client || this.#closed) return;
    this.#client = undefined;
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    this.#o.onError?.(err);
    this.#backoff = Math.min(Math.max(this.#backoff * 2, 100), this.#o.maxBackoffMs ?? 30_000);
    this.#timer = setTimeout(() => void this.#connect(), this.#backoff);
  }

  /** The backend pid of the listening connection, for tests that cut it. */
  get pid(): number | undefined {
    return (this.#client as unknown as { processID?: number } | undefined)?.processID;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}
