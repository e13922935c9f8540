import {
  type IDeployment,
  type IHorizontalPodAutoscaler,
  type IJob,
  type ISecret,
  type KObject,
  named,
  ofKind,
  quantity,
  secretData,
  workloads,
} from './support/k8s';
import { parseImage } from './support/kustomize';
import { rendering, secretTemplate } from './support/renderings';
import { nxBuiltApps } from './support/workspace';

/** What each overlay changes, and what it must never change. */

const base = rendering('base');
const dev = rendering('dev');
const prod = rendering('prod');
const apps = nxBuiltApps().map((a) => a.name);
/** Images built from deploy/docker/Dockerfile: one per app, and the migration image. */
const ownImages = new Set([...apps, 'migrate']);
const THIRD_PARTY = /^apache\/kafka:3\.9\.\d+$/;

const images = (objects: readonly KObject[]) =>
  workloads(objects).flatMap((w) => w.pod.containers.map((c) => ({ workload: w.object.metadata.name, image: c.image ?? '' })));
const id = (o: KObject) => `${o.kind}/${o.metadata.name}`;
const hpaBounds = (objects: readonly KObject[]) =>
  Object.fromEntries(
    ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler').map((h) => [h.metadata.name, [h.spec?.minReplicas, h.spec?.maxReplicas]]),
  );
const topicSettings = (objects: readonly KObject[]) => {
  const env = named<IJob>(objects, 'Job', 'kafka-topics').spec?.template.spec?.containers[0]?.env ?? [];
  const value = (name: string) => Number(env.find((e) => e.name === name)?.value);
  return { partitions: value('TOPIC_PARTITIONS'), replication: value('TOPIC_REPLICATION_FACTOR') };
};

describe('base', () => {
  it('sets no namespace and uses placeholder images that every overlay maps', () => {
    expect(base.objects.filter((o) => o.metadata.namespace !== undefined).map(id)).toEqual([]);
    for (const { image } of images(base.objects).filter((i) => !THIRD_PARTY.test(i.image))) {
      expect(image).toMatch(/^foresight\/[a-z-]+$/);
    }
  });

  it('renders no Secret; the template names every key the pods read, with placeholders only', () => {
    expect(ofKind<ISecret>(base.objects, 'Secret')).toEqual([]);
    const template = secretData([secretTemplate()]).get('foresight-secrets') ?? {};
    expect(Object.keys(template).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'REDIS_URL']);
    for (const [key, value] of Object.entries(template)) expect({ key, placeholder: value.includes('CHANGE_ME') }).toEqual({ key, placeholder: true });
  });
});

describe.each([
  ['dev', dev, 'foresight-dev'],
  ['prod', prod, 'foresight'],
] as const)('overlay %s', (_name, overlay, namespace) => {
  it('keeps every object of the base and adds its Namespace', () => {
    const added = overlay.objects.map(id).filter((o) => !base.objects.map(id).includes(o));
    expect(base.objects.map(id).filter((o) => !overlay.objects.map(id).includes(o))).toEqual([]);
    expect(added).toEqual(overlay === dev ? ['Namespace/foresight-dev', 'Secret/foresight-secrets'] : ['Namespace/foresight']);
  });

  it(`puts everything in namespace ${namespace}, which enforces Pod Security "restricted"`, () => {
    expect(overlay.objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== namespace).map(id)).toEqual([]);
    expect(named<KObject>(overlay.objects, 'Namespace', namespace).metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('maps every image to one the Dockerfile builds, with an explicit tag', () => {
    for (const { workload, image } of images(overlay.objects)) {
      if (THIRD_PARTY.test(image)) continue;
      const { name, tag } = parseImage(image);
      const app = name.split('/').at(-1) ?? '';
      expect({ workload, image, builtHere: ownImages.has(app) && name.split('/').at(-2) === 'foresight', tagged: !!tag && tag !== 'latest' }).toEqual({
        workload,
        image,
        builtHere: true,
        tagged: true,
      });
      if (workload.startsWith('prediction-serving-')) expect(app).toBe('prediction-serving');
    }
  });
});

describe('overlay dev', () => {
  it('runs one small replica of everything, from locally built `dev` images', () => {
    expect(Object.values(hpaBounds(dev.objects)).every(([min, max]) => min === 1 && max === 2)).toBe(true);
    for (const d of ofKind<IDeployment>(dev.objects, 'Deployment')) {
      expect(d.spec?.template.spec?.containers[0]?.resources?.requests).toEqual({ cpu: '50m', memory: '128Mi' });
    }
    expect(images(dev.objects).filter((i) => !THIRD_PARTY.test(i.image)).every((i) => i.image.endsWith(':dev'))).toBe(true);
  });

  it('ships throwaway secrets with exactly the template keys, and single-broker topics', () => {
    const secret = dev.secrets.get('foresight-secrets') ?? {};
    const template = secretData([secretTemplate()]).get('foresight-secrets') ?? {};
    expect(Object.keys(secret).sort()).toEqual(Object.keys(template).sort());
    expect(Object.values(secret).some((v) => v.includes('CHANGE_ME'))).toBe(false);
    expect(topicSettings(dev.objects)).toEqual({ partitions: 3, replication: 1 });
  });
});

describe('overlay prod', () => {
  it('renders no Secret: it comes from the secret store', () => {
    expect(ofKind<ISecret>(prod.objects, 'Secret')).toEqual([]);
  });

  it('pulls released images from the registry; the canary runs the same repository as stable', () => {
    for (const { image } of images(prod.objects).filter((i) => !THIRD_PARTY.test(i.image))) {
      expect(image).toMatch(/^registry\.example\.com\/foresight\/[a-z-]+:\d+\.\d+\.\d+(-[\w.]+)?$/);
    }
    const image = (name: string) => parseImage(named<IDeployment>(prod.objects, 'Deployment', name).spec?.template.spec?.containers[0]?.image ?? '');
    expect(image('prediction-serving-canary').name).toBe(image('prediction-serving-stable').name);
  });

  it('keeps at least two replicas of every stable service, and scales the hot path furthest', () => {
    const bounds = hpaBounds(prod.objects);
    for (const [name, [min]] of Object.entries(bounds)) {
      if (name !== 'prediction-serving-canary') expect({ name, min: (min ?? 1) >= 2 }).toEqual({ name, min: true });
    }
    const maxOf = (name: string) => bounds[name]?.[1] ?? 0;
    const others = Object.keys(bounds).filter((n) => !['api-gateway', 'prediction-serving-stable'].includes(n));
    expect(Math.min(maxOf('api-gateway'), maxOf('prediction-serving-stable'))).toBeGreaterThan(Math.max(...others.map(maxOf)));
  });

  it('gives the hot path more resources than the base, and replicates topics', () => {
    for (const name of ['api-gateway', 'prediction-serving-stable', 'prediction-serving-canary']) {
      const resources = (objects: readonly KObject[]) => named<IDeployment>(objects, 'Deployment', name).spec?.template.spec?.containers[0]?.resources;
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) {
          expect(quantity(resources(prod.objects)?.[kind]?.[resource] ?? 0)).toBeGreaterThanOrEqual(quantity(resources(base.objects)?.[kind]?.[resource] ?? Infinity));
        }
      }
    }
    expect(topicSettings(prod.objects).replication).toBeGreaterThanOrEqual(3);
  });
});
