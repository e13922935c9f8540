import * as fs from 'node:fs';
import * as net from 'node:net';
import { sleep } from './processes';

/** True when something accepts TCP connections on host:port within `timeoutMs`. */
export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: stripBrackets(host), port });
    const finish = (open: boolean): void => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function stripBrackets(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** What we were waiting for, used in the timeout message. */
  readonly what: string;
  /** Checked between attempts: a non-empty string aborts the wait at once with that reason (e.g. the process died). */
  readonly abortReason?: () => string | undefined;
}

/**
 * Polls `attempt` until it resolves to a value other than undefined. Errors count as "not yet"; the last one is
 * kept because it usually explains a timeout better than the timeout itself.
 */
export async function waitFor<T>(attempt: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    const abort = options.abortReason?.();
    if (abort) throw new Error(`gave up waiting for ${options.what}: ${abort}`);
    if (Date.now() >= deadline) {
      const because = lastError ? ` (last error: ${lastError})` : '';
      throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)}s waiting for ${options.what}${because}`);
    }
    await sleep(options.intervalMs ?? 250);
  }
}

/** The end of a log file, for error messages; reads only the last few KiB so huge logs stay cheap. */
export function tailFile(file: string, lines = 25): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 16 * 1024);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
