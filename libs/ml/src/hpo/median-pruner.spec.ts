import { medianShouldPrune, nanMedian } from './median-pruner';

const curve = (...values: number[]) => new Map(values.map((v, step) => [step, v]));

describe('nanMedian', () => {
  it('averages the middle pair, skips NaN, and is NaN for nothing', () => {
    expect(nanMedian([3, 1, 2])).toBe(2);
    expect(nanMedian([4, NaN, 1, 3, 2])).toBe(2.5);
    expect(nanMedian([NaN])).toBeNaN();
  });
});

describe('medianShouldPrune', () => {
  // Completed trials' values at step 1: 0.8, 0.6, 0.4 → median 0.6.
  const completed = [curve(1, 0.8), curve(2, 0.6), curve(3, 0.4)];
  const opts = { startupTrials: 3 };

  it('prunes when the best value so far is worse than the median at the latest step', () => {
    expect(medianShouldPrune(curve(0.9, 0.7), completed, 'minimize', opts)).toBe(true);
    // Best so far is 0.5 (step 0), better than the step-1 median 0.6.
    expect(medianShouldPrune(curve(0.5, 0.7), completed, 'minimize', opts)).toBe(false);
    // Equal to the median is not worse.
    expect(medianShouldPrune(curve(0.9, 0.6), completed, 'minimize', opts)).toBe(false);
  });

  it('flips for maximisation', () => {
    expect(medianShouldPrune(curve(0.1, 0.5), completed, 'maximize', opts)).toBe(true);
    expect(medianShouldPrune(curve(0.1, 0.65), completed, 'maximize', opts)).toBe(false);
  });

  it('waits for startupTrials completed trials and warmupSteps', () => {
    expect(medianShouldPrune(curve(9, 9), completed, 'minimize', { startupTrials: 4 })).toBe(false);
    expect(medianShouldPrune(curve(9, 9), completed, 'minimize', { startupTrials: 3, warmupSteps: 2 })).toBe(false);
    expect(medianShouldPrune(curve(9, 9), [], 'minimize', { startupTrials: 0 })).toBe(false);
  });

  it('does not prune at a step no completed trial reported, nor before any report', () => {
    expect(medianShouldPrune(curve(9, 9, 9), completed, 'minimize', opts)).toBe(false);
    expect(medianShouldPrune(new Map(), completed, 'minimize', opts)).toBe(false);
  });

  it('prunes a trial whose values are all NaN (a diverged run)', () => {
    expect(medianShouldPrune(curve(NaN, NaN), completed, 'minimize', opts)).toBe(true);
  });
});
