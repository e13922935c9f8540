/**
 * The feature engine: pure TypeScript (no Nest, no I/O) shared by materialization, training
 * sets and the streaming consumer.
 *
 *   expressions     compileExpression / compileFeatureSet — a safe language for derived features
 *                   (syntax and null semantics in expression/compile-expression.ts)
 *   durations       parseDuration("7d") → ms; formatDuration
 *   aggregations    createAggregationPlan(specs, { allowedLateness }) then
 *                     batch:     aggregateAsOf(events, plan, t), aggregateAtTimes(events, plan, times),
 *                                aggregateForRows(rows, eventsByEntity, plan) for training sets
 *                     streaming: createState, applyEvent, readState, mergeStates,
 *                                encodeState / encodeChanges / decodeState (Redis hash fields)
 *                   one semantics for both (aggregation/aggregation-plan.ts)
 *   point in time   pointInTimeJoin(entityRows, featureRowsByEntity, { ttlMs }) and AsOfCursor
 *
 * Bad definitions and bad call arguments (a read time that is no timestamp, unsorted feature
 * rows, a state built for another plan) throw FeatureEngineError with a code; bad values inside
 * rows and events never do — they become null, are skipped, or come back with a status.
 */
export { FeatureEngineError, type FeatureEngineErrorCode } from './engine.error';
export { formatDuration, type Instant, instantToMs, parseDuration, requireInstant, toDurationMs } from './time';

export {
  compileExpression,
  compileFeatureSet,
  type CompiledExpression,
  type CompiledFeatureSet,
  type CompileOptions,
} from './expression/compile-expression';
export { FUNCTION_NAMES } from './expression/functions';
export { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from './expression/parser';
export type { Dtype, Row, Value } from './expression/values';

export {
  AGGREGATION_FUNCTIONS,
  type AggregationFn,
  type AggregationPlan,
  type AggregationSpec,
  createAggregationPlan,
  defaultResolution,
  type PlanOptions,
  type ResolvedAggregation,
} from './aggregation/aggregation-plan';
export { acceptEvents, type AggregationEvent, type RejectedEvent, watermarkOf } from './aggregation/aggregation-event';
export { aggregateAsOf, aggregateAtTimes, aggregateForRows } from './aggregation/batch-aggregate';
export {
  type AggregationState,
  applyEvent,
  type ApplyResult,
  createState,
  decodeState,
  encodeChanges,
  encodeState,
  mergeStates,
  readState,
  type SourcePosition,
  STATE_META_FIELD,
} from './aggregation/streaming-state';

export {
  AsOfCursor,
  type EntityRow,
  type FeatureRow,
  type PitMatch,
  type PitOptions,
  type PitStatus,
  pointInTimeJoin,
} from './point-in-time/point-in-time-join';
