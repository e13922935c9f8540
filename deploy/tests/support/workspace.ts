import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord, REPO_ROOT } from './files';

/** A service app of the Nx workspace, as its project.json and config declare it. */
export interface NxApp {
  name: string;
  /** Where `nx run <app>:build` writes, relative to the workspace root. */
  outputs: string[];
}

/** Apps under apps/ that Nx builds (projectType application with a build target). */
export function nxBuiltApps(): NxApp[] {
  const appsDir = join(REPO_ROOT, 'apps');
  const out: NxApp[] = [];
  for (const dir of readdirSync(appsDir).sort()) {
    const file = join(appsDir, dir, 'project.json');
    if (!existsSync(file)) continue;
    const project: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isRecord(project) || project['projectType'] !== 'application') continue;
    const targets = project['targets'];
    const build = isRecord(targets) ? targets['build'] : undefined;
    if (!isRecord(build)) continue;
    const outputs = Array.isArray(build['outputs']) ? build['outputs'].map((o) => String(o).replace('{workspaceRoot}/', '')) : [];
    out.push({ name: String(project['name']), outputs });
  }
  return out;
}

/**
 * What an app's environment schema (apps/<app>/src/config/*.config.ts) requires from the
 * deployment, read from the source: each env group of @foresight/platform it spreads maps to the
 * variables a container must be given (their code defaults point at 127.0.0.1).
 */
export interface AppEnvNeeds {
  /** Variables the deployment must set (ports, data stores, upstream addresses, secrets). */
  required: Set<string>;
  /** Port defaults declared in code: HTTP_PORT / GRPC_PORT / GATEWAY_PORT. */
  ports: Map<string, number>;
}

const GROUP_VARIABLES: Record<string, string[]> = {
  CommonEnv: ['HOST'],
  DatabaseEnv: ['DATABASE_URL'],
  RedisEnv: ['REDIS_URL'],
  KafkaEnv: ['KAFKA_BROKERS'],
  JwtEnv: ['JWT_SECRET'],
  // Every streaming setting has a default: nothing to provide.
  StreamingEnv: [],
  ServiceAddressEnv: ['FEATURE_STORE_GRPC', 'MODEL_REGISTRY_GRPC', 'TRAINING_GRPC', 'PREDICTION_SERVING_GRPC', 'RECOMMENDATION_GRPC', 'MONITORING_GRPC'],
};

export function appEnvNeeds(app: string): AppEnvNeeds {
  const dir = join(REPO_ROOT, 'apps', app, 'src', 'config');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.config.ts')) : [];
  if (files.length !== 1) throw new Error(`apps/${app}/src/config should hold exactly one *.config.ts (found ${files.length})`);
  const source = readFileSync(join(dir, files[0]!), 'utf8');
  const required = new Set<string>();
  const ports = new Map<string, number>();
  for (const [, group] of source.matchAll(/\.\.\.(\w+Env)\b(?!\()/g)) {
    const variables = GROUP_VARIABLES[group!];
    if (!variables) throw new Error(`apps/${app}: unknown env group ${group}; teach deploy/tests/support/workspace.ts what it needs`);
    variables.forEach((v) => required.add(v));
  }
  for (const [, name] of source.matchAll(/ServiceAddressEnv\.(\w+_GRPC)\b/g)) required.add(name!);
  for (const [, fn, port] of source.matchAll(/\.\.\.(httpPortEnv|grpcPortEnv)\((\d+)\)/g)) {
    const variable = fn === 'httpPortEnv' ? 'HTTP_PORT' : 'GRPC_PORT';
    required.add(variable);
    ports.set(variable, Number(port));
  }
  const gateway = /GATEWAY_PORT:\s*z[\s\S]*?\.default\((\d+)\)/.exec(source);
  if (gateway) {
    required.add('GATEWAY_PORT');
    ports.set('GATEWAY_PORT', Number(gateway[1]));
  }
  return { required, ports };
}

/** The HTTP port variable of an app: GATEWAY_PORT for the gateway, HTTP_PORT otherwise. */
export const httpPortVariable = (needs: AppEnvNeeds): 'GATEWAY_PORT' | 'HTTP_PORT' =>
  needs.ports.has('GATEWAY_PORT') ? 'GATEWAY_PORT' : 'HTTP_PORT';
