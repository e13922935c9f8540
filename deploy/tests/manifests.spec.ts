// eslint-disable-next-line @nx/enforce-module-boundaries -- the topic list is a dependency-free module; the contracts barrel needs codegen first
import { ALL_TOPICS } from '../../libs/contracts/src/messaging/topics';
import {
  type EnvEntry,
  type IContainer,
  type IDeployment,
  type IHorizontalPodAutoscaler,
  type IJob,
  type IPodDisruptionBudget,
  type IService,
  type IServiceAccount,
  type KObject,
  type Workload,
  configMapData,
  named,
  objectId,
  ofKind,
  quantity,
  resolveContainerPort,
  resolveEnv,
  selects,
  serviceSelects,
  workloads,
} from './support/k8s';
import { NetworkModel, type Endpoint } from './support/network';
import { renderings, type Rendering } from './support/renderings';
import { schemaErrors } from './support/schema';
import { appEnvNeeds, httpPortVariable, nxBuiltApps } from './support/workspace';

/**
 * What a reviewer checks on every Deployment, Service and policy, asserted on the base and on
 * each overlay as rendered. What each service needs comes from its env schema in apps/, so a
 * service that starts reading Redis fails here until its manifests give it Redis.
 */

const APP_LABEL = 'app.kubernetes.io/name';
const GATEWAY = 'api-gateway';
const apps = nxBuiltApps().map((a) => a.name);
const needs = new Map(apps.map((app) => [app, appEnvNeeds(app)]));

/** Upstreams read by code paths outside the env schema: the gateway's canary routing. */
const EXTRA_UPSTREAMS: Record<string, string[]> = { [GATEWAY]: ['PREDICTION_SERVING_CANARY_GRPC'] };
/** What the one-shot Jobs need. */
const JOB_NEEDS: Record<string, string[]> = { migrate: ['DATABASE_URL'], 'kafka-topics': ['KAFKA_BROKERS'] };
const STORE_VARIABLES = ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS'];
const MONITORING_NAMESPACE = { 'kubernetes.io/metadata.name': 'monitoring' };

describe('what each service needs (read from apps/*/src/config)', () => {
  it('matches the architecture: data stores, secrets and gRPC upstreams per service', () => {
    const summary = Object.fromEntries(
      [...needs].map(([app, n]) => [app, [...n.required].filter((v) => !['HOST', 'HTTP_PORT', 'GRPC_PORT', 'GATEWAY_PORT'].includes(v)).sort()]),
    );
    const grpc = ['FEATURE_STORE_GRPC', 'MODEL_REGISTRY_GRPC', 'MONITORING_GRPC', 'PREDICTION_SERVING_GRPC', 'RECOMMENDATION_GRPC', 'TRAINING_GRPC'];
    expect(summary).toEqual({
      'api-gateway': ['JWT_SECRET', 'KAFKA_BROKERS', ...grpc].sort(),
      'feature-store': ['DATABASE_URL', 'KAFKA_BROKERS', 'REDIS_URL'],
      'model-registry': ['DATABASE_URL', 'KAFKA_BROKERS'],
      'training-orchestrator': ['DATABASE_URL', 'FEATURE_STORE_GRPC', 'KAFKA_BROKERS', 'MODEL_REGISTRY_GRPC'],
      'prediction-serving': ['KAFKA_BROKERS', 'MODEL_REGISTRY_GRPC', 'REDIS_URL'],
      recommendation: ['DATABASE_URL', 'KAFKA_BROKERS', 'REDIS_URL'],
      monitoring: ['DATABASE_URL', 'KAFKA_BROKERS'],
    });
  });
});

