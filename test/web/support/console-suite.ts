import { after, before } from 'node:test';
import { startTestHerald, type TestHerald } from '../../support/herald.ts';
import { createUser, logIn, type TestUser } from './accounts.ts';
import { openBrowser, type BrowserSession } from './browser.ts';

/**
 * What every Chromium suite stands on: a real Herald with the suite's users,
 * and browser sessions opened against it on demand. Called at the top of a
 * `describe`, it registers the hooks: Herald and the users before the first
 * test; after the last, every session and everything handed to `own`, then
 * Herald, whatever failed on the way.
 */
export interface ConsoleSuite {
  /** The running Herald (from the suite's first `before` on). */
  readonly herald: TestHerald;
  /** The id the users API gave a user of the suite. */
  id(user: TestUser): string;
  /** A fresh browser on Herald, signed in as nobody. */
  open(): Promise<BrowserSession>;
  /** A fresh browser signed in as `user` through the login page. */
  signedIn(user: TestUser): Promise<BrowserSession>;
  /** Closed with the suite (a receiver). */
  own<T extends { close(): Promise<void> }>(closeable: T): T;
}

export function consoleSuite(users: readonly TestUser[]): ConsoleSuite {
  let herald: TestHerald | undefined;
  const ids = new Map<string, string>();
  const owned: Array<{ close(): Promise<void> }> = [];
  before(async () => {
    herald = await startTestHerald();
    for (const user of users) ids.set(user.name, await createUser(herald, user));
  });
  after(async () => {
    for (const c of owned.reverse()) await c.close().catch(() => {});
    await herald?.close();
  });
  const suite: ConsoleSuite = {
    get herald() {
      if (herald === undefined) throw new Error('Herald starts in the suite\'s before hook');
      return herald;
    },
    id: (user) => ids.get(user.name)!,
    open: async () => suite.own(await openBrowser(suite.herald.url)),
    signedIn: async (user) => {
      const session = await suite.open();
      await logIn(session.page, user);
      return session;
    },
    own: (closeable) => {
      owned.push(closeable);
      return closeable;
    },
  };
  return suite;
}
