import { MlArtifactError } from '../errors/ml-input.error';
import { inferColumnTypes, type ColumnType } from '../frame/column-types';
import { cell } from '../frame/row';
import { categoryKey, parseBoolean, parseNumber, parseTimestamp } from '../frame/values';
import { DATE_PARTS, writeDateParts } from './date-parts';
import { meanAndStd, median } from './statistics';

/** Most frequent categories that get their own one-hot column; the rest share `__other__`. */
export const DEFAULT_MAX_CATEGORIES = 32;
export const OTHER_CATEGORY = '__other__';
export const MISSING_SUFFIX = '__missing';

/** Centre and scale of one standardised input: z = (x − mean) / std. */
export interface Standardisation {
  readonly mean: number;
  readonly std: number;
}

export interface NumericEncoding {
  readonly name: string;
  readonly type: 'numeric';
  /** Training median, written in place of missing or unparseable values. */
  readonly fill: number;
  readonly scale: Standardisation;
  /** True when training had missing values: adds a 0/1 `<name>__missing` column. */
  readonly missingIndicator: boolean;
}

export interface BooleanEncoding {
  readonly name: string;
  readonly type: 'boolean';
  /** Training mode (ties → 0), written for missing values. */
  readonly fill: 0 | 1;
  readonly missingIndicator: boolean;
}

/**
 * One-hot over `categories` (most frequent first). When training saw more distinct values than
 * the cap, `other` is true and every present value outside `categories` sets the `__other__`
 * column — rare training values and values never seen in training alike, as scikit-learn's
 * OneHotEncoder(max_categories, handle_unknown='infrequent_if_exist') does: a value the model
 * never saw is by definition infrequent, and this keeps the artifact free of the long tail.
 * Without an other bucket, unseen values are all zeros. Missing values are always all zeros.
 */
export interface CategoricalEncoding {
  readonly name: string;
  readonly type: 'categorical';
  readonly categories: readonly string[];
  readonly other: boolean;
}

/** Year, month, day of week and day of year (UTC), each imputed with its training median and standardised. */
export interface TimestampEncoding {
  readonly name: string;
  readonly type: 'timestamp';
  readonly fill: readonly number[];
  readonly scale: readonly Standardisation[];
  readonly missingIndicator: boolean;
}

export type FeatureEncoding = NumericEncoding | BooleanEncoding | CategoricalEncoding | TimestampEncoding;

export interface TabularPreprocessorJSON {
  readonly version: 1;
  readonly features: readonly FeatureEncoding[];
}

export interface TabularPreprocessorFitOptions {
  /** Columns to encode, in output order. */
  readonly features: readonly string[];
  /** Column types to use instead of inferring them from `rows`. */
  readonly types?: Readonly<Record<string, ColumnType>>;
  readonly maxCategories?: number;
}

/** A row-major matrix of `rows × cols` float32 values. */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Turns rows as users send them into the numeric matrix a model consumes. Fitted on training
 * rows only, so that imputation values, scales and category lists carry no information from
 * the rows a model is evaluated on. `transform` never throws on content: unknown columns are
 * ignored, absent or unreadable values are treated as missing.
 */
export class TabularPreprocessor {
  readonly outputNames: readonly string[];
  /** Per encoding, category → one-hot position (categorical encodings only). */
  private readonly categoryIndex: readonly (ReadonlyMap<string, number> | undefined)[];

  private constructor(private readonly encodings: readonly FeatureEncoding[]) {
    this.outputNames = encodings.flatMap(outputNamesOf);
    this.categoryIndex = encodings.map((e) =>
      e.type === 'categorical' ? new Map(e.categories.map((c, i) => [c, i])) : undefined,
    );
  }

  static fit(rows: readonly unknown[], options: TabularPreprocessorFitOptions): TabularPreprocessor {
    const maxCategories = options.maxCategories ?? DEFAULT_MAX_CATEGORIES;
    const features = [...options.features];
    if (new Set(features).size !== features.length) throw new RangeError('Feature names must be unique');
    const given = options.types ?? {};
    const toInfer = features.filter((f) => !Object.prototype.hasOwnProperty.call(given, f));
    const inferred = inferColumnTypes(rows, toInfer);
    const encodings = features.map((name): FeatureEncoding => {
      const type = Object.prototype.hasOwnProperty.call(given, name) ? given[name] : inferred[name];
      switch (type) {
        case 'numeric':
          return fitNumeric(rows, name);
        case 'boolean':
          return fitBoolean(rows, name);
        case 'categorical':
          return fitCategorical(rows, name, maxCategories);
        case 'timestamp':
          return fitTimestamp(rows, name);
        default:
          throw new RangeError(`Unknown column type for ${JSON.stringify(name)}: ${String(type)}`);
      }
    });
    return new TabularPreprocessor(encodings);
  }

