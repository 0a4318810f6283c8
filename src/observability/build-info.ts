import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which Herald this is: the package.json version and the commit it was built
 * from. The image sets HERALD_COMMIT at build time (Containerfile ARG); a
 * checkout asks git; anything else says "unknown" rather than guessing.
 */
export interface BuildInfo { version: string; commit: string }

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let cached: BuildInfo | undefined;

export function buildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  if (cached !== undefined && env === process.env) return cached;
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const info = { version, commit: commitFrom(env) };
  if (env === process.env) cached = info;
  return info;
}

function commitFrom(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.HERALD_COMMIT?.trim();
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  try {
    // Asked for here, not imported: a Herald started with HERALD_COMMIT (the image) never loads child_process.
    const { execFileSync } = process.getBuiltinModule('node:child_process');
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim() || 'unknown';
  } catch {
    // Not a checkout, or no git in the image: say so instead of failing.
    return 'unknown';
  }
}
