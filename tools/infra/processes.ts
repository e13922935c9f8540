import { spawn, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';

/** What state.json keeps about a service this tool started. */
export interface ManagedProcess {
  readonly pid: number;
  /** Equal to pid: the service leads its own process group, so its children die with it. */
  readonly pgid: number;
  /** A fragment of the command line, checked before signalling so a recycled pid is never killed. */
  readonly marker: string;
  /** Signal that makes this service shut down cleanly (SIGTERM except where noted). */
  readonly stopSignal: NodeJS.Signals;
  readonly startedAt: string;
  readonly logFile: string;
  /** host:port it was started on; a later `up` with a different address must not mistake it for the wanted one. */
  readonly address: string;
}

export interface DetachedSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly logFile: string;
  readonly marker: string;
  readonly address: string;
  readonly stopSignal?: NodeJS.Signals;
  readonly env?: NodeJS.ProcessEnv;
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * Starts a long-lived service that outlives this CLI: own process group (detached), output appended to a
 * file rather than a pipe (a pipe would keep our event loop alive and die with us), and unref'd.
 */
export function spawnDetached(spec: DetachedSpec): ManagedProcess {
  const out = fs.openSync(spec.logFile, 'a');
  try {
    const options: SpawnOptions = {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', out, out],
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
    };
    const child = spawn(spec.command, [...spec.args], options);
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    // An 'error' event without a listener would crash the CLI; a failed start shows up as a dead pid instead.
    child.on('error', () => undefined);
    child.unref();
    return {
      pid: child.pid,
      pgid: child.pid,
      marker: spec.marker,
      stopSignal: spec.stopSignal ?? 'SIGTERM',
      startedAt: new Date().toISOString(),
      logFile: spec.logFile,
      address: spec.address,
    };
  } finally {
    fs.closeSync(out);
  }
}

/**
 * True when `proc` is still our service. On Linux the command line is compared too, because pids are
 * recycled and a zombie (exited, not yet reaped) still answers signal 0 but has an empty command line.
 */
export function isManagedAlive(proc: ManagedProcess): boolean {
  if (!signalZero(proc.pid)) return false;
  const cmdline = readCmdline(proc.pid);
  return cmdline === undefined ? true : cmdline.includes(proc.marker);
}

function signalZero(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone. EPERM: it exists but belongs to another user, so it cannot be a process we started.
    return false;
  }
}

function readCmdline(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return fs.existsSync('/proc/self') ? '' : undefined;
  }
}

/** Asks the whole process group to stop, escalates to SIGKILL after `graceMs`; resolves once it is gone. */
export async function stopManaged(proc: ManagedProcess, graceMs: number): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!isManagedAlive(proc)) return 'not-running';
  signalGroup(proc.pgid, proc.stopSignal);
  if (await waitForExit(proc, graceMs)) return 'stopped';
  signalGroup(proc.pgid, 'SIGKILL');
  if (await waitForExit(proc, 5_000)) return 'killed';
  throw new Error(`process ${proc.pid} survived SIGKILL`);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitForExit(proc: ManagedProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isManagedAlive(proc)) return true;
    await sleep(100);
  }
  return !isManagedAlive(proc);
}

export interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly uid?: number;
  readonly gid?: number;
}

/** Runs a short command to completion, keeping its combined output for error messages. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => chunks.push(c));
    child.stderr?.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (error) => reject(new Error(`could not run ${command}: ${error.message}`)));
    child.on('close', (code) => resolve({ code, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** Like `run`, but a non-zero exit becomes an error carrying the command's last output lines. */
export async function runOrThrow(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${lastLines(result.output, 30)}`);
  }
  return result.output;
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Finds an executable on PATH without spawning `which`. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (!dir) continue;
    const candidate = `${dir}/${name}`;
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
