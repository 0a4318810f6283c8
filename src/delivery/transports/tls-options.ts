import { isIP } from 'node:net';
import type { SendRequest } from '../http-sender.ts';

/**
 * TLS options for a broker or SMTP connection. Senders connect to the
 * address the SSRF guard resolved, so the certificate is checked against the
 * name in the webhook URL (SNI and identity); an IP literal is checked as
 * itself, since SNI may not carry one.
 */
export interface BrokerTls { servername?: string; rejectUnauthorized: boolean; ca?: string }

export function brokerTls(url: URL, tls: SendRequest['tls']): BrokerTls {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return {
    ...(isIP(host) === 0 ? { servername: host } : {}),
    rejectUnauthorized: !tls.insecureSkipVerify,
    ...(tls.caCert === undefined ? {} : { ca: tls.caCert }),
  };
}
