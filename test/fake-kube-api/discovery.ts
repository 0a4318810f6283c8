/**
 * The discovery documents of an API server
 * (https://kubernetes.io/docs/reference/using-api/api-concepts/#discovery):
 * `/api` (APIVersions), `/apis` (APIGroupList) and `/apis/<group>/<version>`
 * (APIResourceList, 404 for a group version not served). `served` lists the
 * collections as `group/version/plural` with their Kind.
 */
export function discoveryDocument(path: string, served: ReadonlyArray<{ coll: string; kind: string }>):
  { status: number; body: unknown } | undefined {
  if (path === '/api') return { status: 200, body: { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] } };
  const groups = new Map<string, Map<string, string>>(); // "group/version" → plural → Kind
  for (const { coll, kind } of served) {
    const [group, version, plural] = coll.split('/');
    if (group === '') continue; // the core group is /api/v1
    const gv = `${group}/${version}`;
    groups.set(gv, (groups.get(gv) ?? new Map()).set(plural!, kind));
  }
  if (path === '/apis') {
    return {
      status: 200,
      body: {
        kind: 'APIGroupList', apiVersion: 'v1',
        groups: [...groups.keys()].map((gv) => {
          const [name, version] = gv.split('/');
          const v = { groupVersion: gv, version };
          return { name, versions: [v], preferredVersion: v };
        }),
      },
    };
  }
  const m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (m === null) return undefined;
  const resources = groups.get(`${m[1]}/${m[2]}`);
  if (resources === undefined) return { status: 404, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 } };
  return {
    status: 200,
    body: {
      kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${m[1]}/${m[2]}`,
      resources: [...resources].map(([name, kind]) => ({
        name, singularName: '', namespaced: true, kind,
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      })),
    },
  };
}
