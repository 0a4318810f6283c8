import { z } from 'zod';

/** Settings every inbound source shares, whatever its type. */
export const CommonSourceFields = {
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, "-" or "_"')
    .describe('The path segment: requests go to /hooks/<name>'),
  cluster: z.string().max(253).default('').describe('Cluster name put on this source\'s events'),
  /** Bearer token (Authorization header) or, for GET, a `token` query parameter. */
  token: z.string().min(16).optional(),
  basic: z.strictObject({ username: z.string().min(1), password: z.string().min(8) }).optional(),
  allowGet: z.boolean().default(false).describe('Accept GET requests whose payload is the query string'),
};
