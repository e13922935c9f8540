import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel, Partitioners, type Admin, type LogEntry, type logCreator, type RetryOptions } from 'kafkajs';
import { ALL_TOPICS, DEFAULT_PARTITIONS } from '../../libs/contracts/src/messaging/topics';
import { aliveRecord, errorMessage, liveRecorded, type ComponentStatus, type EnsureResult, type UpContext } from './component';
import { isLoopback, type KafkaConfig } from './config';
import { findOnPath, isManagedAlive, runOrThrow, spawnDetached, stopManaged, type ManagedProcess } from './processes';
import type { InfraState } from './state';
import { isPortOpen, tailFile, waitFor } from './wait';

/** Consumer group used only to make the broker create and load __consumer_offsets before tests need it. */
const WARMUP_GROUP = 'foresight-infra-warmup';
const OFFSETS_TOPIC = '__consumer_offsets';
/** Few offsets partitions: the default 50 makes the first group join on a 2-core box needlessly slow. */
const OFFSETS_TOPIC_PARTITIONS = 5;
const JARS_COMPLETE_MARKER = '.complete';
const BROKER_JAR = /^kafka_2\.13-.*\.jar$/;

export async function ensureKafka(ctx: UpContext): Promise<EnsureResult> {
  const cfg = ctx.config.kafka;
  const ours = liveRecorded(ctx, 'kafka', `${cfg.host}:${cfg.port}`);
  const timings: Record<string, number> = {};
  let startedNow = false;

  if (!(await answersMetadata(cfg))) {
    if (ours) {
      ctx.progress.step('kafka', `our broker (pid ${ours.pid}) is not answering yet; waiting`);
      await waitUntilReady(cfg, ours, ctx);
    } else {
      await assertCanStartBroker(cfg);
      const started = Date.now();
      await startBroker(ctx);
      timings['brokerStartMs'] = Date.now() - started;
      startedNow = true;
    }
  } else {
    ctx.progress.step('kafka', `${ours ? `our broker (pid ${ours.pid})` : 'an existing broker'} answers on ${cfg.brokers.join(',')}`);
  }

  const kafka = kafkaClient(cfg);
  await ensureTopics(kafka, ctx);
  const warmupMs = await ensureGroupCoordinator(kafka, ctx, startedNow);
  if (warmupMs !== undefined) timings['groupCoordinatorMs'] = warmupMs;
  if (startedNow) timings['producerIdMs'] = await warmUpIdempotentProducer(ctx);

  const recorded = ctx.state.started.kafka;
  return {
    status: {
      name: 'kafka',
      address: cfg.brokers.join(','),
      up: true,
      startedByUs: recorded !== undefined,
      ...(recorded ? { pid: recorded.pid } : {}),
    },
    timings,
  };
}

export async function kafkaStatus(cfg: KafkaConfig, state: InfraState): Promise<ComponentStatus> {
  const ours = aliveRecord(state, 'kafka');
  const up = await answersMetadata(cfg);
  return {
    name: 'kafka',
    address: cfg.brokers.join(','),
    up,
    startedByUs: ours !== undefined,
    ...(ours ? { pid: ours.pid } : {}),
    ...(ours && !up ? { detail: 'process alive but not answering metadata' } : {}),
  };
}

async function assertCanStartBroker(cfg: KafkaConfig): Promise<void> {
  if (!isLoopback(cfg.host)) {
    throw new Error(`no Kafka answers on ${cfg.brokers.join(',')} and ${cfg.host} is not local, so none can be started`);
  }
  if (await isPortOpen(cfg.host, cfg.port)) {
    throw new Error(`port ${cfg.port} is in use by something that does not answer Kafka metadata; free it or set KAFKA_BROKERS`);
  }
  if (await isPortOpen('127.0.0.1', cfg.controllerPort)) {
    throw new Error(`controller port ${cfg.controllerPort} is already in use; free it or set KAFKA_CONTROLLER_PORT`);
  }
}

