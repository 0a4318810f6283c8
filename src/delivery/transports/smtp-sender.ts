import nodemailer, { type Transporter } from 'nodemailer';
import { emailTarget, type EmailMessage } from '../../platforms/email.ts';
import type { SendRequest, SendResult } from '../http-sender.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { brokerFailure, withTimeout } from './broker-failure.ts';
import { ClientPool, fingerprintOf } from './client-pool.ts';
import { brokerTls } from './tls-options.ts';
import type { ClosableSender } from './transport-senders.ts';

/**
 * Sends email with nodemailer over a pooled SMTP connection per webhook.
 * `smtp://` requires STARTTLS (a server that does not offer it is refused, so
 * a password never crosses in clear); `smtps://` is TLS from the first byte.
 * The server's "250 queued" is the confirmation. The Message-ID comes from the
 * delivery id, so a retry after a lost reply is recognisable as the same mail.
 */
export class SmtpSender implements ClosableSender {
  readonly #guard: SsrfGuard;
  readonly #pool = new ClientPool<Transporter>(async (t) => { t.close(); }, () => true);

  constructor(guard: SsrfGuard) {
    this.#guard = guard;
  }

  async send(req: SendRequest): Promise<SendResult> {
    try {
      const url = new URL(req.url);
      const target = emailTarget(url);
      const message = JSON.parse(req.body) as EmailMessage;
      const transport = await this.#pool.get(req.poolKey, fingerprintOf(url.host, url.protocol, req.auth, req.tls), () => this.#open(url, req));
      try {
        const info = await withTimeout(transport.sendMail({
          from: target.from, to: target.to, subject: message.subject, text: message.text, html: message.html,
          messageId: `<${req.messageId}@herald>`,
        }), req.timeoutMs, 'SMTP');
        return { ok: true, confirmed: `${info.response}` };
      } catch (err) {
        this.#pool.drop(req.poolKey);
        throw err;
      }
    } catch (err) {
      return brokerFailure(err);
    }
  }

  async #open(url: URL, req: SendRequest): Promise<Transporter> {
    const address = await this.#guard.resolve(url.hostname);
    const implicit = url.protocol === 'smtps:';
    return nodemailer.createTransport({
      pool: true, maxConnections: 2,
      host: address, port: url.port === '' ? (implicit ? 465 : 587) : Number(url.port),
      secure: implicit, requireTLS: !implicit,
      name: 'herald',
      tls: brokerTls(url, req.tls),
      ...(req.auth.type === 'basic' ? { auth: { user: req.auth.username, pass: req.auth.password } } : {}),
      connectionTimeout: req.timeoutMs, greetingTimeout: req.timeoutMs, socketTimeout: req.timeoutMs,
    });
  }

  close(): Promise<void> {
    return this.#pool.closeAll();
  }
}
