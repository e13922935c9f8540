import { once } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { DatasetErrorCode, ErrorCode, type DatasetFormat } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';
import busboy from 'busboy';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DatasetProblemException } from './dataset-problem';

/**
 * Route config of the upload route: its body is handed over as the raw stream, whatever its
 * content type, instead of being buffered (up to the gateway's JSON body limit) and parsed.
 */
export const STREAMED_BODY = { streamedBody: true } as const;
const STREAM_CONTENT_TYPE = 'application/vnd.foresight.streamed-body';
/** The content type a streamed request came with, by raw request. */
const originalContentType = new WeakMap<object, string>();

/**
 * Fastify picks a body parser by content type for the whole app, and its JSON parser buffers.
 * For routes marked STREAMED_BODY a preParsing hook swaps the content type for a private one
 * whose parser passes the stream through, keeping the original for the handler; every other
 * route parses exactly as before.
 */
export function installStreamedBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(STREAM_CONTENT_TYPE, (_request, payload, done) => done(null, payload));
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    if ((request.routeOptions.config as { streamedBody?: boolean } | undefined)?.streamedBody) {
      originalContentType.set(request.raw, request.headers['content-type'] ?? '');
      request.raw.headers['content-type'] = STREAM_CONTENT_TYPE;
    }
    done(null, payload);
  });
}

const FORMAT_OF_MEDIA: Record<string, DatasetFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
};
const FORMAT_OF_EXTENSION: Record<string, DatasetFormat> = { csv: 'csv', json: 'json', ndjson: 'ndjson', jsonl: 'ndjson' };
const SUPPORTED = 'text/csv, application/json (an array of objects), application/x-ndjson, or multipart/form-data with a file part';

export interface UploadBody {
  format: DatasetFormat;
  /** Lineage: the file name of a multipart upload, else the content type. */
  sourceName: string;
  /** The data, as it arrives. Throws payload_too_large past the limit. */
  chunks: AsyncIterable<Buffer>;
  /** True once the request body has been read to its end. */
  readonly finished: boolean;
}

/**
 * The upload's data as a byte stream, with its format from the content type (or the file
 * part's type or extension for multipart; `format` overrides either). The size limit is
 * enforced on the bytes as they arrive: the declared length is checked up front, then every
 * chunk counted, so a large body is refused without ever being held.
 */
export async function openUploadBody(request: FastifyRequest, options: { maxBytes: number; format?: DatasetFormat }): Promise<UploadBody> {
  const contentType = originalContentType.get(request.raw) ?? request.headers['content-type'] ?? '';
  const media = contentType.split(';')[0]!.trim().toLowerCase();
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) throw tooLarge(options.maxBytes);
  const stream = request.body as Readable | undefined;
  const state = { finished: false };
  if (!stream || typeof (stream as Partial<Readable>).on !== 'function') {
    state.finished = true;
    throw new DatasetProblemException(DatasetErrorCode.Empty, 'The request has no body');
  }
  const counted = countBytes(stream, options.maxBytes, state);
  if (media === 'multipart/form-data') return multipartFile({ ...request.headers, 'content-type': contentType }, counted, options.format, state);
  const format = options.format ?? FORMAT_OF_MEDIA[media];
  if (!format) throw new DatasetProblemException(DatasetErrorCode.UnsupportedMediaType, `Content type "${media || '(none)'}" is not a dataset format: send ${SUPPORTED}`);
  return { format, sourceName: media, chunks: counted, get finished() { return state.finished; } };
}

function tooLarge(maxBytes: number): DomainException {
  return new DomainException(ErrorCode.PayloadTooLarge, `The upload is larger than ${maxBytes} bytes (DATASET_MAX_UPLOAD_BYTES)`);
}

/**
 * The body's chunks, refusing it once past `maxBytes`. The stream is left unread, not
 * destroyed: destroying the request would reset the socket before the 413 could be sent
 * (the reply closes the connection instead).
 */
async function* countBytes(stream: Readable, maxBytes: number, state: { finished: boolean }): AsyncGenerator<Buffer> {
  let total = 0;
  for await (const chunk of stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    yield chunk;
  }
  state.finished = true;
}

/** The first file part of a multipart body, streamed; other parts are read past. */
async function multipartFile(headers: IncomingHttpHeaders, body: AsyncGenerator<Buffer>, format: DatasetFormat | undefined, state: { finished: boolean }): Promise<UploadBody> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers, limits: { files: 1, fields: 50 } });
  } catch (error) {
    throw new DatasetProblemException(DatasetErrorCode.Malformed, `Cannot read the multipart body: ${(error as Error).message}`);
  }
  const file = new Promise<{ stream: Readable; filename: string; mimeType: string } | undefined>((resolve, reject) => {
    parser.on('file', (_field, stream, info) => resolve({ stream, filename: info.filename ?? '', mimeType: info.mimeType }));
    parser.on('close', () => resolve(undefined));
    parser.on('error', reject);
  });
  // Feeds the raw body to busboy with back-pressure; a failure (size limit, broken connection) ends the file stream with it.
  void (async () => {
    try {
      for await (const chunk of body) if (!parser.write(chunk)) await once(parser, 'drain');
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  const part = await file.catch((error: Error) => {
    if (error instanceof DomainException) throw error;
    throw new DatasetProblemException(DatasetErrorCode.Malformed, `Cannot read the multipart body: ${error.message}`);
  });
  if (!part) throw new DatasetProblemException(DatasetErrorCode.Empty, 'The multipart body has no file part');
  const extension = part.filename.split('.').pop()?.toLowerCase() ?? '';
  const resolved = format ?? FORMAT_OF_MEDIA[part.mimeType.toLowerCase()] ?? FORMAT_OF_EXTENSION[extension];
  if (!resolved) {
    part.stream.resume();
    throw new DatasetProblemException(
      DatasetErrorCode.UnsupportedMediaType,
      `The file part "${part.filename}" (${part.mimeType}) is not a dataset format: name it .csv, .json or .ndjson, give it one of the types ${Object.keys(FORMAT_OF_MEDIA).join(', ')}, or pass ?format=`,
    );
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of part!.stream as AsyncIterable<Buffer>) yield chunk;
  }
  return { format: resolved, sourceName: part.filename || part.mimeType, chunks: chunks(), get finished() { return state.finished; } };
}
