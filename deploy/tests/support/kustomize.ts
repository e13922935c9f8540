import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isRecord, parseYamlDocuments, readText, readYamlFile, rel } from './files';
import { asKObject, objectId, type KObject } from './k8s';
import { applyJsonPatch, asJsonPatch, strategicMerge } from './patch';

/**
 * Renders a kustomization the way `kustomize build` does, for the subset deploy/k8s uses:
 *
 *   resources   files (one or more documents) and directories holding a kustomization.yaml
 *   patches     strategic merge (targeted by the patch's own kind/name, or by `target`) and
 *               JSON 6902 (with `target`), from `path` or inline `patch`
 *   images      newName / newTag / digest for containers and initContainers of pod templates
 *   namespace   set on every namespaced object
 *
 * Any other field, a patch or image override that matches nothing, or two objects with the same
 * kind/namespace/name throws: the renderer is deliberately stricter than kustomize so that using
 * a feature it does not implement fails the suite instead of rendering something else.
 */

const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'patches', 'images', 'namespace']);
const PATCH_FIELDS = new Set(['path', 'patch', 'target']);
const TARGET_FIELDS = new Set(['group', 'version', 'kind', 'name', 'namespace']);
const IMAGE_FIELDS = new Set(['name', 'newName', 'newTag', 'digest']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass']);
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
}

export function kustomize(dir: string): KObject[] {
  const file = kustomizationFile(dir);
  if (!file) throw new Error(`${rel(dir)} has no kustomization.yaml`);
  const [spec, ...extra] = readYamlFile(file);
  const origin = rel(file);
  if (!isRecord(spec) || extra.length > 0) throw new Error(`${origin}: expected one mapping`);
  for (const field of Object.keys(spec)) {
    if (!SUPPORTED_FIELDS.has(field)) throw new Error(`${origin}: field "${field}" is not supported by this renderer`);
  }
  if (spec['apiVersion'] !== 'kustomize.config.k8s.io/v1beta1' || spec['kind'] !== 'Kustomization') {
    throw new Error(`${origin}: expected apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization`);
  }

  let objects: KObject[] = stringList(spec['resources'], `${origin} resources`).flatMap((entry) => loadResource(dir, entry, origin));
  assertUnique(objects, origin);

  for (const [i, entry] of list(spec['patches'], `${origin} patches`).entries()) {
    objects = applyPatch(objects, entry, dir, `${origin} patches[${i}]`);
  }

  if (spec['namespace'] !== undefined) {
    const namespace = spec['namespace'];
    if (typeof namespace !== 'string' || namespace === '') throw new Error(`${origin}: namespace must be a name`);
    objects = objects.map((o) =>
      CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace } },
    );
  }

  const images = list(spec['images'], `${origin} images`).map((entry, i) => asImageOverride(entry, `${origin} images[${i}]`));
  if (images.length > 0) objects = applyImages(objects, images, origin);

  assertUnique(objects, origin);
  return objects;
}