describe.each(renderings().map((r) => [r.name, r] as const))('%s', (_name, rendering: Rendering) => {
  const { objects } = rendering;
  const namespace = objects.find((o) => o.metadata.namespace)?.metadata.namespace ?? 'default';
  const deployments = ofKind<IDeployment>(objects, 'Deployment');
  const services = ofKind<IService>(objects, 'Service');
  const all = workloads(objects);
  const workloadOf = (o: KObject): Workload => all.find((w) => w.object === o)!;
  const appOf = (w: Workload): string => w.podLabels[APP_LABEL] ?? '';
  const configMaps = configMapData(objects);

  const envOf = (container: IContainer): Map<string, EnvEntry> => {
    const missing: string[] = [];
    const env = resolveEnv(container, configMaps, rendering.secrets, (m) => missing.push(m));
    if (missing.length > 0) throw new Error(`${container.name}: missing ${missing.join(', ')}`);
    return env;
  };
  const mainContainer = (w: Workload): IContainer => {
    const container = w.pod.containers.find((c) => c.name === appOf(w));
    if (!container) throw new Error(`${objectId(w.object)} has no container named ${appOf(w)}`);
    return container;
  };

  /** `host:port` of an env value, resolved to the Service and the pods behind it. */
  const upstream = (address: string) => {
    const [host, port] = address.split(':');
    const service = services.find((s) => s.metadata.name === host);
    const servicePort = service?.spec?.ports?.find((p) => p.port === Number(port));
    const backends = all.filter((w) => w.object.kind === 'Deployment' && serviceSelects(service?.spec?.selector, w.podLabels));
    const targets = backends.map((w) => resolveContainerPort(w.pod, servicePort?.targetPort ?? servicePort?.port));
    return { service, servicePort, backends, targets };
  };

  /** Which workloads call which (source app -> target workloads and the port dialled). */
  const callGraph = () => all.flatMap((w) => {
    const app = appOf(w);
    const variables = [...(needs.get(app)?.required ?? []), ...(EXTRA_UPSTREAMS[app] ?? [])].filter((v) => v.endsWith('_GRPC'));
    const env = w.object.kind === 'Deployment' ? envOf(mainContainer(w)) : new Map<string, EnvEntry>();
    return variables.flatMap((variable) => {
      const { backends, servicePort } = upstream(env.get(variable)?.value ?? '');
      return backends.map((target) => ({ source: w, target, port: servicePort?.port ?? 0, variable }));
    });
  });

  it('renders', () => {
    if (rendering.error) throw rendering.error;
    expect(objects.length).toBeGreaterThan(0);
  });

  it('every object is valid against the Kubernetes schema of its apiVersion/kind', () => {
    expect(objects.flatMap((o) => schemaErrors(o).map((e) => `${objectId(o)}${e}`))).toEqual([]);
  });

  it('runs every app Nx builds once, and prediction-serving as a stable and a canary track', () => {
    expect([...new Set(deployments.map((d) => d.spec?.template.metadata?.labels?.[APP_LABEL]))].sort()).toEqual([...apps].sort());
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      [...apps.filter((a) => a !== 'prediction-serving'), 'prediction-serving-stable', 'prediction-serving-canary'].sort(),
    );
    for (const track of ['stable', 'canary']) {
      const d = named<IDeployment>(objects, 'Deployment', `prediction-serving-${track}`);
      expect(d.spec?.selector.matchLabels).toEqual({ [APP_LABEL]: 'prediction-serving', track });
      expect(named<IService>(objects, 'Service', `prediction-serving-${track}`).spec?.selector).toEqual({ [APP_LABEL]: 'prediction-serving', track });
    }
  });

  describe.each(deployments.map((d) => [d.metadata.name, d] as const))('Deployment %s', (name, deployment) => {
    const w = workloadOf(deployment);
    const app = appOf(w);
    const container = mainContainer(w);
    const appNeeds = needs.get(app)!;

    it('selects its own pods and leaves the replica count to its HorizontalPodAutoscaler', () => {
      expect(selects(deployment.spec?.selector, w.podLabels)).toBe(true);
      expect(deployment.spec?.replicas).toBeUndefined();
      const others = deployments.filter((d) => d !== deployment && selects(deployment.spec?.selector, d.spec?.template.metadata?.labels ?? {}));
      expect(others.map((d) => d.metadata.name)).toEqual([]);
    });

    it('probes /health/live (startup, liveness) and /health/ready (readiness) on the port the app listens on', () => {
      const listening = Number(envOf(container).get(httpPortVariable(appNeeds))?.value);
      const probe = (kind: 'startupProbe' | 'livenessProbe' | 'readinessProbe') => {
        const get = container[kind]?.httpGet;
        return { path: get?.path, port: resolveContainerPort(w.pod, get?.port)?.containerPort };
      };
      expect(probe('startupProbe')).toEqual({ path: '/health/live', port: listening });
      expect(probe('livenessProbe')).toEqual({ path: '/health/live', port: listening });
      expect(probe('readinessProbe')).toEqual({ path: '/health/ready', port: listening });
      // Readiness checks answer within 2 s each; a shorter probe timeout would flap.
      expect(container.readinessProbe?.timeoutSeconds ?? 1).toBeGreaterThan(2);
    });

    it('requests and limits cpu and memory for every container, requests within limits', () => {
      for (const c of [...w.pod.containers, ...(w.pod.initContainers ?? [])]) {
        for (const resource of ['cpu', 'memory']) {
          const request = c.resources?.requests?.[resource];
          const limit = c.resources?.limits?.[resource];
          expect({ container: c.name, resource, request: request !== undefined, limit: limit !== undefined }).toEqual({
            container: c.name,
            resource,
            request: true,
            limit: true,
          });
          expect(quantity(request!)).toBeLessThanOrEqual(quantity(limit!));
        }
      }
    });

    it('runs as non-root with a read-only root filesystem (Pod Security "restricted")', () => {
      expectRestricted(w);
    });

    it('has its Service, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy and ServiceAccount', () => {
      const hpa = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler').filter(
        (h) => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === name,
      );
      expect(hpa).toHaveLength(1);
      expect(hpa[0]!.apiVersion).toBe('autoscaling/v2');
      expect(hpa[0]!.spec?.minReplicas ?? 1).toBeGreaterThanOrEqual(1);
      expect(hpa[0]!.spec?.maxReplicas).toBeGreaterThanOrEqual(hpa[0]!.spec?.minReplicas ?? 1);
      expect(hpa[0]!.spec?.metrics?.some((m) => m.resource?.name === 'cpu' && m.resource.target.averageUtilization !== undefined)).toBe(true);

      const pdbs = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').filter((p) => selects(p.spec?.selector, w.podLabels));
      expect(pdbs).toHaveLength(1);
      // Room for one eviction even at a single replica, so node drains never block.
      expect(pdbs[0]!.spec?.maxUnavailable).toBeDefined();

      expect(services.filter((s) => serviceSelects(s.spec?.selector, w.podLabels)).length).toBeGreaterThanOrEqual(1);
      const own = new NetworkModel(objects, namespace).selecting(w, 'Ingress').filter((p) => Object.keys(p.spec?.podSelector.matchLabels ?? {}).length > 0);
      expect(own.map((p) => p.metadata.name)).toEqual([app]);

      const account = ofKind<IServiceAccount>(objects, 'ServiceAccount').find((s) => s.metadata.name === w.pod.serviceAccountName);
      expect(account?.metadata.name).toBe(app);
      expect(w.pod.automountServiceAccountToken).toBe(false);
    });

    it('gets every variable its env schema needs, binds 0.0.0.0 and listens on the ports it declares', () => {
      const env = envOf(container);
      const unset = [...appNeeds.required].filter((v) => !env.get(v)?.value);
      expect(unset).toEqual([]);
      expect(env.get('HOST')?.value).toBe('0.0.0.0');
      const declared = Object.fromEntries((container.ports ?? []).map((p) => [p.name, p.containerPort]));
      const expected: Record<string, number> = { http: Number(env.get(httpPortVariable(appNeeds))?.value) };
      if (appNeeds.required.has('GRPC_PORT')) expected['grpc'] = Number(env.get('GRPC_PORT')?.value);
      expect(declared).toEqual(expected);
      for (const [variable, port] of appNeeds.ports) expect({ variable, port: Number(env.get(variable)?.value) }).toEqual({ variable, port });
      // Secrets come from the Secret, never from a literal or the ConfigMap.
      for (const secret of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET'].filter((v) => appNeeds.required.has(v))) {
        expect({ secret, from: env.get(secret)?.ref?.kind }).toEqual({ secret, from: 'Secret' });
      }
      if (app === 'prediction-serving') expect(env.get('INSTANCE_ID')?.ref).toEqual({ kind: 'Field', path: 'metadata.name' });
    });
  });

  it('every Service selects pods, targets ports they declare, and names its ports http/grpc', () => {
    const problems: string[] = [];
    for (const service of services) {
      const backends = all.filter((w) => serviceSelects(service.spec?.selector, w.podLabels));
      if (backends.length === 0) problems.push(`${service.metadata.name} selects no pods`);
      for (const port of service.spec?.ports ?? []) {
        if (!['http', 'grpc'].includes(port.name ?? '')) problems.push(`${service.metadata.name} port ${port.port} is not named http/grpc`);
        for (const w of backends) {
          const target = resolveContainerPort(w.pod, port.targetPort ?? port.port);
          if (!target) problems.push(`${service.metadata.name}:${port.port} -> ${String(port.targetPort)} is not a port of ${objectId(w.object)}`);
          else if (target.name !== port.name) problems.push(`${service.metadata.name}:${port.name} targets ${target.name}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('every ConfigMap and Secret reference of every container resolves', () => {
    const problems: string[] = [];
    for (const w of all) {
      for (const c of [...w.pod.containers, ...(w.pod.initContainers ?? [])]) {
        resolveEnv(c, configMaps, rendering.secrets, (m) => problems.push(`${objectId(w.object)}/${c.name}: ${m}`));
      }
      for (const v of w.pod.volumes ?? []) {
        if (v.configMap && !configMaps.has(v.configMap.name ?? '')) problems.push(`${objectId(w.object)}: volume ConfigMap ${v.configMap.name}`);
        if (v.secret && !rendering.secrets.has(v.secret.secretName ?? '')) problems.push(`${objectId(w.object)}: volume Secret ${v.secret.secretName}`);
      }
      for (const c of w.pod.containers) {
        for (const m of c.volumeMounts ?? []) {
          if (!(w.pod.volumes ?? []).some((v) => v.name === m.name)) problems.push(`${objectId(w.object)}/${c.name}: mount of undefined volume ${m.name}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the ConfigMap holds no secret: credentials live in the Secret', () => {
    for (const [name, data] of configMaps) {
      for (const [key, value] of Object.entries(data)) {
        expect({ name, key, secretLike: /SECRET|PASSWORD|TOKEN|DATABASE_URL|REDIS_URL/.test(key) || /:\/\/[^/\s]*:[^/\s]*@/.test(value) }).toEqual({
          name,
          key,
          secretLike: false,
        });
      }
    }
  });

  it('every gRPC upstream address points at a Service port that reaches the gRPC port of its pods', () => {
    const gateway = named<IDeployment>(objects, 'Deployment', GATEWAY);
    const env = envOf(mainContainer(workloadOf(gateway)));
    const addresses = [...env.values()].filter((e) => e.name.endsWith('_GRPC'));
    expect(addresses.map((a) => a.name).sort()).toEqual(
      [...[...needs.get(GATEWAY)!.required].filter((v) => v.endsWith('_GRPC')), ...EXTRA_UPSTREAMS[GATEWAY]!].sort(),
    );
    for (const { name: variable, value } of addresses) {
      const { service, servicePort, backends, targets } = upstream(value ?? '');
      expect({ variable, value, service: service?.metadata.name, port: servicePort?.name }).toEqual({
        variable,
        value,
        service: value?.split(':')[0],
        port: 'grpc',
      });
      expect(backends.length).toBeGreaterThan(0);
      expect(targets.map((t) => t?.name)).toEqual(backends.map(() => 'grpc'));
    }
    const track = (variable: string) => upstream(env.get(variable)?.value ?? '').backends.map((w) => w.podLabels['track']);
    expect(track('PREDICTION_SERVING_GRPC')).toEqual(['stable']);
    expect(track('PREDICTION_SERVING_CANARY_GRPC')).toEqual(['canary']);
  });

  describe('network policies', () => {
    const network = new NetworkModel(objects, namespace);
    const pod = (w: Workload): Endpoint => ({ kind: 'workload', workload: w });
    const grpcPort = (w: Workload) => resolveContainerPort(w.pod, 'grpc')?.containerPort;
    const httpPort = (w: Workload) => resolveContainerPort(w.pod, 'http')?.containerPort;
    const services = all.filter((w) => w.object.kind === 'Deployment');

    it('deny everything by default, in both directions, for every pod; DNS stays open', () => {
      for (const w of all) {
        const denyAll = network
          .selecting(w, 'Ingress')
          .filter((p) => Object.keys(p.spec?.podSelector ?? {}).length === 0 && !p.spec?.ingress && p.spec?.policyTypes?.includes('Egress') && !p.spec.egress);
        expect({ workload: objectId(w.object), denyAll: denyAll.length }).toEqual({ workload: objectId(w.object), denyAll: 1 });
        const dns: Endpoint = { kind: 'pod', namespaceLabels: { 'kubernetes.io/metadata.name': 'kube-system' }, podLabels: { 'k8s-app': 'kube-dns' } };
        expect(network.allowed(pod(w), dns, 53, 'UDP')).toBe(true);
        expect(network.allowed(pod(w), { kind: 'external' }, 443)).toBe(false);
      }
    });

    it('accept gRPC only from the services that call them (derived from their env)', () => {
      const calls = callGraph();
      expect(calls.length).toBeGreaterThanOrEqual(7);
      const problems: string[] = [];
      for (const target of services.filter((w) => grpcPort(w) !== undefined)) {
        for (const source of all) {
          const expected = calls.some((c) => c.source === source && c.target === target);
          const port = grpcPort(target)!;
          if (network.allowed(pod(source), pod(target), port) !== expected) {
            problems.push(`${objectId(source.object)} -> ${objectId(target.object)}:${port} should be ${expected ? 'allowed' : 'denied'}`);
          }
        }
      }
      for (const c of calls) if (c.port !== grpcPort(c.target)) problems.push(`${c.variable} dials ${c.port}, not the gRPC port`);
      expect(problems).toEqual([]);
    });

    it('only the gateway is reachable from outside the namespace; the others only for /metrics from the monitoring namespace', () => {
      const intruder: Endpoint = { kind: 'pod', namespaceLabels: { 'kubernetes.io/metadata.name': 'elsewhere' }, podLabels: {} };
      const prometheus: Endpoint = { kind: 'pod', namespaceLabels: MONITORING_NAMESPACE, podLabels: { 'app.kubernetes.io/name': 'prometheus' } };
      for (const w of all) {
        const isGateway = appOf(w) === GATEWAY;
        const ports = [httpPort(w), grpcPort(w)].filter((p): p is number => p !== undefined);
        const reachable = (from: Endpoint) => ports.filter((p) => network.allowed(from, pod(w), p));
        expect({ workload: objectId(w.object), external: reachable({ kind: 'external' }), intruder: reachable(intruder) }).toEqual({
          workload: objectId(w.object),
          external: isGateway ? [httpPort(w)] : [],
          intruder: isGateway ? [httpPort(w)] : [],
        });
        if (w.object.kind === 'Deployment') expect(reachable(prometheus)).toEqual([httpPort(w)]);
      }
    });

    it('let every workload reach its data stores on the ports their URLs name', () => {
      const problems: string[] = [];
      for (const w of all) {
        const app = appOf(w);
        const required = w.object.kind === 'Job' ? JOB_NEEDS[app] ?? [] : [...(needs.get(app)?.required ?? [])];
        const env = envOf(w.pod.containers[0]!);
        for (const variable of STORE_VARIABLES.filter((v) => required.includes(v))) {
          const value = env.get(variable)?.value ?? '';
          const ports = variable === 'KAFKA_BROKERS' ? value.split(',').map((b) => Number(b.split(':').at(-1))) : [Number(new URL(value).port)];
          for (const port of ports) {
            const store: Endpoint = { kind: 'pod', namespaceLabels: { 'kubernetes.io/metadata.name': 'data' }, podLabels: {} };
            if (!port || !network.allowed(pod(w), store, port)) problems.push(`${objectId(w.object)} cannot reach ${variable} on port ${port}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  });

  it('the migration Job applies prisma migrations with the database URL from the Secret', () => {
    const job = named<IJob>(objects, 'Job', 'migrate');
    const [container] = job.spec!.template.spec!.containers;
    expect(container!.command).toEqual(['node', 'tools/scripts/prisma.mjs', 'migrate']);
    expect(envOf(container!).get('DATABASE_URL')?.ref).toEqual({ kind: 'Secret', name: 'foresight-secrets', key: 'DATABASE_URL' });
    expect(job.spec?.template.spec?.restartPolicy).toBe('OnFailure');
    expectRestricted(workloadOf(job));
  });

  it('the topic Job creates every topic the contracts declare', () => {
    const job = named<IJob>(objects, 'Job', 'kafka-topics');
    const env = envOf(job.spec!.template.spec!.containers[0]!);
    expect((env.get('TOPICS')?.value ?? '').split(/\s+/).sort()).toEqual([...ALL_TOPICS].sort());
    expect(Number(env.get('TOPIC_PARTITIONS')?.value)).toBeGreaterThanOrEqual(1);
    expect(Number(env.get('TOPIC_REPLICATION_FACTOR')?.value)).toBeGreaterThanOrEqual(1);
    expectRestricted(workloadOf(job));
  });
});

/** Pod Security Standards, "restricted" profile, as far as these pods use the fields it covers. */
function expectRestricted(w: Workload): void {
  const pod = w.pod.securityContext;
  expect({ runAsNonRoot: pod?.runAsNonRoot, seccomp: pod?.seccompProfile?.type }).toEqual({ runAsNonRoot: true, seccomp: 'RuntimeDefault' });
  expect(pod?.runAsUser).not.toBe(0);
  expect(w.pod.hostNetwork ?? false).toBe(false);
  expect(w.pod.hostPID ?? false).toBe(false);
  for (const c of [...w.pod.containers, ...(w.pod.initContainers ?? [])]) {
    const sc = c.securityContext;
    expect({
      container: c.name,
      allowPrivilegeEscalation: sc?.allowPrivilegeEscalation,
      readOnlyRootFilesystem: sc?.readOnlyRootFilesystem,
      dropsAll: sc?.capabilities?.drop?.includes('ALL'),
      adds: sc?.capabilities?.add ?? [],
      privileged: sc?.privileged ?? false,
      runAsRoot: sc?.runAsUser === 0,
    }).toEqual({
      container: c.name,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      dropsAll: true,
      adds: [],
      privileged: false,
      runAsRoot: false,
    });
  }
}
