import { MlInputError } from '../../errors/ml-input.error';
import { rmse } from '../../metrics/regression-metrics';
import { mulberry32, randomNormal } from '../../random/prng';
import { trainTestSplit } from '../../training/train-test-split';
import { fitGbdt } from './fit-gbdt';
import type { FlatForest } from './flat-forest';
import type { GbdtModel } from './gbdt-model';

/** Rows `indices` of a row-major matrix. */
function take(x: Float32Array, cols: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * cols);
  for (let i = 0; i < indices.length; i++) out.set(x.subarray(indices[i] * cols, (indices[i] + 1) * cols), i * cols);
  return out;
}

/** Area under the ROC curve as the Mann–Whitney statistic: P(score of a positive > score of a negative), ties counted half. */
function auc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (labels[order[k]] === 1) {
      rankSumPositive += averageRank;
      positives++;
    }
    i = j;
  }
  const negatives = labels.length - positives;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function treeNodes(forest: FlatForest, t: number): number[] {
  return Array.from({ length: forest.treeStart[t + 1] - forest.treeStart[t] }, (_, i) => forest.treeStart[t] + i);
}

function leafDepths(forest: FlatForest, t: number): number[] {
  const depth = new Map<number, number>([[forest.treeStart[t], 0]]);
  const out: number[] = [];
  for (const i of treeNodes(forest, t)) {
    const d = depth.get(i)!;
    if (forest.leftChild[i] < 0) out.push(d);
    else {
      depth.set(forest.leftChild[i], d + 1);
      depth.set(forest.leftChild[i] + 1, d + 1);
    }
  }
  return out;
}

function meanLoss(model: GbdtModel, x: Float32Array, rows: number, y: ArrayLike<number>): number {
  const p = model.predict(x, rows);
  let s = 0;
  for (let i = 0; i < rows; i++) s += (p[i] - y[i]) ** 2;
  return s / rows;
}

describe('fitGbdt on hand-checkable data', () => {
  // y is a step at x = 2.5. With F₀ = mean(y) = 5 and squared error, g = F − y = (5, 5, −5, −5), h = 1.
  // The split at 2.5 has gain ½(10²/(2+λ) + 10²/(2+λ) − 0); the split at 1.5 only ½(5²/(1+λ) + 5²/(3+λ)).
  const x = Float32Array.of(1, 2, 3, 4);
  const y = Float64Array.of(0, 0, 10, 10);
  const stump = { maxLeaves: 2, minSamplesLeaf: 1, learningRate: 0.5, lambda: 1 };

  it('learns one split at the midpoint 2.5 with leaf values ν·(−G/(H + λ)) = 0.5·(∓10/3)', () => {
    const model = fitGbdt(x, 4, 1, y, { ...stump, maxIterations: 1 });
    const f = model.forest;
    expect(model.baseScore[0]).toBe(5);
    expect(Array.from(f.treeStart)).toEqual([0, 3]);
    expect(f.feature[0]).toBe(0);
    expect(f.threshold[0]).toBe(2.5);
    expect(f.leftChild[0]).toBe(1);
    expect(f.value[1]).toBeCloseTo(-5 / 3, 12);
    expect(f.value[2]).toBeCloseTo(5 / 3, 12);
    expect(Array.from(f.cover)).toEqual([4, 2, 2]);
    expect(Array.from(model.predict(Float32Array.of(2.4, 2.5, 2.6), 3))).toEqual([5 - 5 / 3, 5 - 5 / 3, 5 + 5 / 3]);
    expect(model.trainingHistory[0].trainLoss).toBeCloseTo(100 / 9, 12);
  });

  it('shrinks the residual by 1 − ν·H/(H + λ) = 2/3 per round: prediction 5·(2/3)^m on the left', () => {
    const model = fitGbdt(x, 4, 1, y, { ...stump, maxIterations: 5 });
    const p = model.predict(x, 4);
    const residual = 5 * (2 / 3) ** 5;
    expect(p[0]).toBeCloseTo(residual, 12);
    expect(p[3]).toBeCloseTo(10 - residual, 12);
    expect(model.treeCount).toBe(5);
  });

  it('gives binary leaves the Newton step −Σ(p − y) / Σp(1 − p) on the log-odds', () => {
    // Labels (0, 0, 1, 1, 1, 1): F₀ = log(4/6 / (2/6)) = log 2, p = 2/3 everywhere, h = 2/9.
    const xb = Float32Array.of(1, 2, 3, 4, 5, 6);
    const yb = Float64Array.of(0, 0, 1, 1, 1, 1);
    const model = fitGbdt(xb, 6, 1, yb, { objective: 'binary', maxIterations: 1, maxLeaves: 2, minSamplesLeaf: 1, learningRate: 1 });
    expect(model.baseScore[0]).toBeCloseTo(Math.log(2), 12);
    expect(model.forest.threshold[0]).toBe(2.5);
    // Left: G = 2·(2/3), H = 2·(2/9) → w = −3. Right: G = 4·(−1/3), H = 4·(2/9) → w = 1.5.
    expect(model.forest.value[1]).toBeCloseTo(-3, 12);
    expect(model.forest.value[2]).toBeCloseTo(1.5, 12);
    const p = model.predict(Float32Array.of(1, 6), 2);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-(Math.log(2) - 3))), 12);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-(Math.log(2) + 1.5))), 12);
  });
});

