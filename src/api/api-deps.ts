import type { AuditLog } from '../app/audit-log.ts';
import type { HeraldApp } from '../app/herald-app.ts';
import type { AccountStore } from '../app/ports/account-repository.ts';
import type { Authenticator } from './auth/principal.ts';
import type { SignInThrottle } from './auth/sign-in-throttle.ts';

/** What the API needs from the rest of Herald; the composition root provides it. */
export interface ApiDeps {
  /** Every use case; routes call only these. */
  app: HeraldApp;
  auth: Authenticator;
  /** Sessions (sign-in and sign-out), through the account port. */
  accounts: AccountStore;
  audit: AuditLog;
  /** Counts failed sign-ins per user and client address (config `auth.signIn`). */
  signInThrottle: SignInThrottle;
  logError: (err: unknown) => void;
  /** Operator-facing warnings (a refused sign-in): one log line each, never a secret. */
  logWarn: (fields: Record<string, unknown>, msg: string) => void;
}
