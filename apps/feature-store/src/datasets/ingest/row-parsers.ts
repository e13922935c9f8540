import { StringDecoder } from 'node:string_decoder';
import { DatasetErrorCode, MAX_DATASET_COLUMNS, type DatasetFormat } from '@foresight/contracts';
import { JSONParser } from '@streamparser/json';
import Papa from 'papaparse';
import { DatasetRejection } from '../datasets.exception';
import { cellFromJson, cellFromText, type RawCell } from './cells';

/** Longest single record (CSV row, NDJSON line, JSON element) accepted; bounds what is buffered. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/** Where a parser delivers records: `line` is 1-based (CSV counts its header; a JSON array its elements). */
export interface RowHandler {
  /** `cells` follow the parser's `columns` as they stand now; a JSON record may hold fewer. */
  row(line: number, cells: RawCell[]): void;
  bad(line: number, reason: string): void;
}

/**
 * Turns a byte stream into records as the bytes arrive, holding at most one partial record.
 * Column names are kept byte for byte; JSON records may add columns as they go.
 */
export interface RowParser {
  readonly columns: readonly string[];
  /** Things about the input worth telling the user that are not errors (renamed blank headers...). */
  readonly warnings: string[];
  write(chunk: Uint8Array): void;
  end(): void;
}

export function createRowParser(format: DatasetFormat, handler: RowHandler): RowParser {
  switch (format) {
    case 'csv':
      return new CsvRowParser(handler);
    case 'ndjson':
      return new NdjsonRowParser(handler);
    case 'json':
      return new JsonArrayRowParser(handler);
  }
}

const tooLong = (line: number) =>
  new DatasetRejection(DatasetErrorCode.Malformed, `Record at line ${line} is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MiB (an unclosed quote?)`);

/** Object keys become columns in order of first appearance, shared by the JSON parsers. */
class ColumnIndex {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  cellsOf(record: Record<string, unknown>): RawCell[] {
    const cells: RawCell[] = new Array(this.names.length).fill(null);
    for (const key of Object.keys(record)) {
      let i = this.index.get(key);
      if (i === undefined) {
        if (this.names.length >= MAX_DATASET_COLUMNS) throw new DatasetRejection(DatasetErrorCode.Malformed, `More than ${MAX_DATASET_COLUMNS} columns`);
        i = this.names.length;
        this.index.set(key, i);
        this.names.push(key);
      }
      cells[i] = cellFromJson(record[key]);
    }
    return cells;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Set in a field's flags when it holds a byte outside ASCII: read it as a UTF-8 string. */
export const FIELD_NON_ASCII = 1;
/** Set in a field's flags when it holds a control character or a backslash, which JSON escapes. */
export const FIELD_ESCAPE = 2;

/** A handler that also takes CSV records as byte ranges of the upload, skipping a string per field. */
export interface FieldRowHandler extends RowHandler {
  /** Field i is `buf[bounds[2i], bounds[2i+1])` with `flags[i]` (FIELD_*); one field per column. */
  fields(line: number, buf: Buffer, bounds: Int32Array, flags: Uint8Array): void;
}

const takesFields = (handler: RowHandler): handler is FieldRowHandler => typeof (handler as Partial<FieldRowHandler>).fields === 'function';

const EMPTY = Buffer.alloc(0);
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * CSV (RFC 4180 quoting) through Papa Parse's core parser, fed chunk by chunk the way its own
 * streamers feed it: parse everything but the last, possibly partial, row and carry that over.
 * The delimiter (`,` `;` tab `|`) and line ending are read from the header line; blank lines
 * are skipped as pandas skips them.
 *
 * Input with no quote character at all (most of it, in exports that quote only where needed)
 * takes a fast path instead, as Papa Parse itself does (split on line endings, then on the
 * delimiter), but over the bytes: each record goes to a FieldRowHandler as the byte ranges of
 * its fields, so cells are profiled and stored without a string each. Text with quotes goes
 * through Papa Parse. Both read a record alike; which one reads a chunk changes nothing.
 */
export class CsvRowParser implements RowParser {
  columns: string[] = [];
  readonly warnings: string[] = [];
  private parser?: Papa.Parser;
  /** Bytes after the last whole record (undecoded: a UTF-8 sequence may be cut). */
  private pending: Buffer = EMPTY;
  private started = false;
  /** Line number where the next record starts. */
  private line = 1;
  private delimiter = 0x2c;
  private crlf = false;
  /** Per byte: 1 delimiter, FIELD_ESCAPE, FIELD_NON_ASCII (shifted by one), 0 otherwise. */
  private readonly byteClass = new Uint8Array(256);
  private readonly bounds = new Int32Array(2 * MAX_DATASET_COLUMNS);
  private readonly flags = new Uint8Array(MAX_DATASET_COLUMNS);
  private readonly fieldHandler?: FieldRowHandler;

