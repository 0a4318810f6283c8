import { createContext, useContext } from 'react';
import type { Role, SessionUser } from '../api/types.ts';

export interface SessionValue {
  user: SessionUser;
  /** Admins and ops change webhooks; viewers only read. The server enforces the same rule. */
  canManage: boolean;
  logout(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside a signed-in page');
  return value;
}

export const MANAGE_ROLES: readonly Role[] = ['admin', 'ops'];
