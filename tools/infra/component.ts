import type { InfraConfig } from './config';
import { isManagedAlive, type ManagedProcess } from './processes';
import type { Progress } from './progress';
import type { ComponentName, InfraState } from './state';

/** One line of `status`. */
export interface ComponentStatus {
  readonly name: ComponentName;
  /** Where clients connect (passwords redacted). */
  readonly address: string;
  readonly up: boolean;
  /** True only when this tool started the running process (so `down` will stop it). */
  readonly startedByUs: boolean;
  readonly pid?: number;
  readonly detail?: string;
}

/** Shared by the per-service `ensure*` functions during one `up`. */
export interface UpContext {
  readonly config: InfraConfig;
  readonly state: InfraState;
  readonly progress: Progress;
  readonly timeoutMs: number;
  /** Persists `state` immediately, so a crash half-way through `up` still lets `down` find what was started. */
  saveState(): void;
}

/** What `up` learned about a service, including how long its slow steps took. */
export interface EnsureResult {
  readonly status: ComponentStatus;
  readonly timings: Readonly<Record<string, number>>;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The process state.json says we started for `name`, if it is still alive; a stale record is dropped. One data
 * folder holds one instance, so a live one on another address than configured now is an error, not a reuse.
 */
export function liveRecorded(ctx: UpContext, name: ComponentName, address: string): ManagedProcess | undefined {
  const recorded = ctx.state.started[name];
  if (!recorded) return undefined;
  if (!isManagedAlive(recorded)) {
    delete ctx.state.started[name];
    ctx.saveState();
    return undefined;
  }
  // (A record without an address predates that field; it is trusted.)
  if (recorded.address && recorded.address !== address) {
    throw new Error(
      `this tool's ${name} (pid ${recorded.pid}) runs on ${recorded.address}, but ${address} is configured now; ` +
        'run `down` first or restore the previous address',
    );
  }
  return recorded;
}

/** For `status`: the recorded process only if it is still alive (status never rewrites state). */
export function aliveRecord(state: InfraState, name: ComponentName): ManagedProcess | undefined {
  const recorded = state.started[name];
  return recorded && isManagedAlive(recorded) ? recorded : undefined;
}