  constructor(private readonly handler: RowHandler) {
    if (takesFields(handler)) this.fieldHandler = handler;
  }

  write(chunk: Uint8Array): void {
    let buf = this.pending.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.pending, chunk]);
    if (!this.started) {
      buf = stripBomBytes(buf);
      const firstBreak = buf.indexOf(LF);
      if (firstBreak < 0) {
        if (buf.length > MAX_RECORD_CHARS) throw tooLong(1);
        this.pending = Buffer.from(buf);
        return;
      }
      this.start(buf.toString('utf8', 0, firstBreak + 1));
    }
    this.consume(buf, true);
  }

  end(): void {
    let buf = this.pending;
    this.pending = EMPTY;
    if (!this.started) {
      buf = stripBomBytes(buf);
      const text = buf.toString('utf8');
      if (text.trim() === '') return;
      this.start(text);
    }
    this.consume(buf, false);
  }

  private start(text: string): void {
    this.started = true;
    const firstBreak = text.indexOf('\n');
    const newline = firstBreak > 0 && text[firstBreak - 1] === '\r' ? '\r\n' : '\n';
    const headerLine = firstBreak < 0 ? text : text.slice(0, firstBreak);
    const counts = [',', ';', '\t', '|'].map((d) => [d, headerLine.split(d).length - 1] as const);
    const delimiter = counts.reduce((best, c) => (c[1] > best[1] ? c : best), counts[0]!)[0];
    this.parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
    this.delimiter = delimiter.charCodeAt(0);
    this.crlf = newline === '\r\n';
    for (let b = 0; b < 256; b++) this.byteClass[b] = b >= 0x80 ? FIELD_NON_ASCII << 1 : b < 0x20 || b === 0x5c ? FIELD_ESCAPE << 1 : 0;
    this.byteClass[this.delimiter] = 1;
  }

  /** Reads the records of `buf` (all of them when `more` is false), keeping what follows the last whole one. */
  private consume(buf: Buffer, more: boolean): void {
    if (this.fieldHandler !== undefined && this.columns.length > 0 && buf.indexOf(QUOTE) < 0) this.scan(buf, more, this.fieldHandler);
    else this.parse(buf, more);
    if (this.pending.length > MAX_RECORD_CHARS) throw tooLong(this.line);
  }

  /** Papa Parse over the text up to the last line feed (all of it at the end): a record never ends past it. */
  private parse(buf: Buffer, more: boolean): void {
    const cut = more ? buf.lastIndexOf(LF) + 1 : buf.length;
    const text = buf.toString('utf8', 0, cut);
    const result = this.parser!.parse(text, 0, more) as { data: string[][]; errors: Array<{ row?: number; message: string }>; meta: { cursor: number } };
    const broken = new Map<number, string>();
    for (const e of result.errors) if (e.row !== undefined && !broken.has(e.row)) broken.set(e.row, e.message);
    const multiline = text.includes('"');
    for (let r = 0; r < result.data.length; r++) {
      const fields = result.data[r]!;
      const line = this.line;
      this.line += multiline ? 1 + newlinesIn(fields) : 1;
      if (fields.length === 1 && fields[0] === '' && !broken.has(r)) continue;
      const problem = broken.get(r);
      if (this.columns.length === 0) {
        if (problem) throw new DatasetRejection(DatasetErrorCode.Malformed, `The header (line ${line}) cannot be read: ${problem}`);
        this.readHeader(fields, line);
        continue;
      }
      if (problem) this.handler.bad(line, `malformed quoting: ${problem}`);
      else if (fields.length !== this.columns.length) this.handler.bad(line, `expected ${this.columns.length} fields, found ${fields.length}`);
      else {
        const cells: RawCell[] = new Array(fields.length);
        for (let i = 0; i < fields.length; i++) cells[i] = cellFromText(fields[i]!);
        this.handler.row(line, cells);
      }
    }
    if (!more) this.pending = EMPTY;
    else {
      const rest = text.length - result.meta.cursor;
      this.pending = rest === 0 ? Buffer.from(buf.subarray(cut)) : Buffer.concat([Buffer.from(text.slice(result.meta.cursor)), buf.subarray(cut)]);
    }
  }

