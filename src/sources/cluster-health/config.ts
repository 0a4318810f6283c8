import { z } from 'zod';
import { ClusterSchema, LeaderElectionSchema } from '../cluster-watch/config.ts';

/**
 * The `health` section of herald.yaml: which clusters to watch for trouble
 * (Kubernetes Events, Pod and Node status) and how loudly. Clusters are given
 * as in `watch.clusters`; a cluster may be in both, under the same name.
 */
export const ClusterHealthConfigSchema = z.strictObject({
  clusters: z.array(ClusterSchema).min(1),
  namespaces: z.array(z.string().min(1)).optional().describe('Only Events and Pods in these namespaces; all by default (Nodes are always watched)'),
  normal: z.boolean().default(false).describe('Also report Normal-type Kubernetes Events (event type "normal"); Warning ones only by default'),
  resolved: z.boolean().default(true).describe('Announce a recovery (the Pod Ready again, the Node Ready) as a "resolved" event'),
  repeatIntervalMs: z.number().int().min(60_000).max(7 * 24 * 3_600_000).default(3_600_000)
    .describe('An ongoing problem is announced again, with its count, at most this often (as Alertmanager\'s repeat_interval); repeats in between only count'),
  announceExisting: z.boolean().default(false)
    .describe('On the first start against a cluster, announce the problems already there (default: record them silently as the baseline)'),
  leaderElection: LeaderElectionSchema.prefault({})
    .describe('With a shared store (PostgreSQL), how replicas elect the one that watches each cluster\'s health'),
});
export type ClusterHealthConfig = z.infer<typeof ClusterHealthConfigSchema>;
export type ClusterHealthConfigInput = z.input<typeof ClusterHealthConfigSchema>;
