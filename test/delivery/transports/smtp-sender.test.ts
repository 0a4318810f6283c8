import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { normalizeEvent } from '../../../src/core/event.ts';
import { newId } from '../../../src/core/ids.ts';
import { createWebhook, WebhookInputSchema, type WebhookAuth } from '../../../src/core/webhook.ts';
import { buildRequest } from '../../../src/delivery/build-request.ts';
import { SsrfGuard } from '../../../src/delivery/ssrf-guard.ts';
import { SmtpSender } from '../../../src/delivery/transports/smtp-sender.ts';
import { emailPlatform } from '../../../src/platforms/email.ts';
import { selfSignedCert } from '../../support/tls-cert.ts';

/**
 * Email against a real SMTP server on loopback: the npm package smtp-server
 * (nodemailer's own project), not a mock of the client. It speaks the whole
 * protocol (EHLO, STARTTLS with an openssl-made certificate, AUTH, DATA), so
 * what is checked is what a mail relay would see. Chosen over Debian's postfix
 * because each test runs its own server on a free port with its own
 * credentials and TLS mode, with no system daemon, queue or root needed.
 */
const USER = 'herald';
const PASSWORD = 'mail-pass-0123';
const tls = selfSignedCert();
const guard = new SsrfGuard({ allowedNetworks: ['127.0.0.1/32'] });

interface Mail { raw: string; from: string; to: string[]; secure: boolean; user: unknown }

interface TestSmtp { port: number; mails: Mail[]; opened(): number; open(): number; close(): Promise<void> }

async function smtpServer(opts: Partial<SMTPServerOptions>): Promise<TestSmtp> {
  const mails: Mail[] = [];
  const open = new Set<string>();
  let opened = 0;
  const server = new SMTPServer({
    onConnect(session, cb) { opened++; open.add(session.id); cb(); },
    onClose(session) { open.delete(session.id); },
    key: tls.key, cert: tls.cert, authMethods: ['PLAIN', 'LOGIN'], logger: false, disableReverseLookup: true,
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASSWORD) cb(null, { user: USER });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          raw: Buffer.concat(chunks).toString('utf8'), secure: session.secure, user: session.user,
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        cb(null);
      });
    },
    ...opts,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    opened: () => opened,
    open: () => open.size,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function request(url: string, auth: WebhookAuth = { type: 'basic', username: USER, password: PASSWORD }, deliveryId = newId('dlv')) {
  const webhook = createWebhook(WebhookInputSchema.parse({
    name: 'mail', platform: 'email', url, auth, timeoutSeconds: 5, tls: { insecureSkipVerify: false, caCert: tls.cert },
  }), newId('wh'), Date.now());
  const event = normalizeEvent({ event: 'scale', cluster: 'prod', namespace: 'shop', resource: 'Deployment', name: 'cart',
    changes: [{ field: 'spec.replicas', old: 2, new: 5 }], summary: 'cart <scaled> & ready' }, newId('evt'));
  return buildRequest(emailPlatform, webhook, event, { deliveryId, now: new Date(), keys: [], delayedMs: 0 });
}

/** Undoes quoted-printable (soft line breaks, =XX bytes) so a test can read a body part. */
function quotedPrintable(raw: string): string {
  return Buffer.from(raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
}

async function waitUntil(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 20));
}

const target = (scheme: string, port: number) => `${scheme}://127.0.0.1:${port}?from=herald@example.test&to=ops@example.test,oncall@example.test`;

