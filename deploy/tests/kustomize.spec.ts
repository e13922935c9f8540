import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { IDeployment } from './support/k8s';
import { kustomize, parseImage } from './support/kustomize';
import { applyJsonPatch, strategicMerge } from './support/patch';

/**
 * The renderer the overlay specs rely on. Its output for deploy/k8s was compared once with
 * `kubectl kustomize` (kustomize v5.6.0) object by object and found identical; these cases pin
 * the semantics it implements and the features it refuses.
 */

let root: string;
const write = (files: Record<string, string>): void => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
};
const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

const BASE = {
  'base/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - app\n  - config.yaml\n`,
  'base/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  LOG_LEVEL: info\n  KEEP: "1"\n',
  'base/app/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - app.yaml\n`,
  'base/app/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: { app: app }
  template:
    metadata:
      labels: { app: app }
    spec:
      containers:
        - name: app
          image: team/app
          args: ["--a"]
          env:
            - { name: A, value: "1" }
            - { name: B, value: "2" }
          resources:
            requests: { cpu: 100m }
        - name: sidecar
          image: team/sidecar:1.0
---
apiVersion: v1
kind: Service
metadata:
  name: app
spec:
  selector: { app: app }
  ports:
    - { name: http, port: 80, targetPort: 8080 }
`,
};

const deploymentOf = (objects: ReturnType<typeof kustomize>) => objects.find((o) => o.kind === 'Deployment') as unknown as IDeployment;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'deploy-kustomize-'));
  write(BASE);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('kustomize renderer', () => {
  it('renders files and nested kustomization directories', () => {
    expect(kustomize(join(root, 'base')).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Deployment/app', 'Service/app', 'ConfigMap/cfg']);
  });

  it('sets the namespace on namespaced objects only, and rewrites images by name', () => {
    write({
      'overlay/kustomization.yaml': `${KUSTOMIZATION}namespace: team
resources:
  - ../base
  - ns.yaml
images:
  - name: team/app
    newName: registry.example.com/team/app
    newTag: "2.0"
  - name: team/sidecar
    digest: sha256:abc
`,
      'overlay/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n',
    });
    const objects = kustomize(join(root, 'overlay'));
    expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'team')).toBe(true);
    expect(objects.find((o) => o.kind === 'Namespace')?.metadata.namespace).toBeUndefined();
    expect(deploymentOf(objects).spec?.template.spec?.containers.map((c) => c.image)).toEqual([
      'registry.example.com/team/app:2.0',
      'team/sidecar@sha256:abc',
    ]);
  });

  it('applies strategic merge patches: merge keys, null deletes, atomic lists replace', () => {
    write({
      'overlay/kustomization.yaml': `${KUSTOMIZATION}resources:\n  - ../base\npatches:\n  - path: patch.yaml\n`,
      'overlay/patch.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      containers:
        - name: app
          args: ["--b"]
          env:
            - { name: B, value: "20" }
            - { name: C, value: "3" }
          resources:
            requests: { cpu: null, memory: 1Gi }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  LOG_LEVEL: debug
`,
    });
    const objects = kustomize(join(root, 'overlay'));
    const [app, sidecar] = deploymentOf(objects).spec!.template.spec!.containers;
    expect(app).toMatchObject({ name: 'app', image: 'team/app', args: ['--b'], resources: { requests: { memory: '1Gi' } } });
    expect(app!.resources!.requests).not.toHaveProperty('cpu');
    expect(app!.env).toEqual([
      { name: 'B', value: '20' },
      { name: 'C', value: '3' },
      { name: 'A', value: '1' },
    ]);
    expect(sidecar).toEqual({ name: 'sidecar', image: 'team/sidecar:1.0' });
    expect(objects.find((o) => o.kind === 'ConfigMap')).toMatchObject({ data: { LOG_LEVEL: 'debug', KEEP: '1' } });
  });

  it('applies JSON 6902 patches to every target match', () => {
    write({
      'overlay/kustomization.yaml': `${KUSTOMIZATION}resources:
  - ../base
patches:
  - target: { kind: Deployment, name: "ap.*" }
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/image
        value: other/app:3
      - op: add
        path: /spec/template/spec/containers/0/env/-
        value: { name: Z, value: "26" }
      - op: remove
        path: /spec/template/spec/containers/1
`,
    });
    const containers = deploymentOf(kustomize(join(root, 'overlay'))).spec!.template.spec!.containers;
    expect(containers).toHaveLength(1);
    expect(containers[0]!.image).toBe('other/app:3');
    expect(containers[0]!.env?.at(-1)).toEqual({ name: 'Z', value: '26' });
  });

  it.each([
    ['an unsupported field', `${KUSTOMIZATION}resources: [../base]\ncommonLabels: { a: b }\n`, /field "commonLabels" is not supported/],
    ['a patch that matches nothing', `${KUSTOMIZATION}resources: [../base]\npatches:\n  - target: { kind: StatefulSet }\n    patch: "[]"\n`, /matches no object/],
    ['an image override that matches nothing', `${KUSTOMIZATION}resources: [../base]\nimages:\n  - { name: team/ap, newTag: "1" }\n`, /match no container: team\/ap/],
    ['the same object twice', `${KUSTOMIZATION}resources: [../base, ../base/config.yaml]\n`, /ConfigMap\/cfg is defined twice/],
    ['a missing resource', `${KUSTOMIZATION}resources: [../nowhere]\n`, /does not exist/],
    ['a remote resource', `${KUSTOMIZATION}resources: [https://example.com/x.yaml]\n`, /remote resource/],
  ])('refuses %s', (_case, kustomization, error) => {
    write({ 'overlay/kustomization.yaml': kustomization });
    expect(() => kustomize(join(root, 'overlay'))).toThrow(error);
  });

  it('refuses strategic-merge features it does not implement', () => {
    expect(() => strategicMerge({ a: [] }, { a: [{ x: 1 }] })).toThrow(/without a known merge strategy/);
    expect(() => strategicMerge({}, { $patch: 'replace' })).toThrow(/directives are not supported/);
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toThrow(/does not exist/);
  });

  it('parses image references with registry ports, tags and digests', () => {
    expect(parseImage('registry:5000/team/app')).toEqual({ name: 'registry:5000/team/app', digest: undefined });
    expect(parseImage('registry:5000/team/app:1.2@sha256:abc')).toEqual({ name: 'registry:5000/team/app', tag: '1.2', digest: 'sha256:abc' });
  });
});
