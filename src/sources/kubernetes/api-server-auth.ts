import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { HeraldError } from '../../core/errors.ts';
import { safeEqual } from '../safe-equal.ts';
import { errorResponse } from './webhook-http.ts';

/**
 * Who may call /k8s/admission, /k8s/audit and /k8s/authorize: only the API
 * server, with the credentials its kubeconfigs can carry — a bearer token
 * (users[].user.token) or a client certificate (client-certificate-data),
 * the latter verified by the TLS layer against `clientCaFile`. With neither
 * configured the endpoints are closed, since an open one lets anyone record a
 * change "by" any user. The fields are those of herald.yaml's `kubernetes:`.
 */
export interface ApiServerAuthConfig {
  token?: string | undefined;
  /** Set when Herald's HTTPS server requests client certificates verified against this CA. */
  clientCaFile?: string | undefined;
  /** Accepted certificate names (CN or any subjectAltName); any name the CA signed when unset. */
  clientNames?: readonly string[] | undefined;
  insecureAllowUnauthenticated?: boolean | undefined;
}

export type ApiServerAuthMode = 'closed' | 'insecure' | 'authenticated';

export function apiServerAuthMode(cfg: ApiServerAuthConfig | undefined): ApiServerAuthMode {
  if (cfg?.token !== undefined || cfg?.clientCaFile !== undefined) return 'authenticated';
  return cfg?.insecureAllowUnauthenticated === true ? 'insecure' : 'closed';
}

const CLOSED_MESSAGE = 'the Kubernetes endpoints are closed: set kubernetes.token (the token in the API server\'s webhook kubeconfig) '
  + 'or kubernetes.clientCaFile (the CA of its client certificate); kubernetes.insecureAllowUnauthenticated: true is for development only';

/** Runs before the body is read, so an unauthenticated caller costs no parsing and records nothing. */
export function requireApiServer(cfg: ApiServerAuthConfig | undefined): MiddlewareHandler {
  const mode = apiServerAuthMode(cfg);
  return async (c, next) => {
    const refusal = mode === 'insecure' ? undefined : mode === 'closed' ? CLOSED_MESSAGE : refusalOf(c, cfg!);
    if (refusal !== undefined) return errorResponse(c, new HeraldError('UNAUTHENTICATED', refusal));
    await next();
  };
}

/** Why the request is refused, or undefined when either configured credential holds. */
function refusalOf(c: Context, cfg: ApiServerAuthConfig): string | undefined {
  const header = c.req.header('authorization');
  if (cfg.token !== undefined && header !== undefined && /^Bearer\s/i.test(header) && safeEqual(header.slice(7).trim(), cfg.token)) return undefined;
  let certProblem = '';
  if (cfg.clientCaFile !== undefined) {
    const socket = (c.env as HttpBindings | undefined)?.incoming?.socket as TLSSocket | undefined;
    if (socket?.authorized === true) {
      const names = certificateNames(socket.getPeerCertificate());
      if (cfg.clientNames === undefined || cfg.clientNames.length === 0 || names.some((n) => cfg.clientNames!.includes(n))) return undefined;
      certProblem = `the client certificate (${names.join(', ') || 'no names'}) is not one of kubernetes.clientNames`;
    } else if (socket !== undefined && typeof socket.getPeerCertificate === 'function' && Object.keys(socket.getPeerCertificate()).length > 0) {
      certProblem = `the client certificate is not signed by kubernetes.clientCaFile (${String(socket.authorizationError)})`;
    }
  }
  if (certProblem !== '') return certProblem;
  const wanted = [
    ...(cfg.token !== undefined ? ['a bearer token matching kubernetes.token'] : []),
    ...(cfg.clientCaFile !== undefined ? ['a client certificate signed by kubernetes.clientCaFile'] : []),
  ];
  return `the API server must present ${wanted.join(' or ')}`;
}

/** CN and subjectAltName values ("DNS:a, IP Address:1.2.3.4, URI:…" → ["a", "1.2.3.4", "…"]). */
function certificateNames(cert: PeerCertificate): string[] {
  const names: string[] = [];
  const cn = cert.subject?.CN;
  if (typeof cn === 'string') names.push(cn);
  for (const entry of (cert.subjectaltname ?? '').split(',')) {
    const colon = entry.indexOf(':');
    if (colon > 0) names.push(entry.slice(colon + 1).trim());
  }
  return names;
}

/** One start-up line saying how these endpoints are protected, so a closed or open door is noticed. */
export function describeApiServerAuth(cfg: ApiServerAuthConfig | undefined): { level: 'info' | 'warn'; msg: string } {
  switch (apiServerAuthMode(cfg)) {
    case 'closed':
      return { level: 'info', msg: `/k8s/admission, /k8s/audit and /k8s/authorize are closed (every request gets 401): ${CLOSED_MESSAGE.replace(/^[^:]*: /, '')}` };
    case 'insecure':
      return { level: 'warn', msg: 'kubernetes.insecureAllowUnauthenticated is on: anyone who can reach /k8s/admission, /k8s/audit or /k8s/authorize can record changes as any user; use it for development only' };
    case 'authenticated': {
      const means = [
        ...(cfg?.token !== undefined ? ['the bearer token kubernetes.token'] : []),
        ...(cfg?.clientCaFile !== undefined ? [`client certificates signed by ${cfg.clientCaFile}${cfg.clientNames?.length ? ` named ${cfg.clientNames.join(', ')}` : ''}`] : []),
      ];
      return { level: 'info', msg: `/k8s/admission, /k8s/audit and /k8s/authorize accept ${means.join(' or ')}` };
    }
  }
}

/**
 * The PEM bundle named by kubernetes.clientCaFile, for the HTTPS server's `ca`.
 * Checked at start: Node takes a file without a certificate silently, and every
 * client certificate would then be refused with nothing saying why.
 */
export function readClientCa(path: string): Buffer {
  const field = 'kubernetes.clientCaFile';
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (err) {
    throw new HeraldError('CONFIG_INVALID', `${field}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, field);
  }
  const blocks = pem.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length === 0) throw new Error('no PEM certificate');
    for (const block of blocks) new X509Certificate(block);
  } catch (err) {
    throw new HeraldError('CONFIG_INVALID', `${field}: ${path} does not hold PEM CA certificates (${(err as Error).message})`, field);
  }
  return pem;
}
