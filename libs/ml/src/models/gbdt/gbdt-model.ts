import { MlArtifactError } from '../../errors/ml-input.error';
import { CompiledForest, treeCount, type FlatForest } from './flat-forest';
import { sigmoid, softmaxInto } from './gbdt-objective';
import { resolveGbdtParams, type GbdtObjective, type ResolvedGbdtParams } from './gbdt-params';

/** Mean training (and validation) loss after each boosting round: squared error, log loss or cross-entropy. */
export interface GbdtIterationLoss {
  /** 1-based round. */
  readonly iteration: number;
  readonly trainLoss: number;
  /** null without a validation set. */
  readonly validLoss: number | null;
}

export interface GbdtModelState {
  readonly params: ResolvedGbdtParams;
  readonly nFeatures: number;
  /** Classes: null for regression, 2 for binary, K for multiclass. */
  readonly nClasses: number | null;
  /** Raw score before any tree, per output. */
  readonly baseScore: Float64Array;
  readonly forest: FlatForest;
  /** Rounds kept in the model: the best validation round, or every round run without validation. */
  readonly bestIteration: number;
  readonly trainingHistory: readonly GbdtIterationLoss[];
}

/** JSON form of a model; numbers round-trip exactly through JSON.stringify / JSON.parse. */
export interface GbdtModelJSON {
  readonly format: 'foresight-gbdt';
  readonly version: 1;
  readonly params: ResolvedGbdtParams;
  readonly nFeatures: number;
  readonly nClasses: number | null;
  readonly baseScore: number[];
  readonly bestIteration: number;
  readonly trainingHistory: GbdtIterationLoss[];
  readonly trees: {
    readonly treeStart: number[];
    readonly feature: number[];
    /** +∞ is written as null, which JSON cannot hold. */
    readonly threshold: (number | null)[];
    readonly leftChild: number[];
    readonly defaultLeft: number[];
    readonly value: number[];
    readonly cover: number[];
  };
}

/**
 * A trained gradient-boosted tree ensemble. Raw scores are F(x) = F₀ + Σ_t f_t(x) per output:
 * the prediction for regression, the log-odds of class 1 for binary, one logit per class for
 * multiclass.
 */
export class GbdtModel {
  readonly params: ResolvedGbdtParams;
  readonly objective: GbdtObjective;
  readonly nFeatures: number;
  readonly nClasses: number | null;
  /** Raw-score columns: 1, or nClasses for multiclass. */
  readonly outputs: number;
  readonly baseScore: Float64Array;
  readonly forest: FlatForest;
  readonly bestIteration: number;
  readonly trainingHistory: readonly GbdtIterationLoss[];
  private readonly compiled: CompiledForest;

  constructor(state: GbdtModelState) {
    this.params = state.params;
    this.objective = state.params.objective;
    this.nFeatures = state.nFeatures;
    this.nClasses = state.nClasses;
    this.outputs = state.params.objective === 'multiclass' ? state.nClasses! : 1;
    this.baseScore = state.baseScore;
    this.forest = state.forest;
    this.bestIteration = state.bestIteration;
    this.trainingHistory = state.trainingHistory;
    this.compiled = new CompiledForest(state.forest, state.nFeatures);
  }

  get treeCount(): number {
    return treeCount(this.forest);
  }

  /** Row-major `rows × outputs` raw scores of a row-major `rows × nFeatures` matrix; NaN marks a missing value. */
  predictRaw(x: Float32Array, rows: number): Float64Array {
    if (x.length !== rows * this.nFeatures) throw new RangeError(`x has ${x.length} values, expected ${rows} × ${this.nFeatures}`);
    const out = new Float64Array(rows * this.outputs);
    for (let r = 0; r < rows; r++) out.set(this.baseScore, r * this.outputs);
    this.compiled.accumulate(x, rows, this.outputs, out);
    return out;
  }

  /** Regression: the predicted value. Binary: P(y = 1). Multiclass: the most probable class. */
  predict(x: Float32Array, rows: number): Float64Array {
    const raw = this.predictRaw(x, rows);
    switch (this.objective) {
      case 'regression':
        return raw;
      case 'binary':
        return raw.map(sigmoid);
      case 'multiclass': {
        const k = this.outputs;
        const out = new Float64Array(rows);
        for (let r = 0; r < rows; r++) {
          let best = 0;
          for (let j = 1; j < k; j++) if (raw[r * k + j] > raw[r * k + best]) best = j;
          out[r] = best;
        }
        return out;
      }
    }
  }

