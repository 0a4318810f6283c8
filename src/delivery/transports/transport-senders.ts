import type { Transport } from '../../platforms/platform.ts';
import type { SendRequest, SendResult, Sender } from '../http-sender.ts';

/**
 * The send step's registry: one sender per transport, picked by the transport
 * the platform declared. The dispatcher sees one Sender and needs no branch
 * per destination kind; a transport without a sender here is refused, not tried.
 */
export interface ClosableSender extends Sender { close(): Promise<void> }

export class TransportSenders implements Sender {
  readonly #senders: Partial<Record<Transport, ClosableSender>>;

  constructor(senders: Partial<Record<Transport, ClosableSender>>) {
    this.#senders = senders;
  }

  send(req: SendRequest): Promise<SendResult> {
    const sender = this.#senders[req.transport];
    if (sender === undefined) return Promise.resolve({ ok: false, error: `no sender for the ${req.transport} transport`, permanent: true });
    return sender.send(req);
  }

  /** Closes every pooled connection of every transport (on stop). */
  async close(): Promise<void> {
    await Promise.allSettled(Object.values(this.#senders).map((s) => s.close()));
  }
}