describe('fitGbdt with missing values', () => {
  /** x0 = 1..200, y = 10 above 100; plus 50 rows with x0 missing and target `missingTarget`. */
  function data(missingTarget: number) {
    const rows = 250;
    const x = new Float32Array(rows);
    const y = new Float64Array(rows);
    for (let i = 0; i < 200; i++) {
      x[i] = i + 1;
      y[i] = i + 1 > 100 ? 10 : 0;
    }
    for (let i = 200; i < rows; i++) {
      x[i] = NaN;
      y[i] = missingTarget;
    }
    return { x, y, rows };
  }
  const stump = { maxIterations: 1, maxLeaves: 2, minSamplesLeaf: 1, learningRate: 1 };

  it.each([
    [10, 0, 10],
    [0, 1, 0],
  ])('sends missing values with target %d to the side they resemble (defaultLeft = %d)', (missingTarget, defaultLeft, predicted) => {
    const { x, y, rows } = data(missingTarget);
    const model = fitGbdt(x, rows, 1, y, stump);
    expect(model.forest.threshold[0]).toBe(100.5);
    expect(model.forest.defaultLeft[0]).toBe(defaultLeft);
    const p = model.predict(Float32Array.of(NaN, 50, 150), 3);
    expect(p[0]).toBeCloseTo(predicted, 12);
    expect(p[1]).toBeCloseTo(0, 12);
    expect(p[2]).toBeCloseTo(10, 12);
  });

  it('learns a "missing or not" split (threshold +∞) when only missingness carries signal', () => {
    const rng = mulberry32(3);
    const rows = 400;
    const x = new Float32Array(rows);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const missing = i % 4 === 0;
      x[i] = missing ? NaN : rng() * 100;
      y[i] = missing ? 5 : 0;
    }
    const model = fitGbdt(x, rows, 1, y, stump);
    expect(model.forest.threshold[0]).toBe(Infinity);
    expect(model.forest.defaultLeft[0]).toBe(0);
    const p = model.predict(Float32Array.of(NaN, 0, 1e30, Infinity, -Infinity), 5);
    expect(Array.from(p, (v) => Number(v.toFixed(9)))).toEqual([5, 0, 0, 0, 0]);
  });

  it('sends missing values to the larger child when training had none', () => {
    const x = Float32Array.from({ length: 10 }, (_, i) => i + 1);
    const y = Float64Array.from(x, (v) => (v > 3 ? 1 : 0));
    const model = fitGbdt(x, 10, 1, y, stump);
    expect(model.forest.threshold[0]).toBe(3.5);
    expect(model.forest.defaultLeft[0]).toBe(0); // 3 rows left, 7 right
    expect(model.predict(Float32Array.of(NaN), 1)[0]).toBeCloseTo(1, 12);
  });
});