function loadResource(dir: string, entry: string, origin: string): KObject[] {
  if (/^[a-z]+:\/\//.test(entry)) throw new Error(`${origin}: remote resource ${entry} is not supported`);
  const path = resolve(dir, entry);
  if (!existsSync(path)) throw new Error(`${origin}: resource ${entry} does not exist`);
  if (statSync(path).isDirectory()) return kustomize(path);
  return readYamlFile(path).map((doc) => asKObject(doc, rel(path)));
}

function applyPatch(objects: KObject[], entry: unknown, dir: string, origin: string): KObject[] {
  if (!isRecord(entry)) throw new Error(`${origin}: expected a mapping`);
  for (const field of Object.keys(entry)) {
    if (!PATCH_FIELDS.has(field)) throw new Error(`${origin}: patch field "${field}" is not supported by this renderer`);
  }
  const { path, patch, target } = entry;
  if ((path === undefined) === (patch === undefined)) throw new Error(`${origin}: give exactly one of path and patch`);
  const docs =
    typeof path === 'string'
      ? parseYamlDocuments(readText(resolve(dir, path)), rel(resolve(dir, path)), { dialect: 'kubernetes' })
      : typeof patch === 'string'
        ? parseYamlDocuments(patch, origin, { dialect: 'kubernetes' })
        : undefined;
  if (!docs || docs.length === 0) throw new Error(`${origin}: empty or unreadable patch`);
  const explicitTarget = target === undefined ? undefined : asTarget(target, origin);

  if (docs.length === 1 && Array.isArray(docs[0])) {
    if (!explicitTarget) throw new Error(`${origin}: a JSON 6902 patch needs a target`);
    const operations = asJsonPatch(docs[0], origin);
    return patchMatching(objects, explicitTarget, origin, (o) => applyJsonPatch(o, operations));
  }
  let out = objects;
  for (const doc of docs) {
    const smp = asKObject(doc, origin);
    const [group, version] = splitApiVersion(smp.apiVersion);
    const selfTarget: PatchTarget = { group, version, kind: smp.kind, name: smp.metadata.name, namespace: smp.metadata.namespace };
    out = patchMatching(out, explicitTarget ?? selfTarget, origin, (o) => strategicMerge(o, smp));
  }
  return out;
}

function patchMatching(objects: KObject[], target: PatchTarget, origin: string, apply: (o: KObject) => unknown): KObject[] {
  let matched = 0;
  const out = objects.map((o) => {
    if (!matches(o, target)) return o;
    matched++;
    const patched = asKObject(apply(o), origin);
    if (patched.kind !== o.kind || patched.metadata.name !== o.metadata.name) throw new Error(`${origin}: a patch may not rename ${objectId(o)}`);
    return patched;
  });
  if (matched === 0) throw new Error(`${origin}: the patch matches no object (target ${JSON.stringify(target)})`);
  return out;
}

const splitApiVersion = (apiVersion: string): [string, string] => {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
};

/** Kustomize target selection; `name` is an anchored regular expression, as in kustomize. */
function matches(o: KObject, t: PatchTarget): boolean {
  const [group, version] = splitApiVersion(o.apiVersion);
  return (
    (t.group === undefined || t.group === group) &&
    (t.version === undefined || t.version === version) &&
    (t.kind === undefined || t.kind === o.kind) &&
    (t.name === undefined || new RegExp(`^(?:${t.name})$`).test(o.metadata.name)) &&
    (t.namespace === undefined || t.namespace === (o.metadata.namespace ?? ''))
  );
}

function asTarget(value: unknown, origin: string): PatchTarget {
  if (!isRecord(value)) throw new Error(`${origin}: target must be a mapping`);
  for (const [field, v] of Object.entries(value)) {
    if (!TARGET_FIELDS.has(field)) throw new Error(`${origin}: target field "${field}" is not supported by this renderer`);
    if (typeof v !== 'string') throw new Error(`${origin}: target.${field} must be a string`);
  }
  return value as PatchTarget;
}

function asImageOverride(value: unknown, origin: string): ImageOverride {
  if (!isRecord(value) || typeof value['name'] !== 'string') throw new Error(`${origin}: an image override needs a name`);
  for (const [field, v] of Object.entries(value)) {
    if (!IMAGE_FIELDS.has(field)) throw new Error(`${origin}: image field "${field}" is not supported by this renderer`);
    if (typeof v !== 'string') throw new Error(`${origin}: images.${field} must be a string (quote tags like "1.0")`);
  }
  return value as unknown as ImageOverride;
}

/** `registry:5000/team/app:1.2@sha256:...` into name, tag and digest. */
export function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withTag, digest] = image.split('@', 2) as [string, string | undefined];
  const slash = withTag.lastIndexOf('/');
  const colon = withTag.lastIndexOf(':');
  return colon > slash ? { name: withTag.slice(0, colon), tag: withTag.slice(colon + 1), digest } : { name: withTag, digest };
}

function applyImages(objects: KObject[], images: ImageOverride[], origin: string): KObject[] {
  const used = new Set<string>();
  const rewrite = (image: string): string => {
    const parsed = parseImage(image);
    const override = images.find((i) => i.name === parsed.name);
    if (!override) return image;
    used.add(override.name);
    const name = override.newName ?? parsed.name;
    if (override.digest) return `${name}@${override.digest}`;
    const tag = override.newTag ?? parsed.tag;
    return `${name}${tag ? `:${tag}` : ''}${!override.newTag && parsed.digest ? `@${parsed.digest}` : ''}`;
  };
  const out = objects.map((o) => {
    const pod = podSpecPath(o);
    if (!pod) return o;
    const copy = structuredClone(o);
    const spec = pod.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), copy);
    if (isRecord(spec)) {
      for (const field of ['containers', 'initContainers']) {
        const containers = spec[field];
        if (!Array.isArray(containers)) continue;
        for (const c of containers) {
          if (isRecord(c) && typeof c['image'] === 'string') c['image'] = rewrite(c['image']);
        }
      }
    }
    return copy;
  });
  const unused = images.filter((i) => !used.has(i.name)).map((i) => i.name);
  if (unused.length > 0) throw new Error(`${origin}: image overrides match no container: ${unused.join(', ')}`);
  return out;
}

function podSpecPath(o: KObject): string[] | undefined {
  switch (o.kind) {
    case 'Pod':
      return ['spec'];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return ['spec', 'template', 'spec'];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    default:
      return undefined;
  }
}

function assertUnique(objects: readonly KObject[], origin: string): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const [group] = splitApiVersion(o.apiVersion);
    const id = `${group}/${objectId(o)}`;
    if (seen.has(id)) throw new Error(`${origin}: ${objectId(o)} is defined twice`);
    seen.add(id);
  }
}

const list = (value: unknown, origin: string): unknown[] => {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${origin} must be a list`);
  return value;
};

const stringList = (value: unknown, origin: string): string[] =>
  list(value, origin).map((v) => {
    if (typeof v !== 'string') throw new Error(`${origin} entries must be strings`);
    return v;
  });