  static fromJSON(json: unknown): TabularPreprocessor {
    return new TabularPreprocessor(validateJSON(json));
  }

  /** The fitted encodings; `fromJSON(toJSON())` reproduces this preprocessor exactly. */
  toJSON(): TabularPreprocessorJSON {
    return { version: 1, features: structuredClone(this.encodings) as FeatureEncoding[] };
  }

  get features(): readonly { name: string; type: ColumnType }[] {
    return this.encodings.map((e) => ({ name: e.name, type: e.type }));
  }

  get cols(): number {
    return this.outputNames.length;
  }

  transform(rows: readonly unknown[]): Matrix {
    const n = rows.length;
    const cols = this.outputNames.length;
    const data = new Float32Array(n * cols);
    const parts = new Float64Array(DATE_PARTS.length);
    for (let r = 0; r < n; r++) {
      const row = rows[r];
      let c = r * cols;
      for (let f = 0; f < this.encodings.length; f++) {
        const e = this.encodings[f];
        const value = cell(row, e.name);
        switch (e.type) {
          case 'numeric': {
            const x = parseNumber(value);
            data[c++] = ((x ?? e.fill) - e.scale.mean) / e.scale.std;
            if (e.missingIndicator) data[c++] = x === undefined ? 1 : 0;
            break;
          }
          case 'boolean': {
            const b = parseBoolean(value);
            data[c++] = b === undefined ? e.fill : b ? 1 : 0;
            if (e.missingIndicator) data[c++] = b === undefined ? 1 : 0;
            break;
          }
          case 'categorical': {
            const key = categoryKey(value);
            if (key !== undefined) {
              const i = this.categoryIndex[f]?.get(key);
              if (i !== undefined) data[c + i] = 1;
              else if (e.other) data[c + e.categories.length] = 1;
            }
            c += e.categories.length + (e.other ? 1 : 0);
            break;
          }
          case 'timestamp': {
            const t = parseTimestamp(value);
            if (t !== undefined) writeDateParts(t, parts);
            for (let p = 0; p < DATE_PARTS.length; p++) {
              data[c++] = ((t === undefined ? e.fill[p] : parts[p]) - e.scale[p].mean) / e.scale[p].std;
            }
            if (e.missingIndicator) data[c++] = t === undefined ? 1 : 0;
            break;
          }
        }
      }
    }
    return { data, rows: n, cols };
  }
}

function outputNamesOf(e: FeatureEncoding): string[] {
  const indicator = 'missingIndicator' in e && e.missingIndicator ? [`${e.name}${MISSING_SUFFIX}`] : [];
  switch (e.type) {
    case 'numeric':
    case 'boolean':
      return [e.name, ...indicator];
    case 'categorical':
      return [...e.categories.map((c) => `${e.name}=${c}`), ...(e.other ? [`${e.name}=${OTHER_CATEGORY}`] : [])];
    case 'timestamp':
      return [...DATE_PARTS.map((p) => `${e.name}__${p}`), ...indicator];
  }
}

function fitNumeric(rows: readonly unknown[], name: string): NumericEncoding {
  const observed: number[] = [];
  for (const row of rows) {
    const x = parseNumber(cell(row, name));
    if (x !== undefined) observed.push(x);
  }
  const fill = median(observed);
  const imputed = new Float64Array(rows.length).fill(fill);
  imputed.set(observed);
  return { name, type: 'numeric', fill, scale: meanAndStd(imputed), missingIndicator: observed.length < rows.length };
}

function fitBoolean(rows: readonly unknown[], name: string): BooleanEncoding {
  let ones = 0;
  let zeros = 0;
  for (const row of rows) {
    const b = parseBoolean(cell(row, name));
    if (b === true) ones++;
    else if (b === false) zeros++;
  }
  return { name, type: 'boolean', fill: ones > zeros ? 1 : 0, missingIndicator: ones + zeros < rows.length };
}