  /** Row-major `rows × nClasses` class probabilities (binary: [1 − p, p]); classifiers only. */
  predictProba(x: Float32Array, rows: number): Float64Array {
    const raw = this.predictRaw(x, rows);
    if (this.objective === 'regression') throw new TypeError('predictProba needs a binary or multiclass model');
    if (this.objective === 'binary') {
      const out = new Float64Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        const p = sigmoid(raw[r]);
        out[2 * r] = 1 - p;
        out[2 * r + 1] = p;
      }
      return out;
    }
    const out = new Float64Array(raw.length);
    for (let r = 0; r < rows; r++) softmaxInto(raw, r * this.outputs, this.outputs, out, r * this.outputs);
    return out;
  }

  toJSON(): GbdtModelJSON {
    const f = this.forest;
    return {
      format: 'foresight-gbdt',
      version: 1,
      params: this.params,
      nFeatures: this.nFeatures,
      nClasses: this.nClasses,
      baseScore: Array.from(this.baseScore),
      bestIteration: this.bestIteration,
      trainingHistory: this.trainingHistory.map((h) => ({ ...h })),
      trees: {
        treeStart: Array.from(f.treeStart),
        feature: Array.from(f.feature),
        threshold: Array.from(f.threshold, (t) => (t === Infinity ? null : t)),
        leftChild: Array.from(f.leftChild),
        defaultLeft: Array.from(f.defaultLeft),
        value: Array.from(f.value),
        cover: Array.from(f.cover),
      },
    };
  }

  /** The model `toJSON` described; throws MlArtifactError for anything else, including trees that would not terminate. */
  static fromJSON(json: unknown): GbdtModel {
    const fail = (why: string): never => {
      throw new MlArtifactError(`Not a GBDT model: ${why}`);
    };
    if (json === null || typeof json !== 'object') fail('expected an object');
    const j = json as Partial<GbdtModelJSON>;
    if (j.format !== 'foresight-gbdt' || j.version !== 1) fail('unknown format or version');
    let params: ResolvedGbdtParams;
    try {
      params = resolveGbdtParams(j.params ?? fail('missing params'));
    } catch (e) {
      return fail(`invalid params (${(e as Error).message})`);
    }
    const nFeatures = j.nFeatures;
    if (!Number.isInteger(nFeatures) || nFeatures! < 1) fail('nFeatures must be a positive integer');
    const expectedClasses = params.objective === 'regression' ? null : params.objective === 'binary' ? 2 : j.nClasses;
    if (j.nClasses !== expectedClasses || (params.objective === 'multiclass' && !(Number.isInteger(j.nClasses) && j.nClasses! >= 2)))
      fail('nClasses does not match the objective');
    const outputs = params.objective === 'multiclass' ? j.nClasses! : 1;
    const numbers = (a: unknown, name: string, ok: (v: number) => boolean = Number.isFinite): number[] => {
      if (!Array.isArray(a) || !a.every((v) => typeof v === 'number' && ok(v))) fail(`${name} must be an array of numbers`);
      return a as number[];
    };
    const baseScore = numbers(j.baseScore, 'baseScore');
    if (baseScore.length !== outputs) fail(`baseScore must have ${outputs} values`);
    const t = j.trees ?? fail('missing trees');
    const treeStart = numbers(t.treeStart, 'treeStart', Number.isInteger);
    const feature = numbers(t.feature, 'feature', Number.isInteger);
    const n = feature.length;
    const thresholdIn = t.threshold;
    if (!Array.isArray(thresholdIn) || !thresholdIn.every((v) => v === null || (typeof v === 'number' && !Number.isNaN(v))))
      fail('threshold must be an array of numbers or null');
    const threshold = (thresholdIn as (number | null)[]).map((v) => (v === null ? Infinity : v));
    const leftChild = numbers(t.leftChild, 'leftChild', Number.isInteger);
    const defaultLeft = numbers(t.defaultLeft, 'defaultLeft', (v) => v === 0 || v === 1);
    const value = numbers(t.value, 'value');
    const cover = numbers(t.cover, 'cover', (v) => Number.isFinite(v) && v > 0);
    if ([threshold, leftChild, defaultLeft, value, cover].some((a) => a.length !== n)) fail('node arrays differ in length');
    const trees = treeStart.length - 1;
    if (trees < 0 || treeStart[0] !== 0 || treeStart[trees] !== n) fail('treeStart must run from 0 to the node count');
    if (trees % outputs !== 0) fail('a multiclass model needs one tree per class per round');
    for (let tree = 0; tree < trees; tree++) {
      const from = treeStart[tree];
      const to = treeStart[tree + 1];
      if (!(to > from)) fail(`tree ${tree} is empty`);
      for (let i = from; i < to; i++) {
        if (feature[i] === -1) {
          if (leftChild[i] !== -1) fail(`leaf ${i} has children`);
        } else if (feature[i] < 0 || feature[i] >= nFeatures!) fail(`node ${i} tests feature ${feature[i]}`);
        // Children after their parent and inside its tree: every walk ends at a leaf.
        else if (!(leftChild[i] > i && leftChild[i] + 1 < to)) fail(`node ${i} has children outside its tree`);
      }
    }
    const bestIteration = j.bestIteration;
    if (!Number.isInteger(bestIteration) || bestIteration !== trees / outputs) fail('bestIteration must equal the rounds stored');
    const history = j.trainingHistory;
    if (
      !Array.isArray(history) ||
      !history.every(
        (h) =>
          h !== null &&
          typeof h === 'object' &&
          Number.isInteger(h.iteration) &&
          typeof h.trainLoss === 'number' &&
          (h.validLoss === null || typeof h.validLoss === 'number'),
      )
    )
      fail('trainingHistory must be a list of { iteration, trainLoss, validLoss }');
    return new GbdtModel({
      params,
      nFeatures: nFeatures!,
      nClasses: j.nClasses ?? null,
      baseScore: Float64Array.from(baseScore),
      bestIteration: bestIteration!,
      trainingHistory: history!.map((h) => ({ iteration: h.iteration, trainLoss: h.trainLoss, validLoss: h.validLoss })),
      forest: {
        treeStart: Int32Array.from(treeStart),
        feature: Int32Array.from(feature),
        threshold: Float64Array.from(threshold),
        leftChild: Int32Array.from(leftChild),
        defaultLeft: Uint8Array.from(defaultLeft),
        value: Float64Array.from(value),
        cover: Float64Array.from(cover),
      },
    });
  }
}
