import type { Transporter } from 'nodemailer';
import { emailTarget, type EmailMessage, type EmailTarget } from '../../platforms/email.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { PooledSender, type BrokerDriver } from './pooled-sender.ts';
import { brokerTls } from './tls-options.ts';

/**
 * Sends email with nodemailer over a pooled SMTP connection per webhook.
 * `smtp://` requires STARTTLS (a server that does not offer it is refused, so
 * a password never crosses in clear); `smtps://` is TLS from the first byte.
 * The server's "250 queued" is the confirmation. The Message-ID comes from the
 * delivery id, so a retry after a lost reply is recognisable as the same mail.
 */
const smtp: BrokerDriver<Transporter, EmailTarget> = {
  name: 'SMTP',
  target: emailTarget,
  async open(url, address, req) {
    const implicit = url.protocol === 'smtps:';
    // Loaded on first use: a Herald with no email webhook never loads nodemailer.
    const { default: nodemailer } = await import('nodemailer');
    return nodemailer.createTransport({
      pool: true, maxConnections: 2,
      host: address, port: url.port === '' ? (implicit ? 465 : 587) : Number(url.port),
      secure: implicit, requireTLS: !implicit,
      name: 'herald',
      tls: brokerTls(url, req.tls),
      ...(req.auth.type === 'basic' ? { auth: { user: req.auth.username, pass: req.auth.password } } : {}),
      connectionTimeout: req.timeoutMs, greetingTimeout: req.timeoutMs, socketTimeout: req.timeoutMs,
    });
  },
  // nodemailer's pool reconnects by itself; a transporter that failed is dropped anyway.
  isOpen: () => true,
  close: async (t) => { t.close(); },
  async publish(transport, target, req) {
    const message = JSON.parse(req.body) as EmailMessage;
    const info = await transport.sendMail({
      from: target.from, to: target.to, subject: message.subject, text: message.text, html: message.html,
      messageId: `<${req.messageId}@herald>`,
    });
    return String(info.response);
  },
};

export class SmtpSender extends PooledSender<Transporter, EmailTarget> {
  constructor(guard: SsrfGuard) {
    super(guard, smtp);
  }
}
