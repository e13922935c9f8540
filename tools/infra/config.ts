import * as path from 'node:path';

/** Where everything lives; resolved once from the environment so every module agrees. */
export interface InfraConfig {
  readonly repoRoot: string;
  /** Ignored by git; every file this tool writes goes below it. */
  readonly dataDir: string;
  readonly kafka: KafkaConfig;
  readonly postgres: PostgresConfig;
  readonly redis: RedisConfig;
  /** Where state.json and the lock live. */
  readonly infraDir: string;
}

export interface KafkaConfig {
  /** Exactly what clients are given (KAFKA_BROKERS, comma separated). */
  readonly brokers: readonly string[];
  /** The first broker: the one we start when nothing answers. */
  readonly host: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly home: string;
  readonly jarsDir: string;
  readonly logsDir: string;
  readonly storageDir: string;
  readonly pomFile: string;
  readonly log4jFile: string;
}

export interface PostgresConfig {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly home: string;
}

export interface RedisConfig {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly password: string | undefined;
  readonly home: string;
}

export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:19092';
export const DEFAULT_KAFKA_CONTROLLER_PORT = 19093;
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/foresight';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** We only ever start private services on the loopback interface. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): InfraConfig {
  const repoRoot = path.resolve(__dirname, '..', '..');
  // INFRA_DATA_DIR lets a second, isolated stack run beside the default one (e.g. to test this tool).
  const dataDir = path.resolve(repoRoot, env['INFRA_DATA_DIR'] || '.data');
  return {
    repoRoot,
    dataDir,
    infraDir: path.join(dataDir, 'infra'),
    kafka: kafkaConfig(env, repoRoot, dataDir),
    postgres: postgresConfig(env['DATABASE_URL'] || DEFAULT_DATABASE_URL, dataDir),
    redis: redisConfig(env['REDIS_URL'] || DEFAULT_REDIS_URL, dataDir),
  };
}

function kafkaConfig(env: NodeJS.ProcessEnv, repoRoot: string, dataDir: string): KafkaConfig {
  const brokers = (env['KAFKA_BROKERS'] || DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is empty');
  const { host, port } = parseHostPort(brokers[0] as string, 'KAFKA_BROKERS');
  const home = path.join(dataDir, 'kafka');
  return {
    brokers,
    host,
    port,
    controllerPort: parsePort(env['KAFKA_CONTROLLER_PORT'] || String(DEFAULT_KAFKA_CONTROLLER_PORT), 'KAFKA_CONTROLLER_PORT'),
    home,
    jarsDir: path.join(home, 'jars'),
    logsDir: path.join(home, 'logs'),
    storageDir: path.join(home, 'data'),
    pomFile: path.join(repoRoot, 'tools', 'kafka', 'pom.xml'),
    log4jFile: path.join(repoRoot, 'tools', 'kafka', 'log4j.properties'),
  };
}

function postgresConfig(url: string, dataDir: string): PostgresConfig {
  const parsed = parseUrl(url, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new Error(`DATABASE_URL has no database name: ${redact(url)}`);
  return {
    url,
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? parsePort(parsed.port, 'DATABASE_URL') : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    database,
    home: path.join(dataDir, 'postgres'),
  };
}

function redisConfig(url: string, dataDir: string): RedisConfig {
  const parsed = parseUrl(url, 'REDIS_URL', ['redis:']);
  return {
    url,
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? parsePort(parsed.port, 'REDIS_URL') : 6379,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    home: path.join(dataDir, 'redis'),
  };
}

function parseUrl(url: string, name: string, protocols: readonly string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${name} is not a valid URL: ${redact(url)}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new Error(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}: ${redact(url)}`);
  }
  return parsed;
}

function parseHostPort(value: string, name: string): { host: string; port: number } {
  const match = /^(.+):(\d+)$/.exec(value);
  if (!match) throw new Error(`${name} entries must be host:port, got "${value}"`);
  return { host: match[1] as string, port: parsePort(match[2] as string, name) };
}

function parsePort(value: string, name: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}: invalid port "${value}"`);
  return port;
}

/** Never print passwords from connection URLs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  }
}
