import { aggregateFeatureName, MaterializationSkipReason, type AggregationFn, type DatasetColumnType, type FeatureDtype, type FeatureValue, type FieldError, type grpc } from '@foresight/contracts';
import { entityIdOf } from '@foresight/feature-store-client';
import { ValidationException } from '@foresight/platform';
import { type AggregationPlan, compileExpression, createAggregationPlan, type Dtype, FeatureEngineError, instantToMs, type Value } from '../engine';

/**
 * Key of the offline row object that holds a view's raw aggregation inputs (source columns), so
 * training sets can compute windowed aggregates as of any time from the offline store. `$` cannot
 * start a feature a user reads online: materialization refuses a view declaring a feature named so.
 */
export const SOURCE_VALUES_KEY = '$src';

/** A source row as the stores take it. */
export interface MappedRow {
  entityId: string;
  eventTime: number;
  /** Declared features with a value (null ones are left out: the stores have no null). */
  features: Record<string, FeatureValue>;
  /** Aggregation input columns with a value, keyed by column. */
  sourceValues: Record<string, FeatureValue> | null;
}

export type RowOutcome = { ok: true; row: MappedRow } | { ok: false; reason: MaterializationSkipReason; detail: string };

/** A dataset-sourced view version compiled against one dataset version's columns. */
export interface ViewSource {
  view: string;
  version: number;
  ttlMs: number;
  dataset: { name: string; version: number };
  /** Declared (non-aggregate) features with their dtype. */
  declared: ReadonlyArray<{ name: string; dtype: FeatureDtype }>;
  /** Aggregations as an engine plan (null when the view has none). */
  plan: AggregationPlan | null;
  map(row: Readonly<Record<string, unknown>>): RowOutcome;
}

const ENGINE_DTYPE: Record<DatasetColumnType, Dtype> = { number: 'number', integer: 'number', boolean: 'boolean', timestamp: 'timestamp', category: 'string', text: 'string' };

/** The engine plan of a view version's aggregations (names as the definition names them), or null. */
export function aggregationPlanOf(aggregations: readonly grpc.AggregationSpec[], only?: ReadonlySet<string>): AggregationPlan | null {
  const specs = aggregations.flatMap((a) =>
    a.windows
      .map((window) => ({ name: aggregateFeatureName(a.column, a.fn as AggregationFn, window), fn: a.fn as AggregationFn, field: a.column, window }))
      .filter((s) => !only || only.has(s.name)),
  );
  return specs.length > 0 ? createAggregationPlan(specs) : null;
}

/**
 * Checks that every column the view reads exists in the dataset version (one error per missing
 * column, nothing written otherwise) and compiles its expressions with the columns' types.
 */
