import type { SendRequest, SendResult } from '../http-sender.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { brokerFailure, withTimeout } from './broker-failure.ts';
import { ClientPool, fingerprintOf } from './client-pool.ts';
import type { ClosableSender } from './transport-senders.ts';

/**
 * What one broker or SMTP client library needs to say; PooledSender does the
 * rest the same way for all of them: parse the destination, resolve and check
 * the host with the SSRF guard, take the webhook's pooled client (opening one
 * to the checked address), publish within the webhook's timeout, and drop the
 * client when anything failed so the retry connects afresh.
 */
export interface BrokerDriver<Client, Target> {
  /** Names the broker in a timeout message. */
  name: string;
  /** The subject, exchange, topic, stream or recipients in the URL; throws VALIDATION (url). */
  target(url: URL): Target;
  /** What of the target needs a connection of its own (a vhost, a database); '' when nothing does. */
  connectionKey?(target: Target): string;
  /** Connects to `address`, the guard-checked address of the URL's host. */
  open(url: URL, address: string, req: SendRequest, target: Target): Promise<Client>;
  isOpen(client: Client): boolean;
  close(client: Client): Promise<void>;
  /** Resolves with what the broker confirmed; rejects when it did not take the message. */
  publish(client: Client, target: Target, req: SendRequest): Promise<string>;
}

export class PooledSender<Client, Target> implements ClosableSender {
  readonly #guard: SsrfGuard;
  readonly #driver: BrokerDriver<Client, Target>;
  readonly #pool: ClientPool<Client>;

  constructor(guard: SsrfGuard, driver: BrokerDriver<Client, Target>) {
    this.#guard = guard;
    this.#driver = driver;
    this.#pool = new ClientPool<Client>((c) => driver.close(c), (c) => driver.isOpen(c));
  }

  async send(req: SendRequest): Promise<SendResult> {
    const driver = this.#driver;
    try {
      const url = new URL(req.url);
      const target = driver.target(url);
      const fingerprint = fingerprintOf(url.protocol, url.host, driver.connectionKey?.(target) ?? '', req.auth, req.tls);
      const client = await this.#pool.get(req.poolKey, fingerprint,
        async () => driver.open(url, await this.#guard.resolve(url.hostname), req, target));
      try {
        return { ok: true, confirmed: await withTimeout(driver.publish(client, target, req), req.timeoutMs, driver.name) };
      } catch (err) {
        this.#pool.drop(req.poolKey);
        throw err;
      }
    } catch (err) {
      return brokerFailure(err);
    }
  }

  /** Closes every webhook's client (on stop). */
  close(): Promise<void> {
    return this.#pool.closeAll();
  }
}
