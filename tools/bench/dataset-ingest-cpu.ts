// npx tsx tools/bench/dataset-ingest-cpu.ts — the feature store's share of a dataset upload,
// in process and without the network or PostgreSQL: the benchmark CSV (BENCH_ROWS rows, default
// 1M) cut into the gateway's 256 KiB messages beforehand, then parsed, profiled, hashed and
// packed into chunks by the same code the upload runs (DatasetIngestion.ingest). Prints rows/s
// per round and a fingerprint of everything the upload would store (content hash, profiles,
// quality, chunk bytes) so an optimisation can be checked to change nothing. BENCH_THREAD=1 runs
// it on the ingestion thread as uploads do (IngestThread), else on this thread. Run it under
// `node --cpu-prof --import tsx` to see where the time goes.
import { createHash } from 'node:crypto';
import { DatasetIngestion, type IngestSummary, type SealedChunk } from '../../apps/feature-store/src/datasets/ingest/dataset-ingestion';
import { IngestThread } from '../../apps/feature-store/src/datasets/ingest/ingest-thread';
import { createRowParser } from '../../apps/feature-store/src/datasets/ingest/row-parsers';
import { csvStream } from './dataset-csv';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const MESSAGE_BYTES = 256 * 1024;
const thread = process.env['BENCH_THREAD'] === '1' ? new IngestThread() : undefined;

async function messages(rows: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  let parts: Buffer[] = [];
  let length = 0;
  for await (const piece of csvStream(rows)) {
    const b = Buffer.from(piece as string);
    parts.push(b);
    length += b.length;
    if (length >= MESSAGE_BYTES) {
      out.push(Buffer.concat(parts, length));
      parts = [];
      length = 0;
    }
  }
  if (length > 0) out.push(Buffer.concat(parts, length));
  return out;
}

async function round(body: Buffer[]): Promise<{ seconds: number; cpuSeconds: number; fingerprint: string; contentHash: string }> {
  const stored = createHash('sha256');
  const started = performance.now();
  const cpu = process.cpuUsage();
  const store = (chunks: SealedChunk[]) => chunks.forEach((chunk) => stored.update(chunk.data));
  let summary: IngestSummary;
  if (thread) {
    const remote = thread.start('csv', { onError: 'reject' });
    for (const message of body) {
      remote.write(message);
      store(await remote.take(1));
    }
    const last = await remote.finish();
    store(last.chunks);
    summary = last.summary;
  } else {
    const ingestion = new DatasetIngestion({ onError: 'reject' });
    const parser = createRowParser('csv', ingestion);
    ingestion.readFrom(parser, true);
    for (const message of body) {
      parser.write(message);
      store(ingestion.takeChunks());
    }
    parser.end();
    summary = ingestion.finish();
    store(ingestion.takeChunks());
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  stored.update(JSON.stringify([summary.rows, summary.columns, summary.profiles, summary.quality, summary.rejectedCount]));
  return { seconds, cpuSeconds, fingerprint: stored.digest('hex').slice(0, 16), contentHash: summary.contentHash };
}

async function main() {
  const body = await messages(ROWS);
  console.log(`${ROWS} rows, ${(body.reduce((n, b) => n + b.length, 0) / 1024 / 1024).toFixed(1)} MiB in ${body.length} messages`);
  for (let r = 0; r < ROUNDS; r++) {
    const { seconds, cpuSeconds, fingerprint, contentHash } = await round(body);
    console.log(`round ${r + 1}${thread ? ' (ingestion thread)' : ''}: ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s, this process's threads), ${Math.round(ROWS / seconds).toLocaleString('en-US')} rows/s, content ${contentHash.slice(0, 16)}, stored+profiles ${fingerprint}`);
  }
  await thread?.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
