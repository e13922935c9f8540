export type BatchResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Collects the requests made while the event loop handles one round of I/O and hands them to
 * `flush` together once that round is done (setImmediate): the partitions being handled at once
 * share one round trip instead of one each, with no timer adding latency to a lone request.
 * `flush` answers per request (in order); when it throws, every request of the batch fails with it.
 */
export class ImmediateBatch<In, Out> {
  private queued: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];

  constructor(private readonly flush: (inputs: In[]) => Promise<BatchResult<Out>[]>) {}

  add(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queued.push({ input, resolve, reject });
      if (this.queued.length === 1) setImmediate(() => void this.run());
    });
  }

  private async run(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    let results: BatchResult<Out>[];
    try {
      results = await this.flush(batch.map((b) => b.input));
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve, reject }, i) => {
      const result = results[i]!;
      if (result.ok) resolve(result.value);
      else reject(result.error);
    });
  }
}
