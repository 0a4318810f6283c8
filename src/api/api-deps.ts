import type { AuditLog } from '../app/audit-log.ts';
import type { HeraldApp } from '../app/herald-app.ts';
import type { AccountStore } from '../app/ports/account-repository.ts';
import type { Authenticator } from './auth/principal.ts';

/** What the API needs from the rest of Herald; the composition root provides it. */
export interface ApiDeps {
  /** Every use case; routes call only these. */
  app: HeraldApp;
  auth: Authenticator;
  /** Sessions (sign-in and sign-out), through the account port. */
  accounts: AccountStore;
  audit: AuditLog;
  logError: (err: unknown) => void;
}
