import type { Command } from './command.ts';

/**
 * Every `herald <command>`, in the order `herald --help` lists them. Each is
 * listed here by name and summary and its module loaded only when it runs:
 * `herald serve` then loads none of the client commands (their REST client,
 * tables and the yaml package), and a client command none of the server.
 * A new command group is one module exporting a Command (`clientGroup({...})`
 * for a client of the REST API) and one line here, its summary the module's
 * (test/cli/commands.test.ts holds them equal).
 */
export interface ListedCommand extends Command {
  /** The command's own module. */
  load(): Promise<Command>;
}

function listed(name: string, summary: string, load: () => Promise<Command>): ListedCommand {
  return { name, summary, load, run: async (argv, io) => (await load()).run(argv, io) };
}

const manifests: Command = {
  name: 'manifests', summary: 'print what a cluster needs: RBAC, Deployment, Service, webhook configs',
  // Loaded when run: the Kubernetes object models take a while to load.
  run: async (argv, io) => (await import('./manifests.ts')).runManifests(argv, (s) => io.out(s.endsWith('\n') ? s : `${s}\n`)),
};

export const COMMANDS: readonly ListedCommand[] = [
  listed('serve', 'run the Herald server (embedded SQLite store unless store.url says otherwise)', async () => (await import('./serve.ts')).serveCommand),
  listed('webhooks', 'list, create, change, enable, disable, test and delete webhooks', async () => (await import('./webhooks.ts')).webhooksCommand),
  listed('deliveries', 'a webhook\'s delivery history, one delivery with every attempt, redeliver and recover', async () => (await import('./deliveries.ts')).deliveriesCommand),
  listed('silences', 'time-bounded mutes: matching events are recorded but not delivered', async () => (await import('./silences.ts')).silencesCommand),
  listed('events', 'the event log: list, show one event, export as NDJSON', async () => (await import('./events.ts')).eventsCommand),
  listed('users', 'console users and their roles (admins only)', async () => (await import('./users.ts')).usersCommand),
  listed('tokens', 'API tokens: list, create (shown once), revoke', async () => (await import('./tokens.ts')).tokensCommand),
  listed('audit', 'the audit log of every change and sign-in (admins and ops)', async () => (await import('./audit.ts')).auditCommand),
  listed(manifests.name, manifests.summary, async () => manifests),
];
