import {
  DatasetErrorCode,
  type DatasetColumnProfile,
  type DatasetColumnType,
  type DatasetOnError,
  type DatasetQuality,
  type DatasetRowError,
  type DatasetSchema,
} from '@foresight/contracts';
import { DatasetRejection } from '../datasets.exception';
import { isMissingAscii } from './ascii-values';
import { cellFromText, misfit, type RawCell } from './cells';
import { ChunkEncoder } from './chunk-encoder';
import { ColumnProfiler, inferType } from './column-profiler';
import { ContentHasher, MAX_FINGERPRINTS } from './content-hasher';
import { FIELD_ESCAPE, FIELD_NON_ASCII, type FieldRowHandler } from './row-parsers';

// Bound once: imports compile to getters, too slow to go through per cell.
const missingAscii = isMissingAscii;
const NON_ASCII = FIELD_NON_ASCII;
const ESCAPE = FIELD_ESCAPE;

/** Rows per stored chunk: ~0.5-1 MB of JSON for 20 columns, one INSERT each. */
export const CHUNK_ROWS = 5000;
/** Bad rows listed in a rejection or a skip report; the total is always counted. */
export const MAX_LISTED_ROW_ERRORS = 100;

export interface IngestOptions {
  onError: DatasetOnError;
  schema?: DatasetSchema;
  chunkRows?: number;
}

/** Consecutive rows ready to store: a JSON array of row arrays following the first `width` columns. */
export interface SealedChunk {
  seq: number;
  firstRow: number;
  rows: number;
  width: number;
  data: Buffer;
}

export interface IngestSummary {
  rows: number;
  /** Column names in first-appearance order: the order of every stored row array. */
  columns: string[];
  /** One per column, same order. */
  profiles: DatasetColumnProfile[];
  quality: DatasetQuality;
  contentHash: string;
  rejected: DatasetRowError[];
  rejectedCount: number;
}

/**
 * One upload on its way in: checks each record against the explicit schema, profiles it,
 * hashes it and packs it into chunks, while the parser feeds it. Pure: the caller stores the
 * sealed chunks (`takeChunks`) as they come and calls `finish` once the parser has ended.
 * With onError=reject, work beyond finding bad rows stops at the first one (the upload will fail).
 */
export class DatasetIngestion implements FieldRowHandler {
  private readonly profilers: ColumnProfiler[] = [];
  private readonly hasher = new ContentHasher();
  private readonly encoder: ChunkEncoder;
  private readonly chunkRows: number;
  private schemaChecks: Array<{ index: number; name: string; type: DatasetColumnType }> = [];
  private sealed: SealedChunk[] = [];
  private seq = 0;
  private rows = 0;
  private chunkFirstRow = 0;
  private readonly rejected: DatasetRowError[] = [];
  private rejectedCount = 0;
  private readonly extraWarnings: string[] = [];

  /** Where the column list comes from, read live (JSON records may extend it). */
  private source: { readonly columns: readonly string[] } = { columns: [] };
  /** Set for CSV, whose header fixes the columns before the first row. */
  private fixedColumns = false;

  constructor(private readonly options: IngestOptions) {
    this.chunkRows = options.chunkRows ?? CHUNK_ROWS;
    this.encoder = new ChunkEncoder(this.hasher, this.chunkRows);
  }

  /** The parser feeding this ingestion; `fixed` when its columns are all known before the first row. */
  readFrom(parser: { readonly columns: readonly string[] }, fixed: boolean): void {
    this.source = parser;
    this.fixedColumns = fixed;
  }

  private columns(): readonly string[] {
    return this.source.columns;
  }

  private get failing(): boolean {
    return this.options.onError === 'reject' && this.rejectedCount > 0;
  }

  row(line: number, cells: RawCell[]): void {
    if (this.columns().length !== this.profilers.length) this.columnsGrew();
    for (const check of this.schemaChecks) {
      const reason = misfit(cells[check.index] ?? null, check.type);
      if (reason !== undefined) {
        this.bad(line, `column "${check.name}": ${reason}`);
        return;
      }
    }
    if (this.failing) return;
    const profilers = this.profilers;
    for (let i = 0; i < profilers.length; i++) profilers[i]!.add(i < cells.length ? cells[i]! : null);
    let width = cells.length;
    while (width > 0 && cells[width - 1] === null) width--;
    if (width < cells.length) cells.length = width;
    this.encoder.row(JSON.stringify(cells));
    this.rows++;
    if (this.encoder.rows === this.chunkRows) this.seal();
  }

  /**
   * `row` of a CSV record handed over as byte ranges of the upload (one per column): ASCII cells
   * are profiled and stored from the bytes, without a string each; others as `row` does.
   */
  fields(line: number, buf: Buffer, bounds: Int32Array, flags: Uint8Array): void {
    if (this.columns().length !== this.profilers.length) this.columnsGrew();
    for (const check of this.schemaChecks) {
      const cell = cellFromText(buf.toString('utf8', bounds[2 * check.index], bounds[2 * check.index + 1]));
      const reason = misfit(cell, check.type);
      if (reason !== undefined) {
        this.bad(line, `column "${check.name}": ${reason}`);
        return;
      }
    }
    if (this.failing) return;
    const profilers = this.profilers;
    const encoder = this.encoder;
    encoder.beginRow();
    for (let i = 0; i < profilers.length; i++) {
      const start = bounds[2 * i]!;
      const end = bounds[2 * i + 1]!;
      const profiler = profilers[i]!;
      const kind = flags[i]!;
      if ((kind & NON_ASCII) !== 0) {
        const cell = cellFromText(buf.toString('utf8', start, end));
        profiler.add(cell);
        if (cell === null) encoder.nullCell();
        else encoder.textCell(cell);
      } else if (missingAscii(buf, start, end)) {
        profiler.addMissing(1);
        encoder.nullCell();
      } else {
        profiler.addAscii(buf, start, end);
        encoder.asciiCell(buf, start, end, (kind & ESCAPE) !== 0);
      }
    }
    encoder.endRow();
    this.rows++;
    if (encoder.rows === this.chunkRows) this.seal();
  }

