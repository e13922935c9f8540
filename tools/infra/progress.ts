/** Receives one short, human-readable line per step. */
export type ProgressSink = (line: string) => void;

/** Prefixes every line with the time since `up` began, so slow steps are obvious in CI logs. */
export class Progress {
  private readonly startedAt = Date.now();

  constructor(private readonly sink: ProgressSink) {}

  step(component: string, message: string): void {
    this.sink(`[${formatSeconds(this.elapsedMs())}] ${component.padEnd(8)} ${message}`);
  }

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }
}

export const silentSink: ProgressSink = () => undefined;

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1).padStart(5)}s`;
}
