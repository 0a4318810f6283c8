import { auditCommand } from './audit.ts';
import type { Command } from './command.ts';
import { deliveriesCommand } from './deliveries.ts';
import { eventsCommand } from './events.ts';
import { serveCommand } from './serve.ts';
import { silencesCommand } from './silences.ts';
import { tokensCommand } from './tokens.ts';
import { usersCommand } from './users.ts';
import { webhooksCommand } from './webhooks.ts';

/**
 * Every `herald <command>`, in the order `herald --help` lists them. A new
 * command group is one module exporting a Command (`clientGroup({...})` for
 * a client of the REST API) and one line here.
 */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  webhooksCommand,
  deliveriesCommand,
  silencesCommand,
  eventsCommand,
  usersCommand,
  tokensCommand,
  auditCommand,
  {
    name: 'manifests', summary: 'print what a cluster needs: RBAC, Deployment, Service, webhook configs',
    // Loaded when run: the Kubernetes object models take a while to load.
    run: async (argv, io) => (await import('./manifests.ts')).runManifests(argv, (s) => io.out(s.endsWith('\n') ? s : `${s}\n`)),
  },
];