  bad(line: number, reason: string): void {
    this.rejectedCount++;
    if (this.rejected.length < MAX_LISTED_ROW_ERRORS) this.rejected.push({ line, reason });
  }

  /** Chunks sealed since the last call, in order. */
  takeChunks(): SealedChunk[] {
    const out = this.sealed;
    this.sealed = [];
    return out;
  }

  /** Parser-level notes (renamed blank headers...) for the quality report. */
  warn(message: string): void {
    this.extraWarnings.push(message);
  }

  /** Seals the last chunk and returns what was read, or throws the rejection the data earns. */
  finish(): IngestSummary {
    const columns = [...this.columns()];
    if (columns.length !== this.profilers.length) this.columnsGrew();
    if (columns.length === 0 && this.rows > 0) throw new DatasetRejection(DatasetErrorCode.NoColumns, 'The records hold no fields');
    if (this.failing) {
      throw new DatasetRejection(DatasetErrorCode.RowsInvalid, `${this.rejectedCount} row(s) cannot be read; nothing was stored (onError=skip stores the others)`, {
        rows: this.rejected,
        rejectedCount: this.rejectedCount,
      });
    }
    this.requireSchemaColumns(columns);
    if (this.rows === 0) {
      if (this.rejectedCount > 0) {
        throw new DatasetRejection(DatasetErrorCode.RowsInvalid, `All ${this.rejectedCount} row(s) are bad; nothing to store`, {
          rows: this.rejected,
          rejectedCount: this.rejectedCount,
        });
      }
      if (columns.length === 0) throw new DatasetRejection(DatasetErrorCode.Empty, 'The body holds no data');
      throw new DatasetRejection(DatasetErrorCode.Empty, 'The body holds column names but no rows');
    }
    if (this.encoder.rows > 0) this.seal();
    const profiles = this.profilers.map((p) => p.profile(this.options.schema?.[p.name] ?? inferType(p.evidence())));
    return {
      rows: this.rows,
      columns,
      profiles,
      quality: this.quality(profiles),
      contentHash: this.hasher.digest(columns),
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
    };
  }

  private columnsGrew(): void {
    const names = this.columns();
    for (let i = this.profilers.length; i < names.length; i++) {
      const profiler = new ColumnProfiler(names[i]!);
      profiler.addMissing(this.rows);
      this.profilers.push(profiler);
    }
    const schema = this.options.schema ?? {};
    this.schemaChecks = names.flatMap((name, index) => {
      const type = Object.prototype.hasOwnProperty.call(schema, name) ? schema[name] : undefined;
      return type === undefined || type === 'text' || type === 'category' ? [] : [{ index, name, type }];
    });
    // A CSV header is the whole column list: a schema column it lacks fails the upload now, not after the last row.
    if (this.fixedColumns) this.requireSchemaColumns(names);
  }

  private requireSchemaColumns(columns: readonly string[]): void {
    if (!this.options.schema) return;
    const present = new Set(columns);
    const lacking = Object.keys(this.options.schema).filter((c) => !present.has(c));
    if (lacking.length > 0) {
      throw new DatasetRejection(DatasetErrorCode.SchemaMismatch, `The schema names column(s) the data lacks: ${lacking.map((c) => `"${c}"`).join(', ')}`);
    }
  }

  private seal(): void {
    const rows = this.encoder.rows;
    const data = this.encoder.seal();
    if (data === undefined) return;
    this.sealed.push({ seq: this.seq++, firstRow: this.chunkFirstRow, rows, width: this.profilers.length, data });
    this.chunkFirstRow += rows;
  }

  private quality(profiles: DatasetColumnProfile[]): DatasetQuality {
    const warnings = [...this.extraWarnings];
    const outliers: Record<string, number> = {};
    const constantColumns: string[] = [];
    profiles.forEach((p, i) => {
      if (p.type === 'number' || p.type === 'integer') outliers[p.name] = this.profilers[i]!.outliers();
      if (p.distinct === 1) constantColumns.push(p.name);
      if (p.missing === this.rows) warnings.push(`column "${p.name}" has no values`);
      else if (p.missing / this.rows > 0.5) warnings.push(`column "${p.name}" is ${percent(p.missing / this.rows)} missing`);
      if (p.invalid > 0) warnings.push(`column "${p.name}": ${p.invalid} value(s) do not read as ${p.type} and read as null`);
      if (p.distinct === 1) warnings.push(`column "${p.name}" holds a single value`);
    });
    if (this.hasher.duplicates > 0) warnings.push(`${this.hasher.duplicates} row(s) repeat an earlier row`);
    if (this.hasher.unchecked > 0) warnings.push(`duplicates were counted over the first ${MAX_FINGERPRINTS} distinct rows only`);
    if (this.rejectedCount > 0) warnings.push(`${this.rejectedCount} bad row(s) were skipped`);
    return { duplicates: this.hasher.duplicates, constantColumns, outliers, warnings };
  }
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
