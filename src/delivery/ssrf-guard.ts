import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { HeraldError } from '../core/errors.ts';

/**
 * Refuses destinations that resolve to private, loopback, link-local, CGNAT,
 * multicast, reserved or cloud-metadata addresses. The check runs on the
 * addresses actually connected to (undici calls `lookup` at connect time), so
 * a DNS name that flips to 127.0.0.1 after validation is still refused.
 */
const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const BLOCKED_V6: Array<[string, number]> = [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
];

export interface SsrfGuardOptions {
  /** CIDRs that are allowed even though they are in a blocked range, e.g. `10.0.0.0/8` or `127.0.0.1/32`. */
  allowedNetworks?: readonly string[];
  /** Turns the guard off entirely (not recommended). */
  disabled?: boolean;
}

export type LookupFn = (hostname: string, options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => void;

export class SsrfGuard {
  readonly #blocked = new BlockList();
  readonly #allowed = new BlockList();
  readonly #disabled: boolean;

  constructor(opts: SsrfGuardOptions = {}) {
    for (const [net, prefix] of BLOCKED_V4) this.#blocked.addSubnet(net, prefix, 'ipv4');
    for (const [net, prefix] of BLOCKED_V6) this.#blocked.addSubnet(net, prefix, 'ipv6');
    for (const cidr of opts.allowedNetworks ?? []) {
      const [net, bits] = cidr.split('/');
      const family = isIP(net ?? '');
      const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
      if (family === 0 || !Number.isInteger(prefix)) {
        throw new HeraldError('CONFIG_INVALID', `delivery.allowedNetworks: "${cidr}" is not a CIDR like 10.0.0.0/8`, 'delivery.allowedNetworks');
      }
      this.#allowed.addSubnet(net!, prefix, family === 6 ? 'ipv6' : 'ipv4');
    }
    this.#disabled = opts.disabled === true;
  }

  /** Why `address` is refused, or undefined when it may be used. */
  refusal(address: string): string | undefined {
    if (this.#disabled) return undefined;
    const family = isIP(address);
    if (family === 0) return `"${address}" is not an IP address`;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged by the IPv4 address inside it.
    const mapped = type === 'ipv6' ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] : undefined;
    if (mapped !== undefined) return this.refusal(mapped);
    if (this.#allowed.check(address, type)) return undefined;
    if (this.#blocked.check(address, type)) {
      return `destination ${address} is a private, loopback, link-local or reserved address; allow it with delivery.allowedNetworks`;
    }
    return undefined;
  }

  /** Throws SSRF_BLOCKED for a URL whose host is a refused IP literal (no DNS is involved there). */
  checkUrl(url: URL): void {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) === 0) return;
    const why = this.refusal(host);
    if (why !== undefined) throw new HeraldError('SSRF_BLOCKED', why, 'url');
  }

  /**
   * Resolves a broker or SMTP host and checks every address, as `lookup` does
   * for HTTP; the sender then connects to the address returned (TLS still
   * names the host), so a name that flips to a private address is refused too.
   */
  resolve(hostname: string): Promise<string> {
    const host = hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve, reject) => {
      this.lookup(host, { all: true }, (err, addresses) => {
        if (err !== null) return reject(err);
        const first = (addresses as LookupAddress[])[0];
        if (first === undefined) return reject(Object.assign(new Error(`${host}: no address`), { code: 'ENOTFOUND' }));
        resolve(first.address);
      });
    });
  }

  /** A dns.lookup replacement for undici's connector. */
  readonly lookup: LookupFn = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err !== null) return callback(err, []);
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const why = this.refusal(a.address);
        if (why !== undefined) {
          const blocked = Object.assign(new Error(`${hostname}: ${why}`), { code: 'ESSRF' }) as NodeJS.ErrnoException;
          return callback(blocked, []);
        }
      }
      if (options.all === true) return callback(null, list);
      const first = list[0];
      if (first === undefined) return callback(Object.assign(new Error(`${hostname}: no address`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
