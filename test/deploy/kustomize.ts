import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { tempDir } from '../support/temp-dir.ts';

/**
 * `kubectl kustomize` of a copy of deploy/ with ca.crt placed where the
 * overlays expect it (the repository ships none: it is the user's CA).
 * Components and an image override go through a wrapper kustomization, the
 * way a user would add them.
 */
export interface Render { overlay: 'sqlite' | 'postgres'; caPem: string; components?: string[]; image?: { name: string; tag: string } }

export function renderOverlay(r: Render): any[] {
  const dir = tempDir('kustomize');
  cpSync(resolve('deploy'), join(dir, 'deploy'), { recursive: true });
  writeFileSync(join(dir, 'deploy', 'overlays', r.overlay, 'ca.crt'), r.caPem);
  let target = join(dir, 'deploy', 'overlays', r.overlay);
  if ((r.components?.length ?? 0) > 0 || r.image !== undefined) {
    target = join(dir, 'wrapper');
    const lines = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', `  - ../deploy/overlays/${r.overlay}`];
    if (r.components !== undefined) lines.push('components:', ...r.components.map((c) => `  - ../deploy/components/${c}`));
    if (r.image !== undefined) lines.push('images:', '  - name: ghcr.io/herald/herald', `    newName: ${r.image.name}`, `    newTag: "${r.image.tag}"`);
    execFileSync('mkdir', ['-p', target]);
    writeFileSync(join(target, 'kustomization.yaml'), `${lines.join('\n')}\n`);
  }
  return docs(execFileSync('kubectl', ['kustomize', target], { encoding: 'utf8', timeout: 60_000 }));
}

export function docs(text: string): any[] {
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(d.errors.join('; '));
    return d.toJS();
  }).filter((d) => d !== null);
}

export const objectKey = (o: any) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
