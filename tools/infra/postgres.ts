import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { aliveRecord, errorMessage, liveRecorded, type ComponentStatus, type EnsureResult, type UpContext } from './component';
import { isLoopback, redact, type PostgresConfig } from './config';
import { findOnPath, isManagedAlive, runOrThrow, spawnDetached, stopManaged, type ManagedProcess } from './processes';
import type { InfraState } from './state';
import { isPortOpen, tailFile, waitFor } from './wait';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

export async function ensurePostgres(ctx: UpContext, extraDatabases: readonly string[]): Promise<EnsureResult> {
  const cfg = ctx.config.postgres;
  const ours = liveRecorded(ctx, 'postgres', `${cfg.host}:${cfg.port}`);
  const timings: Record<string, number> = {};

  if (await isPortOpen(cfg.host, cfg.port)) {
    // Something listens: it must be a usable PostgreSQL (a server that is still starting gets a few seconds).
    await waitUntilAnswering(cfg, 15_000, ours);
    ctx.progress.step('postgres', `${ours ? `our server (pid ${ours.pid})` : 'an existing server'} answers on ${cfg.host}:${cfg.port}`);
  } else if (ours) {
    await waitUntilAnswering(cfg, ctx.timeoutMs, ours);
  } else {
    const started = Date.now();
    await startPostgres(ctx);
    timings['postgresStartMs'] = Date.now() - started;
  }

  await ensureDatabases(ctx, [cfg.database, ...extraDatabases]);
  const recorded = ctx.state.started.postgres;
  return { status: statusLine(cfg, true, recorded), timings };
}

export async function postgresStatus(cfg: PostgresConfig, state: InfraState): Promise<ComponentStatus> {
  return statusLine(cfg, await answers(cfg), aliveRecord(state, 'postgres'));
}

function statusLine(cfg: PostgresConfig, up: boolean, ours: ManagedProcess | undefined): ComponentStatus {
  return {
    name: 'postgres',
    address: redact(cfg.url),
    up,
    startedByUs: ours !== undefined,
    ...(ours ? { pid: ours.pid } : {}),
  };
}

async function answers(cfg: PostgresConfig): Promise<boolean> {
  if (!(await isPortOpen(cfg.host, cfg.port, 300))) return false;
  try {
    await withClient(cfg, (client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

async function waitUntilAnswering(cfg: PostgresConfig, timeoutMs: number, ours: ManagedProcess | undefined): Promise<void> {
  try {
    const ping = async (): Promise<boolean> => {
      await withClient(cfg, (client) => client.query('SELECT 1'));
      return true;
    };
    await waitFor(ping, {
      what: `PostgreSQL on ${cfg.host}:${cfg.port}`,
      timeoutMs,
      abortReason: () => (ours && !isManagedAlive(ours) ? 'the server process exited' : undefined),
    });
  } catch (error) {
    const log = ours ? `\n--- last lines of ${ours.logFile} ---\n${tailFile(ours.logFile)}` : '';
    throw new Error(`${errorMessage(error)}${log}`);
  }
}

/** Connects to the maintenance database `postgres`, which exists before the application's own database does. */
async function withClient<T>(cfg: PostgresConfig, fn: (client: Client) => Promise<T>): Promise<T> {
  const url = new URL(cfg.url);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3_000 });
  // Without a listener a server-side disconnect would surface as an uncaught 'error' event.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabases(ctx: UpContext, names: readonly string[]): Promise<void> {
  const cfg = ctx.config.postgres;
  const wanted = [...new Set(names)];
  const created = await withClient(cfg, async (client) => {
    const made: string[] = [];
    for (const name of wanted) {
      if (await createDatabaseIfMissing(client, name)) made.push(name);
    }
    return made;
  });
  const note = created.length > 0 ? `created ${created.join(', ')}` : 'already present';
  ctx.progress.step('postgres', `database(s) ${wanted.join(', ')}: ${note}`);
}

async function createDatabaseIfMissing(client: Client, name: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount) return false;
  try {
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another process (a parallel test run) created it between our check and our CREATE.
    const code = (error as { code?: string }).code;
    if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
    throw error;
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// ---------------------------------------------------------------------------------------------------------------
// Private server under .data/postgres

interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

interface ServiceUser {
  readonly uid: number;
  readonly gid: number;
}

async function startPostgres(ctx: UpContext): Promise<void> {
  const cfg = ctx.config.postgres;
  if (!isLoopback(cfg.host)) {
    throw new Error(`nothing answers on ${redact(cfg.url)} and ${cfg.host} is not local, so no server can be started`);
  }
  const binaries = findPostgresBinaries();
  const user = serviceUser();
  const dataDir = path.join(cfg.home, 'data');
  prepareHome(cfg.home, user);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    ctx.progress.step('postgres', `nothing on port ${cfg.port}; initialising a private cluster in ${dataDir}`);
    await runOrThrow(
      binaries.initdb,
      ['-D', dataDir, '-U', cfg.user, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-instructions'],
      { cwd: cfg.home, ...(user ?? {}) },
    );
  }

  const server = spawnDetached({
    command: binaries.postgres,
    args: [
      '-D',
      dataDir,
      '-p',
      String(cfg.port),
      '-c',
      `listen_addresses=${cfg.host === 'localhost' ? 'localhost' : cfg.host}`,
      // Our own socket directory: the system one may not be writable and could clash with a system server.
      '-c',
      `unix_socket_directories=${cfg.home}`,
    ],
    cwd: cfg.home,
    logFile: path.join(cfg.home, 'postgres.log'),
    marker: dataDir,
    address: `${cfg.host}:${cfg.port}`,
    // SIGTERM is PostgreSQL's "smart" shutdown, which waits for every client to disconnect; SIGINT is "fast".
    stopSignal: 'SIGINT',
    ...(user ?? {}),
  });
  ctx.state.started.postgres = server;
  ctx.saveState();
  ctx.progress.step('postgres', `private server started (pid ${server.pid}) on ${cfg.host}:${cfg.port}`);
  try {
    await waitUntilAnswering(cfg, ctx.timeoutMs, server);
  } catch (error) {
    await stopManaged(server, 10_000);
    delete ctx.state.started.postgres;
    ctx.saveState();
    throw error;
  }
}

/** Debian installs server binaries outside PATH, one folder per major version; the newest wins. */
function findPostgresBinaries(): PostgresBinaries {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = path.join(root, version, 'bin');
    const initdb = path.join(bin, 'initdb');
    const postgres = path.join(bin, 'postgres');
    if (fs.existsSync(initdb) && fs.existsSync(postgres)) return { initdb, postgres };
  }
  const initdb = findOnPath('initdb');
  const postgres = findOnPath('postgres');
  if (initdb && postgres) return { initdb, postgres };
  throw new Error('no PostgreSQL answers and no server binaries were found (/usr/lib/postgresql/*/bin or PATH)');
}

/** PostgreSQL refuses to run as root, so as root the private server runs as the system `postgres` user. */
function serviceUser(): ServiceUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const fields = line?.split(':');
  if (!fields || fields.length < 4) {
    throw new Error('running as root, but there is no `postgres` system user to run a private PostgreSQL as');
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

function prepareHome(home: string, user: ServiceUser | undefined): void {
  fs.mkdirSync(home, { recursive: true });
  if (user) fs.chownSync(home, user.uid, user.gid);
}