/** y = sin(x0)·3 + 2·[x1 > 0.5] + N(0, 0.3²); x2 is noise. */
function sineStep(rows: number, seed: number) {
  const rng = mulberry32(seed);
  const cols = 3;
  const x = new Float32Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    x[r * cols] = rng() * 6 - 3;
    x[r * cols + 1] = rng();
    x[r * cols + 2] = randomNormal(rng);
    y[r] = Math.sin(x[r * cols]) * 3 + (x[r * cols + 1] > 0.5 ? 2 : 0) + 0.3 * randomNormal(rng);
  }
  return { x, y, rows, cols };
}

describe('fitGbdt training behaviour', () => {
  it('never increases the training loss from one round to the next (regression and binary)', () => {
    const d = sineStep(1000, 1);
    const reg = fitGbdt(d.x, d.rows, d.cols, d.y, { maxIterations: 60 });
    const labels = Float64Array.from(d.y, (v) => (v > 1 ? 1 : 0));
    const bin = fitGbdt(d.x, d.rows, d.cols, labels, { objective: 'binary', maxIterations: 60 });
    for (const model of [reg, bin]) {
      const losses = model.trainingHistory.map((h) => h.trainLoss);
      expect(losses).toHaveLength(60);
      for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThanOrEqual(losses[i - 1] + 1e-12);
      expect(losses[59]).toBeLessThan(losses[0] / 2);
    }
  });

  it('stops early at the best validation round and keeps only its trees', () => {
    // Heavy label noise and big steps: the validation loss bottoms out early, then rises.
    const gen = (rows: number, seed: number) => {
      const rng = mulberry32(seed);
      const x = Float32Array.from({ length: rows * 5 }, () => rng());
      const y = Float64Array.from({ length: rows }, (_, r) => x[r * 5] + randomNormal(rng));
      return { x, y, rows };
    };
    const train = gen(300, 1);
    const valid = gen(300, 2);
    const model = fitGbdt(train.x, 300, 5, train.y, { maxIterations: 300, learningRate: 0.3, minSamplesLeaf: 2, earlyStoppingRounds: 10 }, valid);
    const history = model.trainingHistory;
    const validLosses = history.map((h) => h.validLoss!);
    const argmin = validLosses.indexOf(Math.min(...validLosses));
    expect(model.bestIteration).toBe(argmin + 1);
    expect(history).toHaveLength(model.bestIteration + 10);
    expect(history.length).toBeLessThan(300);
    expect(model.treeCount).toBe(model.bestIteration);
    expect(validLosses[validLosses.length - 1]).toBeGreaterThan(validLosses[argmin]);
    // The kept model reproduces the recorded best validation loss through the serving path.
    expect(meanLoss(model, valid.x, 300, valid.y)).toBeCloseTo(validLosses[argmin], 10);
  });

  it('keeps every round without a validation set', () => {
    const d = sineStep(200, 2);
    const model = fitGbdt(d.x, d.rows, d.cols, d.y, { maxIterations: 17 });
    expect(model.bestIteration).toBe(17);
    expect(model.treeCount).toBe(17);
    expect(model.trainingHistory.every((h) => h.validLoss === null)).toBe(true);
  });

  it('is deterministic under a seed, with row and feature subsampling', () => {
    const d = sineStep(800, 3);
    const params = { maxIterations: 20, rowSubsample: 0.7, featureSubsample: 0.67, seed: 7 };
    const a = fitGbdt(d.x, d.rows, d.cols, d.y, params);
    const b = fitGbdt(d.x, d.rows, d.cols, d.y, params);
    const c = fitGbdt(d.x, d.rows, d.cols, d.y, { ...params, seed: 8 });
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    expect(a.predict(d.x, d.rows)).toEqual(b.predict(d.x, d.rows));
    expect(JSON.stringify(c.toJSON())).not.toBe(JSON.stringify(a.toJSON()));
  });

  it('lets each tree split only on its sampled features and grow on its sampled rows', () => {
    const rng = mulberry32(4);
    const cols = 6;
    const rows = 1000;
    const x = Float32Array.from({ length: rows * cols }, () => rng());
    const y = Float64Array.from({ length: rows }, (_, r) => x[r * cols] + x[r * cols + 1] + x[r * cols + 2] + x[r * cols + 3]);
    const model = fitGbdt(x, rows, cols, y, { maxIterations: 30, featureSubsample: 0.5, rowSubsample: 0.5, minSamplesLeaf: 5 });
    const f = model.forest;
    const used = new Set<number>();
    for (let t = 0; t < model.treeCount; t++) {
      const features = new Set(treeNodes(f, t).filter((i) => f.feature[i] >= 0).map((i) => f.feature[i]));
      expect(features.size).toBeLessThanOrEqual(3);
      features.forEach((j) => used.add(j));
      expect(f.cover[f.treeStart[t]]).toBe(500); // squared error: cover = rows the tree was grown on
    }
    expect(used.size).toBeGreaterThanOrEqual(4);
  });

  it('respects maxDepth (depth-wise), maxLeaves (leaf-wise) and minSamplesLeaf', () => {
    const d = sineStep(2000, 5);
    const deep = fitGbdt(d.x, d.rows, d.cols, d.y, { maxIterations: 10, growth: 'depthwise', maxDepth: 3, maxLeaves: 1000, minSamplesLeaf: 1 });
    const depths = Array.from({ length: deep.treeCount }, (_, t) => leafDepths(deep.forest, t)).flat();
    expect(Math.max(...depths)).toBe(3);
    const wide = fitGbdt(d.x, d.rows, d.cols, d.y, { maxIterations: 10, maxLeaves: 5, minSamplesLeaf: 40 });
    for (let t = 0; t < wide.treeCount; t++) {
      const leaves = treeNodes(wide.forest, t).filter((i) => wide.forest.leftChild[i] < 0);
      expect(leaves).toHaveLength(5);
      for (const i of leaves) expect(wide.forest.cover[i]).toBeGreaterThanOrEqual(40);
    }
  });

  it('refuses bad parameters and labels with MlInputError naming the field', () => {
    const x = Float32Array.of(1, 2, 3);
    expect(() => fitGbdt(x, 3, 1, Float64Array.of(1, 2, 3), { learningRate: 0 })).toThrow(
      expect.objectContaining({ name: 'MlInputError', field: 'params.learningRate' }),
    );
    expect(() => fitGbdt(x, 3, 1, Float64Array.of(1, 2, 3), { maxBins: 256 })).toThrow(MlInputError);
    expect(() => fitGbdt(x, 3, 1, Float64Array.of(0, 1, 2), { objective: 'binary' })).toThrow(
      expect.objectContaining({ name: 'MlInputError', field: 'y' }),
    );
    expect(() => fitGbdt(x, 3, 1, Float64Array.of(0, NaN, 2))).toThrow(MlInputError);
    expect(() => fitGbdt(x, 3, 2, Float64Array.of(0, 1, 2))).toThrow(RangeError);
  });
});