export function compileViewSource(
  view: grpc.FeatureViewVersion,
  joinKeys: readonly string[],
  dataset: { name: string; version: number; columns: ReadonlyArray<{ name: string; type: DatasetColumnType }> },
): ViewSource {
  const types = new Map(dataset.columns.map((c) => [c.name, ENGINE_DTYPE[c.type]]));
  const errors: FieldError[] = [];
  const need = (column: string, path: string, role: string) => {
    if (!types.has(column)) errors.push({ path, message: `${role} "${column}" is not a column of dataset "${dataset.name}" version ${dataset.version} (it has ${[...types.keys()].map((c) => `"${c}"`).join(', ')})` });
  };
  need(view.timestampColumn, 'timestampColumn', 'timestamp column');
  joinKeys.forEach((key, i) => need(key, `entity.joinKeys.${i}`, `join key`));
  const evaluators = view.features.map((f, i) => {
    if (f.name.startsWith('$')) errors.push({ path: `features.${i}.name`, message: 'feature names starting with "$" are reserved' });
    if (!f.expr) {
      need(f.name, `features.${i}`, 'feature column');
      return (row: Readonly<Record<string, unknown>>): Value => toValueOf(row[f.name]);
    }
    try {
      const compiled = compileExpression(f.expr, { columns: Object.fromEntries(types) });
      return (row: Readonly<Record<string, unknown>>): Value => compiled.evaluate(row);
    } catch (error) {
      if (!(error instanceof FeatureEngineError)) throw error;
      errors.push({ path: `features.${i}.expr`, message: error.message });
      return () => null;
    }
  });
  view.aggregations.forEach((a, i) => need(a.column, `aggregations.${i}.column`, 'aggregation column'));
  if (errors.length > 0) {
    throw new ValidationException(`Feature view "${view.name}" version ${view.version} cannot be materialized from dataset "${dataset.name}" version ${dataset.version}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
  }
  const declared = view.features.map((f) => ({ name: f.name, dtype: f.dtype as FeatureDtype }));
  const aggregationColumns = [...new Set(view.aggregations.map((a) => a.column))];
  const timestampColumn = view.timestampColumn;

  return {
    view: view.name,
    version: view.version,
    ttlMs: view.ttlMs,
    dataset: { name: dataset.name, version: dataset.version },
    declared,
    plan: aggregationPlanOf(view.aggregations),
    map(row) {
      const eventTime = instantToMs(row[timestampColumn]);
      if (eventTime === undefined) return { ok: false, reason: MaterializationSkipReason.InvalidTimestamp, detail: `"${timestampColumn}" is ${describe(row[timestampColumn])}, not a timestamp` };
      const emptyKey = joinKeys.find((k) => row[k] === null || row[k] === undefined || row[k] === '');
      if (emptyKey !== undefined) return { ok: false, reason: MaterializationSkipReason.MissingJoinKey, detail: `join key "${emptyKey}" is empty` };
      const features: Record<string, FeatureValue> = {};
      for (let i = 0; i < declared.length; i++) {
        const { name, dtype } = declared[i]!;
        const fitted = fitDtype(evaluators[i]!(row), dtype);
        if (fitted === MISMATCH) return { ok: false, reason: MaterializationSkipReason.DtypeMismatch, detail: `feature "${name}" is ${describe(evaluators[i]!(row))}, not ${dtype}` };
        if (fitted !== null) features[name] = fitted;
      }
      let sourceValues: Record<string, FeatureValue> | null = null;
      if (aggregationColumns.length > 0) {
        sourceValues = {};
        for (const column of aggregationColumns) {
          const value = toValueOf(row[column]);
          if (value !== null) sourceValues[column] = value;
        }
      }
      return { ok: true, row: { entityId: entityIdOf(joinKeys, row), eventTime, features, sourceValues } };
    },
  };
}

const MISMATCH = Symbol('dtype mismatch');

/**
 * A value in a feature's dtype, converting only where nothing is lost (an id column read as a
 * number for a string feature, 0/1 for a bool, a timestamp as ISO-8601); null stays null.
 */
export function fitDtype(value: Value, dtype: FeatureDtype): FeatureValue | null | typeof MISMATCH {
  if (value === null) return null;
  switch (dtype) {
    case 'int64':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : MISMATCH;
    case 'float64':
      return typeof value === 'number' ? value : MISMATCH;
    case 'string':
      return typeof value === 'string' ? value : String(value);
    case 'bool':
      if (typeof value === 'boolean') return value;
      return value === 0 || value === 1 ? value === 1 : MISMATCH;
    case 'timestamp': {
      const ms = instantToMs(value);
      return ms === undefined ? MISMATCH : new Date(ms).toISOString();
    }
  }
}

export const isMismatch = (value: unknown): value is typeof MISMATCH => value === MISMATCH;

function toValueOf(raw: unknown): Value {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string' || typeof raw === 'boolean') return raw;
  return null;
}

function describe(value: unknown): string {
  return value === null || value === undefined || value === '' ? 'empty' : JSON.stringify(value);
}
