// The ingestion thread (see IngestThread): runs each upload's parser and DatasetIngestion on the
// bytes the main thread posts, and posts back sealed chunks (their memory moved, not copied),
// the summary, or the first error.
import { parentPort } from 'node:worker_threads';
import { DatasetRejection } from '../datasets.exception';
import { DatasetIngestion, type SealedChunk } from './dataset-ingestion';
import type { FromWorker, ToWorker } from './ingest-thread';
import { createRowParser, type RowParser } from './row-parsers';

const port = parentPort!;
const uploads = new Map<number, { ingestion: DatasetIngestion; parser: RowParser }>();

port.on('message', (message: ToWorker) => {
  try {
    handle(message);
  } catch (error) {
    uploads.delete(message.id);
    port.postMessage(failure(message.id, error));
  }
});

function handle(message: ToWorker): void {
  if (message.type === 'open') {
    const ingestion = new DatasetIngestion(message.options);
    const parser = createRowParser(message.format, ingestion);
    ingestion.readFrom(parser, message.format === 'csv');
    uploads.set(message.id, { ingestion, parser });
    return;
  }
  const upload = uploads.get(message.id);
  // Gone after a failure (already reported) or an abort: later messages of it have nothing to do.
  if (upload === undefined) return;
  switch (message.type) {
    case 'bytes':
      upload.parser.write(message.bytes);
      send({ type: 'consumed', id: message.id, chunks: upload.ingestion.takeChunks() });
      return;
    case 'end': {
      upload.parser.end();
      upload.parser.warnings.forEach((w) => upload.ingestion.warn(w));
      const summary = upload.ingestion.finish();
      uploads.delete(message.id);
      send({ type: 'done', id: message.id, chunks: upload.ingestion.takeChunks(), summary });
      return;
    }
    case 'abort':
      uploads.delete(message.id);
      return;
  }
}

function send(message: FromWorker & { chunks: SealedChunk[] }): void {
  port.postMessage(
    message,
    message.chunks.map((c) => c.data.buffer as ArrayBuffer),
  );
}

function failure(id: number, error: unknown): FromWorker {
  if (error instanceof DatasetRejection) return { type: 'failed', id, rejection: { code: error.datasetCode, message: error.message, details: error.details } };
  const e = error instanceof Error ? error : new Error(String(error));
  return { type: 'failed', id, error: { message: e.message, ...(e.stack ? { stack: e.stack } : {}) } };
}