describe('fitGbdt on synthetic signals', () => {
  it('beats the mean baseline by a wide margin on y = 3 sin(x1) + 2·[x2 > 0.5] + noise (5,000 rows)', () => {
    const d = sineStep(5000, 11);
    const { train, test } = trainTestSplit(d.rows, 0.2, 1);
    const xTrain = take(d.x, d.cols, train);
    const yTrain = Float64Array.from(train, (i) => d.y[i]);
    const xTest = take(d.x, d.cols, test);
    const yTest = Float64Array.from(test, (i) => d.y[i]);
    const model = fitGbdt(xTrain, train.length, d.cols, yTrain, { maxIterations: 200 });
    const mean = yTrain.reduce((a, b) => a + b, 0) / yTrain.length;
    const baseline = rmse(yTest, new Float64Array(test.length).fill(mean));
    const gbdt = rmse(yTest, model.predict(xTest, test.length));
    console.log(`GBDT regression: held-out RMSE ${gbdt.toFixed(3)} vs mean baseline ${baseline.toFixed(3)} (noise σ = 0.3)`);
    expect(gbdt).toBeLessThan(0.45);
    expect(gbdt).toBeLessThan(baseline / 5);
  });

  it('ranks a separable-ish binary target with AUC > 0.9 (constant baseline: 0.5)', () => {
    const rng = mulberry32(12);
    const rows = 4000;
    const cols = 4;
    const x = Float32Array.from({ length: rows * cols }, () => randomNormal(rng));
    const y = Float64Array.from({ length: rows }, (_, r) => (x[r * cols] + x[r * cols + 1] ** 2 - 1 + 0.3 * randomNormal(rng) > 0 ? 1 : 0));
    const { train, test } = trainTestSplit(rows, 0.25, 2);
    const model = fitGbdt(take(x, cols, train), train.length, cols, Float64Array.from(train, (i) => y[i]), { objective: 'binary' });
    const yTest = Float64Array.from(test, (i) => y[i]);
    const p = model.predict(take(x, cols, test), test.length);
    const score = auc(yTest, p);
    const baseline = auc(yTest, new Float64Array(test.length).fill(0.5));
    console.log(`GBDT binary: held-out AUC ${score.toFixed(3)} vs constant baseline ${baseline.toFixed(3)}`);
    expect(baseline).toBe(0.5);
    expect(score).toBeGreaterThan(0.9);
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('classifies three classes well above the majority class, one tree per class per round', () => {
    const rng = mulberry32(13);
    const rows = 3000;
    const cols = 3;
    const x = Float32Array.from({ length: rows * cols }, () => randomNormal(rng));
    // Class by the sector of (x0, x1): 0 for angle < 0, 1 for [0, π/2), 2 for the rest; 5% labels flipped.
    const y = Int32Array.from({ length: rows }, (_, r) => {
      const a = Math.atan2(x[r * cols + 1], x[r * cols]);
      const k = a < 0 ? 0 : a < Math.PI / 2 ? 1 : 2;
      return rng() < 0.05 ? (k + 1) % 3 : k;
    });
    const { train, test } = trainTestSplit(rows, 0.25, 3);
    const model = fitGbdt(take(x, cols, train), train.length, cols, Int32Array.from(train, (i) => y[i]), { objective: 'multiclass', maxIterations: 60 });
    expect(model.nClasses).toBe(3);
    expect(model.treeCount).toBe(3 * model.bestIteration);
    const xTest = take(x, cols, test);
    const predicted = model.predict(xTest, test.length);
    const proba = model.predictProba(xTest, test.length);
    let correct = 0;
    const counts = [0, 0, 0];
    for (let i = 0; i < test.length; i++) {
      const row = Array.from(proba.subarray(i * 3, i * 3 + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(predicted[i]).toBe(row.indexOf(Math.max(...row)));
      if (predicted[i] === y[test[i]]) correct++;
      counts[y[test[i]]]++;
    }
    const accuracy = correct / test.length;
    const majority = Math.max(...counts) / test.length;
    console.log(`GBDT multiclass: held-out accuracy ${accuracy.toFixed(3)} vs majority class ${majority.toFixed(3)}`);
    expect(accuracy).toBeGreaterThan(0.85);
    expect(majority).toBeLessThan(0.55);
  });
});
