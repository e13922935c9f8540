import { dirname, join, resolve } from 'node:path';
import { DEPLOY_DIR, isRecord, isYamlFile, K8S_DIR, listFiles, readYamlFile, rel } from './support/files';
import { asKObject } from './support/k8s';
import { kustomizationFile } from './support/kustomize';
import { SECRET_TEMPLATE } from './support/renderings';
import { schemaErrors } from './support/schema';

/** Every YAML file in deploy/, on its own: it parses, and each Kubernetes object in it is valid. */

const yamlFiles = listFiles(DEPLOY_DIR, isYamlFile);
const k8sFiles = yamlFiles.filter((f) => f.startsWith(K8S_DIR));
const kustomizations = k8sFiles.filter((f) => kustomizationFile(dirname(f)) === f);

/** Files a kustomization lists as resources, and files it applies as patches. */
function references(): { resources: Set<string>; patches: Set<string> } {
  const resources = new Set<string>();
  const patches = new Set<string>();
  for (const file of kustomizations) {
    const [spec] = readYamlFile(file);
    if (!isRecord(spec)) continue;
    for (const entry of Array.isArray(spec['resources']) ? spec['resources'] : []) resources.add(resolve(dirname(file), String(entry)));
    for (const patch of Array.isArray(spec['patches']) ? spec['patches'] : []) {
      if (isRecord(patch) && typeof patch['path'] === 'string') patches.add(resolve(dirname(file), patch['path']));
    }
  }
  return { resources, patches };
}

describe('YAML files', () => {
  it('finds the manifests, the overlays and the Compose file', () => {
    expect(kustomizations.map(rel)).toEqual(
      expect.arrayContaining(['deploy/k8s/base/kustomization.yaml', 'deploy/k8s/overlays/dev/kustomization.yaml', 'deploy/k8s/overlays/prod/kustomization.yaml']),
    );
    expect(yamlFiles.map(rel)).toContain('deploy/compose/compose.yaml');
  });

  it.each(yamlFiles.map((f) => [rel(f), f]))('%s parses without errors or duplicate keys', (_name, file) => {
    const dialect = file.startsWith(K8S_DIR) ? 'kubernetes' : 'compose';
    expect(readYamlFile(file, { dialect }).length).toBeGreaterThan(0);
  });

  const { resources, patches } = references();
  const manifests = k8sFiles.filter((f) => !kustomizations.includes(f) && !patches.has(f));

  it.each(manifests.map((f) => [rel(f), f]))('%s holds only valid Kubernetes objects', (_name, file) => {
    const errors = readYamlFile(file).flatMap((doc, i) => {
      const object = asKObject(doc, `${rel(file)} document ${i + 1}`);
      return schemaErrors(object).map((e) => `${object.kind}/${object.metadata.name}${e}`);
    });
    expect(errors).toEqual([]);
  });

  it('has no orphan manifest: every file is a kustomization, a listed resource or patch, or the Secret template', () => {
    const listedDirs = new Set([...resources].filter((r) => kustomizationFile(r) !== undefined));
    const orphans = k8sFiles.filter(
      (f) => !kustomizations.includes(f) && !resources.has(f) && !patches.has(f) && f !== SECRET_TEMPLATE,
    );
    expect(orphans.map(rel)).toEqual([]);
    // Each kustomization other than the overlays is reached from another one.
    const unreached = kustomizations
      .map((f) => dirname(f))
      .filter((d) => !listedDirs.has(d) && !d.startsWith(join(K8S_DIR, 'overlays')) && d !== join(K8S_DIR, 'base'));
    expect(unreached.map(rel)).toEqual([]);
  });
});