async function startBroker(ctx: UpContext): Promise<void> {
  const cfg = ctx.config.kafka;
  for (const dir of [cfg.home, cfg.logsDir, cfg.storageDir]) fs.mkdirSync(dir, { recursive: true });
  await ensureJars(ctx);
  const propertiesFile = writeServerProperties(cfg);
  await ensureStorageFormatted(ctx, propertiesFile);

  const broker = spawnDetached({
    command: javaBinary(),
    args: [...brokerJvmOptions(cfg), '-cp', classpath(cfg), 'kafka.Kafka', propertiesFile],
    cwd: cfg.home,
    logFile: path.join(cfg.logsDir, 'stdout.log'),
    // The properties path is unique per data dir, so two stacks (INFRA_DATA_DIR) never mistake each other's broker.
    marker: propertiesFile,
    address: `${cfg.host}:${cfg.port}`,
  });
  ctx.state.started.kafka = broker;
  ctx.saveState();
  ctx.progress.step('kafka', `broker started (pid ${broker.pid}); waiting for metadata on ${cfg.brokers[0]}`);

  try {
    await waitUntilReady(cfg, broker, ctx);
  } catch (error) {
    // A broker that never became ready is useless and would block the port for the next attempt.
    await stopManaged(broker, 10_000);
    delete ctx.state.started.kafka;
    ctx.saveState();
    throw error;
  }
}

