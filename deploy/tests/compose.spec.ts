import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the topic list is a dependency-free module; the contracts barrel needs codegen first
import { ALL_TOPICS } from '../../libs/contracts/src/messaging/topics';
import { parseDockerfile } from './support/dockerfile';
import { DEPLOY_DIR, isRecord, readText, readYamlFile, REPO_ROOT } from './support/files';
import { appEnvNeeds, httpPortVariable, nxBuiltApps } from './support/workspace';

/** deploy/compose/compose.yaml, checked as a file (no Docker engine here). */

const COMPOSE_DIR = join(DEPLOY_DIR, 'compose');
const [compose] = readYamlFile(join(COMPOSE_DIR, 'compose.yaml'), { dialect: 'compose' });

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition?: string }>;
  ports?: string[];
  healthcheck?: { test?: string[] };
  read_only?: boolean;
  user?: string;
}

const services: Record<string, ComposeService> = isRecord(compose) && isRecord(compose['services']) ? (compose['services'] as Record<string, ComposeService>) : {};
const apps = nxBuiltApps().map((a) => a.name);
const env = (name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, String(v)]));
const stages = parseDockerfile(readText(join(DEPLOY_DIR, 'docker', 'Dockerfile'))).stages.map((s) => s.name);

describe('deploy/compose/compose.yaml', () => {
  it('runs Kafka 3.9 in KRaft mode, PostgreSQL 15, Redis 7, the one-shots and every app', () => {
    expect(Object.keys(services).sort()).toEqual([...apps, 'kafka', 'kafka-topics', 'migrate', 'postgres', 'redis'].sort());
    expect(services['kafka']?.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(services['postgres']?.image).toMatch(/^postgres:15(\.\d+)?$/);
    expect(services['redis']?.image).toMatch(/^redis:7(\.\d+)*$/);
    const kafka = env('kafka');
    expect(kafka['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(Object.keys(kafka).filter((k) => k.includes('ZOOKEEPER'))).toEqual([]);
    // A KRaft cluster id is a base64url-encoded UUID: 22 characters.
    expect(kafka['CLUSTER_ID']).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(kafka['KAFKA_AUTO_CREATE_TOPICS_ENABLE']).toBe('false');
  });

  it('creates every topic the contracts declare before any app starts', () => {
    expect((env('kafka-topics')['TOPICS'] ?? '').split(/\s+/).sort()).toEqual([...ALL_TOPICS].sort());
  });

  it('builds each app and the migration from the Dockerfile, at stages it has', () => {
    const built = Object.entries(services).filter(([, s]) => s.build);
    expect(built.map(([name]) => name).sort()).toEqual([...apps, 'migrate'].sort());
    for (const [name, s] of built) {
      const context = resolve(COMPOSE_DIR, s.build?.context ?? '.');
      expect({ name, context }).toEqual({ name, context: REPO_ROOT });
      expect(existsSync(join(context, s.build?.dockerfile ?? 'Dockerfile'))).toBe(true);
      expect(stages).toContain(s.build?.target);
      if (name !== 'migrate') expect({ name, target: s.build?.target, APP: s.build?.args?.['APP'] }).toEqual({ name, target: 'runtime', APP: name });
    }
  });

  it.each(apps)('%s gets what its env schema needs and listens where its healthcheck and callers look', (app) => {
    const needs = appEnvNeeds(app);
    const vars = env(app);
    expect([...needs.required].filter((v) => !vars[v])).toEqual([]);
    expect(vars['HOST']).toBe('0.0.0.0');
    for (const [variable, port] of needs.ports) expect({ variable, port: Number(vars[variable]) }).toEqual({ variable, port });
    const http = vars[httpPortVariable(needs)];
    expect(services[app]?.healthcheck?.test?.join(' ')).toContain(`http://127.0.0.1:${http}/health/live`);
    for (const [variable, address] of Object.entries(vars).filter(([k]) => k.endsWith('_GRPC'))) {
      const [host, port] = address.split(':');
      expect({ variable, host, port: env(host ?? '')['GRPC_PORT'] }).toEqual({ variable, host, port });
    }
    expect(services[app]?.read_only).toBe(true);
  });

  it('starts the apps after the schema is migrated and the topics exist; only the gateway is published', () => {
    for (const app of apps) {
      const deps = services[app]?.depends_on ?? {};
      expect({ app, migrate: deps['migrate']?.condition, topics: deps['kafka-topics']?.condition }).toEqual({
        app,
        migrate: 'service_completed_successfully',
        topics: 'service_completed_successfully',
      });
      expect({ app, published: (services[app]?.ports ?? []).length > 0 }).toEqual({ app, published: app === 'api-gateway' });
    }
  });

  it('depends only on services it defines, without cycles', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, path: string[]): void => {
      if (!services[name]) throw new Error(`${path.join(' -> ')} -> ${name}: no such service`);
      if (done.has(name)) return;
      if (visiting.has(name)) throw new Error(`dependency cycle: ${[...path, name].join(' -> ')}`);
      visiting.add(name);
      for (const dep of Object.keys(services[name]?.depends_on ?? {})) visit(dep, [...path, name]);
      visiting.delete(name);
      done.add(name);
    };
    expect(() => Object.keys(services).forEach((s) => visit(s, []))).not.toThrow();
  });
});
