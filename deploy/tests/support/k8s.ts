import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { isRecord } from './files';

type LabelSelector = NonNullable<IDeployment['spec']>['selector'];

export type { IConfigMap, IContainer, IDeployment, IHorizontalPodAutoscaler, IJob, INetworkPolicy, IPodDisruptionBudget, IPodSpec, ISecret, IService, IServiceAccount, LabelSelector };

/** Any Kubernetes object as read from YAML: only the type meta and the name are relied upon. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export function asKObject(value: unknown, origin: string): KObject {
  if (!isRecord(value)) throw new Error(`${origin}: a document is not a mapping`);
  const { apiVersion, kind, metadata } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') throw new Error(`${origin}: a document has no apiVersion/kind`);
  if (!isRecord(metadata) || typeof metadata['name'] !== 'string') throw new Error(`${origin}: ${kind} has no metadata.name`);
  return value as KObject;
}

export const objectId = (o: KObject): string => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** The typed view of the objects of one kind (schema validation has already vouched for their shape). */
export function ofKind<T>(objects: readonly KObject[], kind: string): Array<T & KObject> {
  return objects.filter((o) => o.kind === kind) as Array<T & KObject>;
}

export function named<T>(objects: readonly KObject[], kind: string, name: string): T & KObject {
  const found = ofKind<T>(objects, kind).find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}`);
  return found;
}

/** Workloads whose pods we reason about: Deployments and Jobs. */
export interface Workload {
  object: KObject;
  podLabels: Record<string, string>;
  pod: IPodSpec;
}

export function workloads(objects: readonly KObject[]): Workload[] {
  const out: Workload[] = [];
  for (const o of objects) {
    if (o.kind === 'Deployment' || o.kind === 'Job') {
      const template = (o as unknown as IDeployment | IJob).spec?.template;
      if (!template?.spec) throw new Error(`${objectId(o)} has no pod template`);
      out.push({ object: o, podLabels: template.metadata?.labels ?? {}, pod: template.spec });
    }
  }
  return out;
}

/** matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) against a label set. */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        return value !== undefined && (e.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(e.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
  return byLabels && byExpressions;
}

/** A Service's plain `selector` map (no expressions). */
export const serviceSelects = (selector: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The container port a Service targetPort or probe port (number or port name) designates. */
export function resolveContainerPort(pod: IPodSpec, port: number | string | undefined): IContainerPort | undefined {
  const ports = pod.containers.flatMap((c) => c.ports ?? []);
  if (typeof port === 'number') return ports.find((p) => p.containerPort === port);
  if (typeof port === 'string') return ports.find((p) => p.name === port);
  return undefined;
}

/** A container's environment as values: literals, `configmap:NAME/KEY`, `secret:NAME/KEY`, `field:PATH`. */
export interface EnvEntry {
  name: string;
  value?: string;
  ref?: { kind: 'ConfigMap' | 'Secret'; name: string; key: string } | { kind: 'Field'; path: string };
}

/**
 * Resolves envFrom (ConfigMaps and Secrets as whole) and env (later wins, as in Kubernetes)
 * into one map. Values from a ConfigMap are looked up in `objects`; a missing ConfigMap or key
 * is reported through `missing`.
 */
export function resolveEnv(
  container: IContainer,
  configMaps: ReadonlyMap<string, Record<string, string>>,
  secrets: ReadonlyMap<string, Record<string, string>>,
  missing: (what: string) => void,
): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const data = configMaps.get(source.configMapRef.name ?? '');
      if (!data) missing(`ConfigMap ${source.configMapRef.name}`);
      for (const [key, value] of Object.entries(data ?? {})) {
        env.set(`${source.prefix ?? ''}${key}`, { name: `${source.prefix ?? ''}${key}`, value, ref: { kind: 'ConfigMap', name: source.configMapRef.name ?? '', key } });
      }
    }
    if (source.secretRef) {
      const data = secrets.get(source.secretRef.name ?? '');
      if (!data) missing(`Secret ${source.secretRef.name}`);
      for (const [key, value] of Object.entries(data ?? {})) {
        env.set(`${source.prefix ?? ''}${key}`, { name: `${source.prefix ?? ''}${key}`, value, ref: { kind: 'Secret', name: source.secretRef.name ?? '', key } });
      }
    }
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    if (!from) {
      env.set(variable.name, { name: variable.name, value: variable.value ?? '' });
    } else if (from.configMapKeyRef) {
      const { name = '', key } = from.configMapKeyRef;
      const value = configMaps.get(name)?.[key];
      if (value === undefined) missing(`ConfigMap ${name} key ${key} (env ${variable.name})`);
      env.set(variable.name, { name: variable.name, value, ref: { kind: 'ConfigMap', name, key } });
    } else if (from.secretKeyRef) {
      const { name = '', key } = from.secretKeyRef;
      const value = secrets.get(name)?.[key];
      if (value === undefined) missing(`Secret ${name} key ${key} (env ${variable.name})`);
      env.set(variable.name, { name: variable.name, value, ref: { kind: 'Secret', name, key } });
    } else if (from.fieldRef) {
      env.set(variable.name, { name: variable.name, ref: { kind: 'Field', path: from.fieldRef.fieldPath } });
    } else {
      missing(`a supported valueFrom for env ${variable.name}`);
    }
  }
  return env;
}

/** ConfigMap data by name. */
export function configMapData(objects: readonly KObject[]): Map<string, Record<string, string>> {
  return new Map(ofKind<IConfigMap>(objects, 'ConfigMap').map((c) => [c.metadata.name, { ...(c.data ?? {}) }]));
}

/** Secret values by name (stringData as is, data base64-decoded). */
export function secretData(objects: readonly KObject[]): Map<string, Record<string, string>> {
  return new Map(
    ofKind<ISecret>(objects, 'Secret').map((s) => [
      s.metadata.name,
      {
        ...Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])),
        ...(s.stringData ?? {}),
      },
    ]),
  );
}

const BINARY_SUFFIX: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL_SUFFIX: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A resource quantity ("250m", "1", "512Mi", "1Gi") as a number of base units. */
export function quantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|m|k|M|G|T)?$/.exec(value);
  if (!match) throw new Error(`unsupported quantity ${value}`);
  const [, amount, suffix = ''] = match;
  return Number(amount) * (BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix] ?? NaN);
}
