import type { AttemptInfo } from '../delivery/dispatcher.ts';
import type { SsrfGuard } from '../delivery/ssrf-guard.ts';
import type { Ingest } from '../ingest/ingestor.ts';
import type { AccountStore } from '../store/accounts.ts';
import type { Store } from '../store/store.ts';
import type { AuditLog } from './auth/audit-log.ts';
import type { Authenticator } from './auth/principal.ts';
import type { SignInThrottle } from './auth/sign-in-throttle.ts';

/** What the API needs from the rest of Herald; the composition root provides it. */
export interface ApiDeps {
  store: Store;
  ingest: Ingest & { invalidate(): void };
  dispatcher: { deliverNow(deliveryId: string): Promise<AttemptInfo | undefined>; wake(): void };
  ssrf: SsrfGuard;
  auth: Authenticator;
  accounts: AccountStore;
  audit: AuditLog;
  secretGraceMs: number;
  /** Counts failed sign-ins per user and client address (config `auth.signIn`). */
  signInThrottle: SignInThrottle;
  logError: (err: unknown) => void;
}