async function waitUntilReady(cfg: KafkaConfig, broker: ManagedProcess, ctx: UpContext): Promise<void> {
  const started = Date.now();
  try {
    await waitFor(async () => ((await isPortOpen(cfg.host, cfg.port)) ? true : undefined), {
      what: `Kafka port ${cfg.port}`,
      timeoutMs: ctx.timeoutMs,
      abortReason: () => (isManagedAlive(broker) ? undefined : 'the broker process exited'),
    });
    await waitFor(async () => ((await answersMetadata(cfg, 5_000)) ? true : undefined), {
      what: 'Kafka metadata (KafkaJS admin listTopics)',
      timeoutMs: Math.max(ctx.timeoutMs - (Date.now() - started), 5_000),
      intervalMs: 200,
      abortReason: () => (isManagedAlive(broker) ? undefined : 'the broker process exited'),
    });
  } catch (error) {
    throw new Error(`${errorMessage(error)}\n${brokerLogTail(cfg)}`);
  }
  ctx.progress.step('kafka', `broker ready after ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

function brokerLogTail(cfg: KafkaConfig): string {
  const server = path.join(cfg.logsDir, 'server.log');
  const stdout = path.join(cfg.logsDir, 'stdout.log');
  return `--- last lines of ${server} ---\n${tailFile(server)}\n--- last lines of ${stdout} ---\n${tailFile(stdout, 15)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Jars, configuration and storage

/** Maven runs only when the jars folder is missing, incomplete or was resolved from a different pom. */
async function ensureJars(ctx: UpContext): Promise<void> {
  const cfg = ctx.config.kafka;
  const pomHash = sha256(fs.readFileSync(cfg.pomFile));
  if (jarsComplete(cfg.jarsDir, pomHash)) return;

  const mvn = findOnPath('mvn');
  if (!mvn) throw new Error('mvn is not on PATH; it is needed once to resolve the Kafka jars from Maven Central');
  ctx.progress.step('kafka', 'resolving Kafka jars with Maven (missing, incomplete or pom changed)');
  const started = Date.now();
  // Start from an empty folder so jars of an older pom never end up on the classpath next to the new ones.
  fs.rmSync(cfg.jarsDir, { recursive: true, force: true });
  await runOrThrow(mvn, ['-q', '-B', '-f', cfg.pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${cfg.jarsDir}`], {
    cwd: ctx.config.repoRoot,
  });
  const jars = fs.readdirSync(cfg.jarsDir).filter((f) => f.endsWith('.jar'));
  if (!jars.some((f) => BROKER_JAR.test(f))) throw new Error(`Maven finished but ${cfg.jarsDir} has no kafka_2.13 jar`);
  // Written last: its presence means Maven finished, and it lists the jars so a deleted one is noticed.
  fs.writeFileSync(path.join(cfg.jarsDir, JARS_COMPLETE_MARKER), [pomHash, ...jars].join('\n') + '\n');
  ctx.progress.step('kafka', `${jars.length} jars ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

function jarsComplete(jarsDir: string, pomHash: string): boolean {
  const [hash, ...jars] = (readIfExists(path.join(jarsDir, JARS_COMPLETE_MARKER)) ?? '').trim().split('\n');
  return hash === pomHash && jars.length > 0 && jars.every((jar) => fs.existsSync(path.join(jarsDir, jar)));
}

function writeServerProperties(cfg: KafkaConfig): string {
  const file = path.join(cfg.home, 'server.properties');
  const content = serverProperties(cfg);
  if (readIfExists(file) !== content) fs.writeFileSync(file, content);
  return file;
}

/** A single combined broker+controller sized for a 2-core test machine; durability settings are irrelevant here. */
function serverProperties(cfg: KafkaConfig): string {
  const host = cfg.host === 'localhost' ? '127.0.0.1' : cfg.host;
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${cfg.controllerPort}`,
    listeners: `PLAINTEXT://${host}:${cfg.port},CONTROLLER://127.0.0.1:${cfg.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${cfg.port}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': cfg.storageDir,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'background.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
    'num.replica.fetchers': 1,
    'num.partitions': DEFAULT_PARTITIONS,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'auto.create.topics.enable': false,
    'delete.topic.enable': true,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': OFFSETS_TOPIC_PARTITIONS,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 4,
    // Tests start consumers one after another; the default 3 s delay would be paid on every first join.
    'group.initial.rebalance.delay.ms': 0,
    'log.segment.bytes': 16 * 1024 * 1024,
    'log.retention.hours': 24,
    'log.retention.check.interval.ms': 60_000,
    // The cleaner's default 128 MiB buffer would take a quarter of the 512 MiB heap for compacted topics only.
    'log.cleaner.dedupe.buffer.size': 8 * 1024 * 1024,
    'log.cleaner.threads': 1,
    'socket.send.buffer.bytes': 102_400,
    'socket.receive.buffer.bytes': 102_400,
    'socket.request.max.bytes': 104_857_600,
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Written by tools/infra on every \`up\`; edit tools/infra/kafka.ts instead.\n${lines.join('\n')}\n`;
}

/** KRaft storage must be formatted once with a cluster id; the id is kept beside the data so restarts reuse it. */
async function ensureStorageFormatted(ctx: UpContext, propertiesFile: string): Promise<void> {
  const cfg = ctx.config.kafka;
  if (fs.existsSync(path.join(cfg.storageDir, 'meta.properties'))) return;
  const clusterId = clusterIdFor(cfg);
  ctx.progress.step('kafka', `formatting storage (cluster id ${clusterId})`);
  await runOrThrow(
    javaBinary(),
    [
      '-Xmx256m',
      // A one-shot JVM: skipping the optimising compiler makes it start noticeably faster.
      '-XX:TieredStopAtLevel=1',
      // No log4j configuration on purpose: its output is captured and shown only if formatting fails, which keeps
      // server.log for the broker alone.
      '-cp',
      classpath(cfg),
      'kafka.tools.StorageTool',
      'format',
      '--ignore-formatted',
      '-t',
      clusterId,
      '-c',
      propertiesFile,
    ],
    { cwd: cfg.home },
  );
}

function clusterIdFor(cfg: KafkaConfig): string {
  const file = path.join(cfg.home, 'cluster-id');
  const existing = readIfExists(file)?.trim();
  if (existing) return existing;
  const id = newClusterId();
  fs.writeFileSync(file, `${id}\n`);
  return id;
}

/** Same shape as Kafka's Uuid.randomUuid(): 16 random bytes, URL-safe base64, never starting with '-' (read as a flag). */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function brokerJvmOptions(cfg: KafkaConfig): string[] {
  return [
    '-Xmx512m',
    '-Xms256m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    ...loggingOptions(cfg),
  ];
}

function loggingOptions(cfg: KafkaConfig): string[] {
  return [`-Dkafka.logs.dir=${cfg.logsDir}`, `-Dlog4j.configuration=file:${cfg.log4jFile}`];
}

function classpath(cfg: KafkaConfig): string {
  // The JVM expands "dir/*" itself; no shell is involved.
  return `${cfg.jarsDir}/*`;
}

function javaBinary(): string {
  const fromHome = process.env['JAVA_HOME'] ? path.join(process.env['JAVA_HOME'], 'bin', 'java') : undefined;
  if (fromHome && fs.existsSync(fromHome)) return fromHome;
  const onPath = findOnPath('java');
  if (!onPath) throw new Error('java is not on PATH (Java 17 is needed to run the Kafka broker)');
  return onPath;
}

// ---------------------------------------------------------------------------------------------------------------
// KafkaJS side: readiness, topics, coordinators

/** KafkaJS logs every failed attempt loudly; while polling those are expected, so keep only the last few. */
class KafkaLogBuffer {
  private readonly entries: string[] = [];

  readonly creator: logCreator = () => (entry: LogEntry) => {
    if (entry.level > logLevel.WARN) return;
    this.entries.push(`${entry.namespace}: ${entry.log.message}`);
    if (this.entries.length > 5) this.entries.shift();
  };

  recent(): string {
    return this.entries.join('\n');
  }
}

/**
 * Polling clients do not retry (the polling loop does). The client retry budget also bounds KafkaJS's search for a
 * group coordinator, and running out of it raises KafkaJSGroupCoordinatorNotFound, which is non-retriable: the
 * consumer then crashes for good instead of restarting. So warm-up clients get a patient, flat retry policy.
 */
const POLLING_RETRY: RetryOptions = { retries: 0 };
const PATIENT_RETRY: RetryOptions = { retries: 50, initialRetryTime: 100, maxRetryTime: 500 };

function kafkaClient(cfg: KafkaConfig, logs = new KafkaLogBuffer(), retry: RetryOptions = POLLING_RETRY): Kafka {
  return new Kafka({
    clientId: 'foresight-infra',
    brokers: [...cfg.brokers],
    connectionTimeout: 1_000,
    // Short, because something that is not Kafka may sit on the port and never answer; admin calls that need
    // longer (createTopics) pass their own timeout.
    requestTimeout: 5_000,
    logLevel: logLevel.WARN,
    logCreator: logs.creator,
    retry,
  });
}

/** Port open AND a metadata round trip: an open port alone is also what a half-started broker shows. */
async function answersMetadata(cfg: KafkaConfig, timeoutMs = 3_000): Promise<boolean> {
  if (!(await isPortOpen(cfg.host, cfg.port, 300))) return false;
  try {
    await withAdmin(kafkaClient(cfg), timeoutMs, (admin) => admin.listTopics());
    return true;
  } catch {
    return false;
  }
}

async function withAdmin<T>(kafka: Kafka, timeoutMs: number, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    return await withTimeout(
      (async () => {
        await admin.connect();
        return fn(admin);
      })(),
      timeoutMs,
      'Kafka admin request',
    );
  } finally {
    // disconnect() waits for in-flight requests; after a timeout those may never finish, so do not wait long.
    await withTimeout(admin.disconnect(), 1_000, 'admin disconnect').catch(() => undefined);
  }
}

async function ensureTopics(kafka: Kafka, ctx: UpContext): Promise<void> {
  await withAdmin(kafka, 60_000, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = ALL_TOPICS.filter((t) => !existing.has(t));
    if (missing.length === 0) {
      ctx.progress.step('kafka', `all ${ALL_TOPICS.length} topics exist`);
      return;
    }
    await admin.createTopics({
      topics: missing.map((topic) => ({ topic, numPartitions: DEFAULT_PARTITIONS })),
      waitForLeaders: true,
      timeout: 30_000,
    });
    ctx.progress.step('kafka', `created ${missing.length} topic(s) with ${DEFAULT_PARTITIONS} partitions each`);
  });
}

/**
 * The broker creates __consumer_offsets on the first FindCoordinator request and answers "coordinator not
 * available" until its partitions are loaded. KafkaJS retries that within the client's retry budget and then throws
 * KafkaJSGroupCoordinatorNotFound, which is non-retriable: the first consumer of a fresh broker either stalls or
 * crashes for good. A throwaway consumer that joins and leaves pays that cost here, once.
 * Returns the join time, or undefined when the coordinator was already known to be ready.
 */
async function ensureGroupCoordinator(kafka: Kafka, ctx: UpContext, brokerIsFresh: boolean): Promise<number | undefined> {
  if (!brokerIsFresh && (await offsetsTopicReady(kafka))) return undefined;
  ctx.progress.step('kafka', 'warming up the group coordinator (throwaway consumer joins and leaves)');
  const joinMs = await joinAndLeaveGroup(ctx, ctx.config.kafka);
  // Best effort: an empty leftover group would only clutter listGroups() in tests.
  await withAdmin(kafka, 5_000, (admin) => admin.deleteGroups([WARMUP_GROUP])).catch(() => undefined);
  ctx.progress.step('kafka', `group coordinator ready: first group join took ${(joinMs / 1000).toFixed(1)}s`);
  return joinMs;
}

async function offsetsTopicReady(kafka: Kafka): Promise<boolean> {
  return withAdmin(kafka, 5_000, async (admin) => {
    if (!(await admin.listTopics()).includes(OFFSETS_TOPIC)) return false;
    const { topics } = await admin.fetchTopicMetadata({ topics: [OFFSETS_TOPIC] });
    return topics.every((t) => t.partitions.every((p) => p.leader >= 0));
  });
}

/** Returns how long the join took (from connect to GROUP_JOIN); leaving is not counted. */
async function joinAndLeaveGroup(ctx: UpContext, cfg: KafkaConfig): Promise<number> {
  const logs = new KafkaLogBuffer();
  const consumer = kafkaClient(cfg, logs, PATIENT_RETRY).consumer({
    groupId: WARMUP_GROUP,
    retry: PATIENT_RETRY,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 1_000,
    // disconnect() waits for the in-flight fetch; with the default 5 s long poll leaving would take 5 s.
    maxWaitTimeInMs: 100,
  });
  const joined = new Promise<void>((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
    // A crash KafkaJS will not restart from would otherwise only surface as the timeout below.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) reject(payload.error);
    });
  });
  // Handled below; this only keeps a crash during connect() from counting as an unhandled rejection meanwhile.
  joined.catch(() => undefined);
  const started = Date.now();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [ALL_TOPICS[0] as string] });
    // autoCommit off: the warm-up group must not leave committed offsets behind.
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await withTimeout(joined, ctx.timeoutMs, 'the warm-up consumer to join its group');
    return Date.now() - started;
  } catch (error) {
    throw new Error(`group coordinator not ready: ${errorMessage(error)}\n${logs.recent()}\n${brokerLogTail(cfg)}`);
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

/**
 * A fresh broker answers the first InitProducerId with COORDINATOR_LOAD_IN_PROGRESS until it has fetched its first
 * block of producer ids from the controller; KafkaJS retries but logs an ERROR. An idempotent producer connecting
 * here (connect() sends InitProducerId) takes that hit instead of the first test. Returns how long it took.
 */
async function warmUpIdempotentProducer(ctx: UpContext): Promise<number> {
  const logs = new KafkaLogBuffer();
  const producer = kafkaClient(ctx.config.kafka, logs, PATIENT_RETRY).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const started = Date.now();
  try {
    await withTimeout(producer.connect(), ctx.timeoutMs, 'an idempotent producer id');
  } catch (error) {
    throw new Error(`idempotent producer could not initialise: ${errorMessage(error)}\n${logs.recent()}`);
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  const ms = Date.now() - started;
  ctx.progress.step('kafka', `idempotent producer initialised in ${(ms / 1000).toFixed(1)}s`);
  return ms;
}

// ---------------------------------------------------------------------------------------------------------------

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)}s waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
