import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DatasetFormat, DatasetErrorCode } from '@foresight/contracts';
import { DatasetRejection, type RejectionDetails } from '../datasets.exception';
import type { IngestOptions, IngestSummary, SealedChunk } from './dataset-ingestion';

/** Host → worker, in order per upload. */
export type ToWorker =
  | { type: 'open'; id: number; format: DatasetFormat; options: IngestOptions }
  | { type: 'bytes'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'abort'; id: number };

/** Worker → host: one `consumed` per `bytes`, then `done`; or `failed` at the first error. */
export type FromWorker =
  | { type: 'consumed'; id: number; chunks: SealedChunk[] }
  | { type: 'done'; id: number; chunks: SealedChunk[]; summary: IngestSummary }
  | { type: 'failed'; id: number; rejection?: { code: DatasetErrorCode; message: string; details: RejectionDetails }; error?: { message: string; stack?: string } };

/**
 * One thread that parses, profiles, hashes and packs the uploads of this process (ingest-worker.ts),
 * so the main thread keeps receiving the body and writing chunks to PostgreSQL meanwhile: an
 * upload is CPU-bound, and a 1M-row CSV had the event loop busy for seconds. Uploads are told
 * apart by id and share the thread. Spawned at once (loading the ingestion code takes a moment)
 * and again after a crash; it keeps the process alive only while an upload is open.
 */
export class IngestThread {
  private worker?: Worker;
  private nextId = 1;
  private readonly open = new Map<number, RemoteIngestion>();

  constructor() {
    this.spawn();
  }

  /** A new upload in the thread; its bytes go through `write`, its results come back through `take` and `finish`. */
  start(format: DatasetFormat, options: IngestOptions): RemoteIngestion {
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    const remote = new RemoteIngestion(
      id,
      (message, transfer) => worker.postMessage(message, transfer),
      () => {
        if (this.open.delete(id) && this.open.size === 0) worker.unref();
      },
    );
    this.open.set(id, remote);
    // Held while uploads are open, so the process waits for their results; idle, it holds nothing.
    worker.ref();
    remote.post({ type: 'open', id, format, options });
    return remote;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private spawn(): Worker {
    const file = join(__dirname, `ingest-worker${extname(__filename)}`);
    // From TypeScript sources (Jest, tsx tools) the worker compiles them with tsx as those tools do.
    const worker =
      extname(__filename) === '.ts' ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`, { eval: true }) : new Worker(file);
    worker.on('message', (message: FromWorker) => this.open.get(message.id)?.receive(message));
    const lost = (reason: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const remote of this.open.values()) remote.fail(new Error(`The ingestion thread stopped: ${reason}`));
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`exit code ${code}`));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

/** One upload being ingested in the thread. */
export class RemoteIngestion {
  private inFlight = 0;
  private chunks: SealedChunk[] = [];
  private summary?: IngestSummary;
  private failure?: Error;
  private wake?: () => void;

  constructor(
    private readonly id: number,
    private readonly send: (message: ToWorker, transfer?: ArrayBuffer[]) => void,
    private readonly forget: () => void,
  ) {}

  post(message: ToWorker, transfer?: ArrayBuffer[]): void {
    this.send(message, transfer);
  }

  /** Hands the thread the next bytes of the body (a copy: the caller's buffer may be a view into a larger one). */
  write(bytes: Uint8Array): void {
    if (this.failure) return;
    const copy = new Uint8Array(bytes);
    this.inFlight++;
    this.post({ type: 'bytes', id: this.id, bytes: copy }, [copy.buffer]);
  }

  /** Chunks sealed so far, once at most `maxInFlight` writes are still being read; throws what the thread threw. */
  async take(maxInFlight: number): Promise<SealedChunk[]> {
    while (this.failure === undefined && this.inFlight > maxInFlight) await this.changed();
    return this.drain();
  }

  /** Ends the body; resolves with the last chunks and the summary, or throws the rejection the data earns. */
  async finish(): Promise<{ chunks: SealedChunk[]; summary: IngestSummary }> {
    this.post({ type: 'end', id: this.id });
    while (this.failure === undefined && this.summary === undefined) await this.changed();
    const chunks = this.drain();
    this.forget();
    return { chunks, summary: this.summary! };
  }

  /** Drops the upload in the thread (the caller failed for its own reasons). */
  abort(): void {
    this.forget();
    if (this.summary === undefined && this.failure === undefined) this.post({ type: 'abort', id: this.id });
  }

  receive(message: FromWorker): void {
    switch (message.type) {
      case 'consumed':
        this.inFlight--;
        this.chunks.push(...message.chunks.map(ownChunk));
        break;
      case 'done':
        this.chunks.push(...message.chunks.map(ownChunk));
        this.summary = message.summary;
        break;
      case 'failed':
        this.fail(
          message.rejection
            ? new DatasetRejection(message.rejection.code, message.rejection.message, message.rejection.details)
            : Object.assign(new Error(message.error?.message ?? 'The ingestion thread failed'), { stack: message.error?.stack }),
        );
        return;
    }
    this.wake?.();
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.forget();
    this.wake?.();
  }

  private drain(): SealedChunk[] {
    if (this.failure) throw this.failure;
    const out = this.chunks;
    this.chunks = [];
    return out;
  }

  private changed(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }
}

/** A chunk as it arrives from the thread: its bytes as a Buffer again (structured clone makes them a Uint8Array). */
function ownChunk(chunk: SealedChunk): SealedChunk {
  return { ...chunk, data: Buffer.from(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength) };
}
