import { createHash } from 'node:crypto';
import {
  aggregateDtype,
  aggregateFeatureName,
  FeatureViewDefinitionSchema,
  type FeatureDtype,
  type FeatureViewDefinition,
  type FieldError,
  type grpc,
  type ResolvedFeatureView,
} from '@foresight/contracts';
import type { MirroredView } from '@foresight/feature-store-client';
import { parseOrThrow, ValidationException } from '@foresight/platform';
import { compileExpression, FeatureEngineError, parseDuration, type Dtype } from '../engine';

/**
 * A feature view definition checked as far as it can be without its data: durations parse,
 * expressions compile and produce the declared dtype, feature names (aggregates included) are
 * unique. Source columns are checked at materialization, against the dataset version read.
 */
export interface CheckedFeatureView {
  definition: FeatureViewDefinition;
  ttlMs: number;
  resolved: ResolvedFeatureView[];
  /** sha256 of the canonical definition: equal hashes = the same definition. */
  hash: string;
}

/** The gRPC request as the REST contract's shape (proto's empty strings and zeros mean "unset"). */
export function definitionInput(request: grpc.ApplyFeatureViewRequest): unknown {
  const kind = request.source?.kind;
  const source =
    kind?.$case === 'dataset'
      ? { dataset: { name: kind.value.name, ...(kind.value.version ? { version: kind.value.version } : {}) } }
      : kind?.$case === 'stream'
        ? { stream: kind.value }
        : undefined;
  return {
    name: request.name,
    entity: request.entity,
    source,
    timestampColumn: request.timestampColumn,
    ttl: request.ttl,
    description: request.description,
    features: request.features.map((f) => ({ name: f.name, dtype: f.dtype, ...(f.expr ? { expr: f.expr } : {}) })),
    aggregations: request.aggregations.map((a) => ({ column: a.column, fn: a.fn, windows: a.windows })),
  };
}

const EXPECTED_ENGINE_DTYPE: Record<FeatureDtype, Dtype> = { int64: 'number', float64: 'number', string: 'string', bool: 'boolean', timestamp: 'timestamp' };

export function checkFeatureView(input: unknown): CheckedFeatureView {
  const definition = parseOrThrow(FeatureViewDefinitionSchema, input, 'feature view');
  const errors: FieldError[] = [];
  const checkDuration = (text: string, path: string) => {
    try {
      parseDuration(text);
    } catch (error) {
      errors.push({ path, message: engineMessage(error) });
    }
  };
  checkDuration(definition.ttl, 'ttl');
  definition.aggregations.forEach((a, i) => a.windows.forEach((window, w) => checkDuration(window, `aggregations.${i}.windows.${w}`)));
  definition.features.forEach((f, i) => {
    if (f.expr === undefined) return;
    try {
      const compiled = compileExpression(f.expr);
      if (compiled.dtype !== 'unknown' && compiled.dtype !== EXPECTED_ENGINE_DTYPE[f.dtype]) {
        errors.push({ path: `features.${i}.dtype`, message: `is ${f.dtype} but the expression produces a ${compiled.dtype}` });
      }
    } catch (error) {
      errors.push({ path: `features.${i}.expr`, message: engineMessage(error) });
    }
  });
  const paths = [
    ...definition.features.map((_, i) => `features.${i}.name`),
    ...definition.aggregations.flatMap((a, i) => a.windows.map((_, w) => `aggregations.${i}.windows.${w}`)),
  ];
  const seen = new Map<string, string>();
  featureNames(definition).forEach((name, k) => {
    const earlier = seen.get(name);
    if (earlier) errors.push({ path: paths[k]!, message: `feature name "${name}" is already produced by ${earlier}` });
    else seen.set(name, paths[k]!);
  });
  if (errors.length) throw new ValidationException(`Invalid feature view "${definition.name}": ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
  return { definition, ttlMs: parseDuration(definition.ttl), resolved: resolveFeatures(definition), hash: createHash('sha256').update(JSON.stringify(definition)).digest('hex') };
}

/** Names of the features a definition produces: declared ones, then `<column>_<fn>_<window>` per aggregate. */
function featureNames(definition: FeatureViewDefinition): string[] {
  return [...definition.features.map((f) => f.name), ...definition.aggregations.flatMap((a) => a.windows.map((w) => aggregateFeatureName(a.column, a.fn, w)))];
}

/** Every feature of a (checked) definition, aggregations expanded, in definition order. */
export function resolveFeatures(definition: FeatureViewDefinition): ResolvedFeatureView[] {
  return [
    ...definition.features.map((f): ResolvedFeatureView => ({ name: f.name, dtype: f.dtype, kind: f.expr !== undefined ? 'expression' : 'column', ...(f.expr !== undefined ? { expr: f.expr } : {}) })),
    ...definition.aggregations.flatMap((a) =>
      a.windows.map((window): ResolvedFeatureView => ({
        name: aggregateFeatureName(a.column, a.fn, window),
        dtype: aggregateDtype(a.fn),
        kind: 'aggregation',
        aggregation: { column: a.column, fn: a.fn, window, windowMs: parseDuration(window) },
      })),
    ),
  ];
}

/** What readers need of a version, mirrored in Redis. */
export function toMirroredView(name: string, version: number, ttlMs: number, resolved: readonly { name: string; dtype: FeatureDtype }[]): MirroredView {
  return { name, version, ttlMs, features: resolved.map((f) => [f.name, f.dtype]) };
}

function engineMessage(error: unknown): string {
  if (error instanceof FeatureEngineError) return error.message;
  throw error;
}