function fitCategorical(rows: readonly unknown[], name: string, maxCategories: number): CategoricalEncoding {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = categoryKey(cell(row, name));
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // Count descending, then code-unit order, so that the column layout does not depend on row order.
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    name,
    type: 'categorical',
    categories: ranked.slice(0, maxCategories).map(([key]) => key),
    other: ranked.length > maxCategories,
  };
}

function fitTimestamp(rows: readonly unknown[], name: string): TimestampEncoding {
  const observed: number[] = [];
  for (const row of rows) {
    const t = parseTimestamp(cell(row, name));
    if (t !== undefined) observed.push(t);
  }
  const k = DATE_PARTS.length;
  const partsByObservation = new Float64Array(observed.length * k);
  observed.forEach((t, i) => writeDateParts(t, partsByObservation, i * k));
  const fill: number[] = [];
  const scale: Standardisation[] = [];
  for (let p = 0; p < k; p++) {
    const column = new Float64Array(observed.length);
    for (let i = 0; i < observed.length; i++) column[i] = partsByObservation[i * k + p];
    const m = median(column);
    const imputed = new Float64Array(rows.length).fill(m);
    imputed.set(column);
    fill.push(m);
    scale.push(meanAndStd(imputed));
  }
  return { name, type: 'timestamp', fill, scale, missingIndicator: observed.length < rows.length };
}

function validateJSON(json: unknown): FeatureEncoding[] {
  const fail = (why: string): never => {
    throw new MlArtifactError(`Not a TabularPreprocessor (version 1): ${why}`);
  };
  if (!isObject(json) || json['version'] !== 1) return fail('expected { version: 1 }');
  const features = json['features'];
  if (!Array.isArray(features)) return fail('features must be an array');
  const finite = (x: unknown, what: string): number =>
    typeof x === 'number' && Number.isFinite(x) ? x : fail(`${what} must be a finite number`);
  const flag = (x: unknown, what: string): boolean => (typeof x === 'boolean' ? x : fail(`${what} must be a boolean`));
  const scaleOf = (x: unknown, what: string): Standardisation => {
    if (!isObject(x)) return fail(`${what} must be { mean, std }`);
    const std = finite(x['std'], `${what}.std`);
    return { mean: finite(x['mean'], `${what}.mean`), std: std !== 0 ? std : fail(`${what}.std must not be 0`) };
  };
  const names = new Set<string>();
  return features.map((f: unknown): FeatureEncoding => {
    if (!isObject(f) || typeof f['name'] !== 'string') return fail('each feature needs a string name');
    const name = f['name'];
    const label = JSON.stringify(name);
    if (names.has(name)) fail(`duplicate feature ${label}`);
    names.add(name);
    switch (f['type']) {
      case 'numeric':
        return {
          name,
          type: 'numeric',
          fill: finite(f['fill'], `${label}.fill`),
          scale: scaleOf(f['scale'], `${label}.scale`),
          missingIndicator: flag(f['missingIndicator'], `${label}.missingIndicator`),
        };
      case 'boolean': {
        const fill = f['fill'];
        return {
          name,
          type: 'boolean',
          fill: fill === 0 || fill === 1 ? fill : fail(`${label}.fill must be 0 or 1`),
          missingIndicator: flag(f['missingIndicator'], `${label}.missingIndicator`),
        };
      }
      case 'categorical': {
        const categories = f['categories'];
        if (!Array.isArray(categories) || !categories.every((c): c is string => typeof c === 'string'))
          return fail(`${label}.categories must be strings`);
        if (new Set(categories).size !== categories.length) fail(`${label}.categories has duplicates`);
        return { name, type: 'categorical', categories: [...categories], other: flag(f['other'], `${label}.other`) };
      }
      case 'timestamp': {
        const fill = f['fill'];
        const scale = f['scale'];
        if (!Array.isArray(fill) || fill.length !== DATE_PARTS.length) return fail(`${label}.fill must have ${DATE_PARTS.length} values`);
        if (!Array.isArray(scale) || scale.length !== DATE_PARTS.length) return fail(`${label}.scale must have ${DATE_PARTS.length} values`);
        return {
          name,
          type: 'timestamp',
          fill: fill.map((x, i) => finite(x, `${label}.fill[${i}]`)),
          scale: scale.map((x, i) => scaleOf(x, `${label}.scale[${i}]`)),
          missingIndicator: flag(f['missingIndicator'], `${label}.missingIndicator`),
        };
      }
      default:
        return fail(`unknown type for ${label}`);
    }
  });
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