  /**
   * Papa Parse's quote-free path over bytes: records end at the line ending found in the header,
   * fields at the delimiter; a record that is empty is a blank line, skipped.
   */
  private scan(buf: Buffer, more: boolean, handler: FieldRowHandler): void {
    const width = this.columns.length;
    const byteClass = this.byteClass;
    const bounds = this.bounds;
    const flags = this.flags;
    const length = buf.length;
    let recordStart = 0;
    while (recordStart < length || !more) {
      let lf = buf.indexOf(LF, recordStart);
      if (this.crlf) while (lf >= 0 && buf[lf - 1] !== CR) lf = buf.indexOf(LF, lf + 1);
      let recordEnd: number;
      if (lf >= 0) recordEnd = this.crlf ? lf - 1 : lf;
      else if (more || recordStart === length) break;
      else recordEnd = length;
      const line = this.line++;
      if (recordEnd > recordStart) {
        let count = 0;
        let fieldStart = recordStart;
        let kind = 0;
        for (let i = recordStart; i < recordEnd; i++) {
          const c = byteClass[buf[i]!]!;
          if (c === 0) continue;
          if (c !== 1) kind |= c;
          else {
            if (count < width) {
              bounds[2 * count] = fieldStart;
              bounds[2 * count + 1] = i;
              flags[count] = kind >> 1;
            }
            count++;
            fieldStart = i + 1;
            kind = 0;
          }
        }
        if (count < width) {
          bounds[2 * count] = fieldStart;
          bounds[2 * count + 1] = recordEnd;
          flags[count] = kind >> 1;
        }
        count++;
        if (count !== width) handler.bad(line, `expected ${width} fields, found ${count}`);
        else handler.fields(line, buf, bounds, flags);
      }
      recordStart = lf >= 0 ? lf + 1 : length;
    }
    this.pending = more ? Buffer.from(buf.subarray(recordStart)) : EMPTY;
  }

  private readHeader(fields: string[], line: number): void {
    if (fields.length > MAX_DATASET_COLUMNS) throw new DatasetRejection(DatasetErrorCode.Malformed, `The header has ${fields.length} columns, more than ${MAX_DATASET_COLUMNS}`);
    if (fields.every((f) => f.trim() === '')) throw new DatasetRejection(DatasetErrorCode.NoColumns, `The header (line ${line}) names no column`);
    const seen = new Map<string, number>();
    this.columns = fields.map((f, i) => {
      let name = f;
      if (f.trim() === '') {
        name = `column_${i + 1}`;
        this.warnings.push(`header column ${i + 1} is blank and was named "${name}"`);
      }
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        throw new DatasetRejection(DatasetErrorCode.Malformed, `Column "${name}" appears twice in the header (columns ${earlier + 1} and ${i + 1})`);
      }
      seen.set(name, i);
      return name;
    });
  }
}

function newlinesIn(fields: string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.length === 0) continue;
    for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/** Newline-delimited JSON: one object per line; a line that is not one is a bad row, the rest go on. */
export class NdjsonRowParser implements RowParser {
  private readonly index = new ColumnIndex();
  readonly warnings: string[] = [];
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private line = 1;

  constructor(private readonly handler: RowHandler) {}

  get columns(): readonly string[] {
    return this.index.names;
  }