describe('email over SMTP against a real SMTP server on loopback', () => {
  describe('smtp:// with STARTTLS', () => {
    let server: TestSmtp;
    before(async () => { server = await smtpServer({ secure: false }); });
    after(async () => { await server.close(); });

    it('upgrades to TLS, authenticates, and sends one message with plain-text and HTML bodies; the 250 is the confirmation', async () => {
      const sender = new SmtpSender(guard);
      const deliveryId = newId('dlv');
      const result = await sender.send(request(target('smtp', server.port), undefined, deliveryId));
      await sender.close();
      assert.ok(result.ok && 'confirmed' in result && result.confirmed.startsWith('250'), JSON.stringify(result));
      assert.equal(server.mails.length, 1);
      const mail = server.mails[0]!;
      assert.equal(mail.secure, true, 'the session was upgraded with STARTTLS before anything was sent');
      assert.equal(mail.user, USER, 'authenticated');
      assert.equal(mail.from, 'herald@example.test');
      assert.deepEqual(mail.to, ['ops@example.test', 'oncall@example.test']);
      // The subject is the headline, RFC 2047-encoded (it has an arrow): decoded, it reads as a person would write it.
      const subject = /^Subject: ((?:.*\r\n[ \t].*)*.*)$/m.exec(mail.raw)![1]!.replace(/\r\n[ \t]/g, '')
        .replace(/=\?UTF-8\?Q\?(.*?)\?=/g, (_, q: string) => Buffer.from(q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/g, '%$1'), 'latin1').toString())
        .replace(/%([0-9A-F]{2})/g, '%$1');
      assert.equal(decodeURIComponent(subject), '[Herald] Deployment shop/cart scaled 2 → 5');
      assert.match(mail.raw, new RegExp(`^Message-ID: <${deliveryId}@herald>$`, 'm'), 'the delivery id names the message, the same on a retry');
      assert.match(mail.raw, /Content-Type: multipart\/alternative/);
      assert.match(mail.raw, /Content-Type: text\/plain/);
      assert.match(mail.raw, /Content-Type: text\/html/);
      assert.match(quotedPrintable(mail.raw), /<p>cart &lt;scaled&gt; &amp; ready<\/p>/, 'event text is escaped in the HTML part');
      assert.match(mail.raw, /spec\.replicas/);
    });

    it('a wrong password is a failure, retried, and no mail is accepted', async () => {
      const sender = new SmtpSender(guard);
      const before = server.mails.length;
      const result = await sender.send(request(target('smtp', server.port), { type: 'basic', username: USER, password: 'wrong-password' }));
      await sender.close();
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.permanent, false);
      assert.match(!result.ok ? result.error : '', /Invalid username or password|535/);
      assert.equal(server.mails.length, before);
    });

    it('keeps its SMTP connection per webhook across messages and closes it on stop', async () => {
      const sender = new SmtpSender(guard);
      const before = server.mails.length;
      const opened = server.opened();
      const url = target('smtp', server.port);
      const req = request(url);
      for (let i = 0; i < 3; i++) assert.ok((await sender.send({ ...req, messageId: newId('dlv') })).ok);
      await sender.close();
      assert.equal(server.mails.length - before, 3);
      await waitUntil(() => server.open() === 0);
      assert.equal(server.opened() - opened, 1, 'three messages, one connection');
    });
  });

  it('smtps:// speaks TLS from the first byte (implicit TLS)', async () => {
    const server = await smtpServer({ secure: true });
    const sender = new SmtpSender(guard);
    try {
      const result = await sender.send(request(target('smtps', server.port)));
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(server.mails[0]?.secure, true);
    } finally {
      await sender.close();
      await server.close();
    }
  });

  it('smtp:// refuses a server that offers no STARTTLS, so a password never crosses in clear', async () => {
    const server = await smtpServer({ secure: false, disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    const sender = new SmtpSender(guard);
    try {
      const result = await sender.send(request(target('smtp', server.port)));
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.error : '', /STARTTLS/i);
      assert.equal(server.mails.length, 0);
    } finally {
      await sender.close();
      await server.close();
    }
  });

  it('applies the SSRF guard to the SMTP host', async () => {
    const sender = new SmtpSender(new SsrfGuard());
    const result = await sender.send(request(target('smtp', 2525)));
    await sender.close();
    assert.ok(!result.ok && result.permanent, JSON.stringify(result));
    assert.match(!result.ok ? result.error : '', /allowedNetworks/);
  });
});
