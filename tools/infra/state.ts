import * as fs from 'node:fs';
import * as path from 'node:path';
import { sleep, type ManagedProcess } from './processes';

export const COMPONENTS = ['kafka', 'postgres', 'redis'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/** Only what this tool started is recorded: `down` must never touch a service it merely reused. */
export interface InfraState {
  version: 1;
  started: Partial<Record<ComponentName, ManagedProcess>>;
}

export function emptyState(): InfraState {
  return { version: 1, started: {} };
}

export function readState(infraDir: string): InfraState {
  const file = stateFile(infraDir);
  if (!fs.existsSync(file)) return emptyState();
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<InfraState>;
    return parsed.version === 1 && parsed.started ? { version: 1, started: parsed.started } : emptyState();
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix or delete it`);
  }
}

/** Written through a temporary file and a rename so a crash never leaves half a state file. */
export function writeState(infraDir: string, state: InfraState): void {
  fs.mkdirSync(infraDir, { recursive: true });
  const file = stateFile(infraDir);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temp, file);
}

function stateFile(infraDir: string): string {
  return path.join(infraDir, 'state.json');
}

/**
 * Serialises `up`/`down` across processes (parallel test runners all call `up`), so two of them never start two
 * brokers on one port. A lock left by a crashed run is detected by its dead pid and taken over.
 */
export async function withLock<T>(infraDir: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(infraDir, { recursive: true });
  const lockFile = path.join(infraDir, 'lock');
  await acquire(lockFile, timeoutMs);
  try {
    return await fn();
  } finally {
    release(lockFile);
  }
}

async function acquire(lockFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockHolder(lockFile);
    // No pid yet can mean the holder is between creating and writing the file, so only an old one is stale.
    const stale = holder === undefined ? lockAgeMs(lockFile) > 5_000 : !pidExists(holder);
    if (stale) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`another infra command (pid ${holder ?? '?'}) has held ${lockFile} for too long`);
    }
    await sleep(200);
  }
}

function release(lockFile: string): void {
  if (lockHolder(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
}

function lockHolder(lockFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function lockAgeMs(lockFile: string): number {
  try {
    return Date.now() - fs.statSync(lockFile).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