  write(chunk: Uint8Array): void {
    const text = this.pending + this.decoder.write(chunk as Buffer);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.record(text.slice(start, nl));
      start = nl + 1;
    }
    this.pending = text.slice(start);
    if (this.pending.length > MAX_RECORD_CHARS) throw tooLong(this.line);
  }

  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest.length > 0) this.record(rest);
  }

  private record(raw: string): void {
    const line = this.line++;
    const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.handler.bad(line, `invalid JSON: ${(error as Error).message}`);
      return;
    }
    if (!isRecord(value)) {
      this.handler.bad(line, `expected a JSON object, found ${describe(value)}`);
      return;
    }
    this.handler.row(line, this.index.cellsOf(value));
  }
}

/**
 * A JSON array of objects, parsed incrementally by @streamparser/json so only the element being
 * read is in memory. An element that is not an object is a bad row; broken JSON syntax stops
 * the upload (nothing after it can be trusted), reported against the element it broke in.
 */
export class JsonArrayRowParser implements RowParser {
  private readonly index = new ColumnIndex();
  readonly warnings: string[] = [];
  private readonly parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  private checkedStart = false;
  private elements = 0;
  /** Bytes read since the last element was emitted: bounds what the parser may buffer. */
  private sinceElement = 0;
  private failure?: Error;
  private ended = false;

  constructor(private readonly handler: RowHandler) {
    this.parser.onValue = ({ value, key }) => {
      const line = typeof key === 'number' ? key + 1 : this.elements + 1;
      this.elements = line;
      this.sinceElement = 0;
      if (!isRecord(value)) this.handler.bad(line, `expected a JSON object, found ${describe(value)}`);
      else this.handler.row(line, this.index.cellsOf(value));
    };
    this.parser.onError = (error) => {
      this.failure ??= error;
    };
    // The parser ends by itself after the top-level array closes.
    this.parser.onEnd = () => {
      this.ended = true;
    };
  }

  get columns(): readonly string[] {
    return this.index.names;
  }

  write(chunk: Uint8Array): void {
    if (!this.checkedStart) {
      const first = firstSignificantByte(chunk);
      if (first === undefined) return;
      if (first !== 0x5b) throw new DatasetRejection(DatasetErrorCode.Malformed, 'A JSON body must be an array of objects ([{...}, ...])');
      this.checkedStart = true;
      chunk = stripBom(chunk);
    }
    this.sinceElement += chunk.length;
    if (this.sinceElement > MAX_RECORD_CHARS) throw tooLong(this.elements + 1);
    this.feed(() => this.parser.write(chunk));
  }

  end(): void {
    if (!this.checkedStart || this.ended) return;
    this.feed(() => this.parser.end());
  }

  /** Syntax errors arrive through `onError`; anything `step` throws is the handler's own and passes through. */
  private feed(step: () => void): void {
    step();
    if (this.failure) {
      throw new DatasetRejection(DatasetErrorCode.RowsInvalid, `The JSON array is broken at element ${this.elements + 1}: ${this.failure.message}`, {
        rows: [{ line: this.elements + 1, reason: `invalid JSON: ${this.failure.message}` }],
        rejectedCount: 1,
      });
    }
  }
}

function firstSignificantByte(chunk: Uint8Array): number | undefined {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) continue;
    if (b === 0xef && chunk[i + 1] === 0xbb && chunk[i + 2] === 0xbf) {
      i += 2;
      continue;
    }
    return b;
  }
  return undefined;
}

function stripBom(chunk: Uint8Array): Uint8Array {
  let i = 0;
  while (i < chunk.length && (chunk[i] === 0x20 || chunk[i] === 0x0a || chunk[i] === 0x0d || chunk[i] === 0x09)) i++;
  return chunk[i] === 0xef && chunk[i + 1] === 0xbb && chunk[i + 2] === 0xbf ? chunk.subarray(i + 3) : chunk;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Row objects handed over in code (DatasetWriter): each object is one record, numbered from 1. */
export class ObjectRowParser {
  private readonly index = new ColumnIndex();
  private line = 0;

  constructor(private readonly handler: RowHandler) {}

  get columns(): readonly string[] {
    return this.index.names;
  }

  push(record: unknown): void {
    const line = ++this.line;
    if (!isRecord(record)) this.handler.bad(line, `expected an object, found ${describe(record)}`);
    else this.handler.row(line, this.index.cellsOf(record));
  }
}

/** The bytes without a leading UTF-8 byte order mark. */
function stripBomBytes(buf: Buffer): Buffer {
  return buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
}
