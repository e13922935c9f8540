import { MlCancelledError, MlInputError, MlInputErrorCode } from '../errors/ml-input.error';
import { optimize, type OptimizeOptions } from './optimize';
import { defineSearchSpace, type SearchSpace } from './search-space';
import { TrialPruned, type TrialResult } from './trial';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const space = defineSearchSpace({
  x: { type: 'float', low: -3, high: 3 },
  k: { type: 'int', low: 0, high: 4 },
  mode: { type: 'categorical', choices: ['a', 'b'] },
});
const bowl = (p: { x: number; k: number; mode: 'a' | 'b' }) => (p.x - 1) ** 2 + (p.k - 2) ** 2 + (p.mode === 'b' ? 0 : 1);

async function refusal<S extends SearchSpace>(options: OptimizeOptions<S>): Promise<MlInputError> {
  try {
    await optimize(options);
  } catch (e) {
    if (e instanceof MlInputError) return e;
    throw e;
  }
  throw new Error('optimize did not refuse');
}

describe('optimize', () => {
  it('runs the trial budget and reports the best complete trial, typed by the space', async () => {
    const seen: number[] = [];
    const result = await optimize({
      space,
      objective: async (p) => bowl(p),
      direction: 'minimize',
      sampler: 'tpe',
      trials: 40,
      onTrial: (t) => {
        seen.push(t.number);
      },
    });
    const mode: 'a' | 'b' = result.best.params.mode;
    expect(['a', 'b']).toContain(mode);
    expect(result.trials).toHaveLength(40);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const values = result.trials.map((t) => (t.state === 'complete' ? t.value : Infinity));
    expect(result.best.value).toBe(Math.min(...values));
    expect(result.best.trial).toBe(values.indexOf(result.best.value));
    expect(result.best.params).toEqual(result.trials[result.best.trial].params);
    expect(result.best.value).toBeLessThan(0.5);
  });

  it('maximises when asked', async () => {
    const { best } = await optimize({ space, objective: async (p) => -bowl(p), direction: 'maximize', sampler: 'random', trials: 30 });
    expect(best.value).toBeLessThanOrEqual(0);
    expect(best.value).toBeGreaterThan(-3);
  });

  it('is deterministic under a seed, for both samplers', async () => {
    for (const sampler of ['random', 'tpe'] as const) {
      const run = (seed: number) => optimize({ space, objective: async (p) => bowl(p), direction: 'minimize', sampler, trials: 25, seed });
      const a = await run(5);
      const b = await run(5);
      const c = await run(6);
      const strip = (ts: readonly TrialResult<unknown>[]) => ts.map((t) => [t.params, t.state === 'complete' ? t.value : t.state]);
      expect(strip(b.trials)).toEqual(strip(a.trials));
      expect(strip(c.trials)).not.toEqual(strip(a.trials));
    }
  });

  it('records an MlInputError from the objective as a failed trial and goes on', async () => {
    const result = await optimize({
      space,
      objective: async (p) => {
        if (p.k === 0) throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params.k', 'k = 0 leaves the model empty');
        return bowl(p);
      },
      direction: 'minimize',
      sampler: 'tpe',
      trials: 30,
    });
    const failed = result.trials.filter((t) => t.state === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const t of failed) {
      expect(t.params.k).toBe(0);
      expect(t.state === 'failed' && t.error).toBe('k = 0 leaves the model empty');
    }
    expect(result.best.params.k).not.toBe(0);
  });

  it('records NaN as a failure, lets other errors end the search, and refuses when nothing completed', async () => {
    const nan = await optimize({ space, objective: async (p) => (p.k === 4 ? NaN : bowl(p)), direction: 'minimize', sampler: 'random', trials: 20 });
    expect(nan.trials.some((t) => t.state === 'failed' && /NaN/.test(t.error))).toBe(true);

    const bug = new TypeError('objective bug');
    await expect(
      optimize({
        space,
        objective: async () => {
          throw bug;
        },
        direction: 'minimize',
        sampler: 'random',
        trials: 5,
      }),
    ).rejects.toBe(bug);

    const none = await refusal({
      space,
      objective: async () => {
        throw new MlInputError(MlInputErrorCode.InvalidParameter, 'params', 'no model fits');
      },
      direction: 'minimize',
      sampler: 'random',
      trials: 3,
    });
    expect(none.field).toBe('search.objective');
    expect(none.message).toBe('No trial completed (3 failed, 0 pruned); the first failure: no model fits');
  });

  it('refuses bad options, naming the field', async () => {
    const base = { space, objective: async () => 0, direction: 'minimize', sampler: 'random', trials: 3 } as const;
    expect((await refusal({ ...base, trials: undefined })).field).toBe('search.trials');
    expect((await refusal({ ...base, trials: 0 })).field).toBe('search.trials');
    expect((await refusal({ ...base, seconds: -1 })).field).toBe('search.seconds');
    expect((await refusal({ ...base, seed: 1.5 })).field).toBe('search.seed');
    expect((await refusal({ ...base, direction: 'down' as 'minimize' })).field).toBe('search.direction');
    expect((await refusal({ ...base, sampler: 'grid' as 'random' })).field).toBe('search.sampler');
    expect((await refusal({ ...base, sampler: { kind: 'tpe', eiCandidates: 0 } })).field).toBe('search.sampler.eiCandidates');
    expect((await refusal({ ...base, pruner: { kind: 'median', warmupSteps: -1 } })).field).toBe('search.pruner.warmupSteps');
    expect((await refusal({ ...base, space: { lr: { type: 'float', low: 1, high: 0 } } })).field).toBe('search.space.lr');
  });

  it('keeps the first value of a repeated step and refuses a bad step', async () => {
    const { trials } = await optimize({
      space,
      objective: async (_, trial) => {
        trial.report(1, 5);
        trial.report(0, 7);
        trial.report(1, 6);
        expect(trial.shouldPrune()).toBe(false);
        expect(() => trial.report(-1, 0)).toThrow(RangeError);
        return 1;
      },
      direction: 'minimize',
      sampler: 'random',
      trials: 1,
    });
    expect(trials[0].intermediate).toEqual([
      { step: 0, value: 7 },
      { step: 1, value: 5 },
    ]);
  });
});

describe('median pruning on learning curves', () => {
  const STEPS = 30;
  const curveSpace = defineSearchSpace({
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    width: { type: 'int', low: 8, high: 256, step: 8 },
  });
  /**
   * An exponential approach to a floor set by the parameters (best at lr = 1e-2, width 64);
   * larger learning rates converge faster, so curves cross and early ranks are not final ranks.
   */
  const loss = (lr: number, width: number, t: number) => {
    const u = Math.log10(lr);
    const floor = 0.1 * (u + 2) ** 2 + (0.002 * Math.abs(width - 64)) / 8;
    const rate = 0.1 + (0.05 * (u + 4)) / 4;
    return floor + (1 - floor) * Math.exp(-rate * t);
  };

  async function study(seed: number, sampler: 'random' | 'tpe', pruned: boolean) {
    let steps = 0;
    const result = await optimize({
      space: curveSpace,
      direction: 'minimize',
      sampler,
      trials: 40,
      seed,
      ...(pruned ? { pruner: { kind: 'median', startupTrials: 5, warmupSteps: 3 } as const } : {}),
      objective: async (p, trial) => {
        let v = NaN;
        for (let t = 0; t < STEPS; t++) {
          v = loss(p.lr, p.width, t);
          steps++;
          trial.report(t, v);
          if (trial.shouldPrune()) throw new TrialPruned();
        }
        return v;
      },
    });
    return { result, steps };
  }

  it('prunes the clearly bad trials, keeps the eventual best and saves steps (random sampler, same draws with and without)', async () => {
    for (const seed of [1, 2, 3]) {
      const full = await study(seed, 'random', false);
      const cut = await study(seed, 'random', true);
      const finals = full.result.trials.map((t) => (t.state === 'complete' ? t.value : NaN));
      const q3 = [...finals].sort((a, b) => a - b)[30];
      const pruned = cut.result.trials.filter((t) => t.state === 'pruned');
      const worstQuarterKept = cut.result.trials.filter((t) => t.number >= 5 && finals[t.number] > q3 && t.state !== 'pruned');
      console.log(
        `seed ${seed}: ${pruned.length}/40 trials pruned, ${cut.steps} of ${full.steps} steps run (${full.steps - cut.steps} saved, ` +
          `${((100 * (full.steps - cut.steps)) / full.steps).toFixed(0)}%); best trial ${full.result.best.trial} (${full.result.best.value.toFixed(4)}) unpruned: ${cut.result.best.trial === full.result.best.trial}`,
      );
      expect(cut.result.trials.map((t) => t.params)).toEqual(full.result.trials.map((t) => t.params));
      expect(cut.result.best).toEqual(full.result.best);
      expect(worstQuarterKept).toEqual([]);
      expect(full.steps - cut.steps).toBeGreaterThan(0.4 * full.steps);
      for (const t of pruned) {
        expect(t.intermediate.length).toBeLessThan(STEPS);
        expect(t.value).toBe(t.intermediate[t.intermediate.length - 1].value);
      }
    }
  });

  it('works with TPE: pruned trials never become best, and steps are saved', async () => {
    const full = await study(4, 'tpe', false);
    const cut = await study(4, 'tpe', true);
    const pruned = cut.result.trials.filter((t) => t.state === 'pruned');
    console.log(
      `TPE seed 4: ${pruned.length}/40 pruned, ${cut.steps} of ${full.steps} steps; best ${cut.result.best.value.toFixed(4)} with pruning vs ${full.result.best.value.toFixed(4)} without`,
    );
    expect(cut.result.trials[cut.result.best.trial].state).toBe('complete');
    expect(cut.steps).toBeLessThan(0.7 * full.steps);
    expect(cut.result.best.value).toBeLessThan(0.1);
  });
});

describe('budget and cancellation', () => {
  it('starts no trial after `seconds` have elapsed', async () => {
    const started = performance.now();
    const { trials } = await optimize({
      space,
      objective: async (p) => {
        await sleep(50);
        return bowl(p);
      },
      direction: 'minimize',
      sampler: 'tpe',
      trials: 1000,
      seconds: 0.3,
    });
    const elapsed = performance.now() - started;
    console.log(`time budget 300 ms, trials of 50 ms: ${trials.length} trials in ${elapsed.toFixed(0)} ms`);
    expect(trials.length).toBeGreaterThanOrEqual(3);
    expect(trials.length).toBeLessThanOrEqual(7);
    // The last trial may start just before the deadline and run its 50 ms.
    expect(elapsed).toBeLessThan(300 + 50 + 150);
  });

  it('stops at `trials` when that comes first', async () => {
    const { trials } = await optimize({ space, objective: async (p) => bowl(p), direction: 'minimize', sampler: 'random', trials: 4, seconds: 60 });
    expect(trials).toHaveLength(4);
  });

  it('refuses to start on an aborted signal', async () => {
    const objective = jest.fn(async () => 0);
    await expect(optimize({ space, objective, direction: 'minimize', sampler: 'random', trials: 5, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(MlCancelledError);
    expect(objective).not.toHaveBeenCalled();
  });

  it('rejects at once when aborted mid-trial, even if the objective ignores the signal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    await expect(
      optimize({
        space,
        objective: () => sleep(2000).then(() => 0),
        direction: 'minimize',
        sampler: 'random',
        trials: 5,
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(MlCancelledError);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('stops between trials after an abort from onTrial or a timer, and hands the signal to the objective', async () => {
    const controller = new AbortController();
    let calls = 0;
    await expect(
      optimize({
        space,
        objective: async (p, trial) => {
          calls++;
          expect(trial.signal).toBe(controller.signal);
          return bowl(p);
        },
        direction: 'minimize',
        sampler: 'tpe',
        trials: 100,
        signal: controller.signal,
        onTrial: (t) => {
          if (t.number === 2) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(MlCancelledError);
    expect(calls).toBe(3);

    // An objective that never yields to the event loop cannot starve a timer's abort.
    const timer = new AbortController();
    setTimeout(() => timer.abort(), 20);
    await expect(
      optimize({ space, objective: async (p) => bowl(p), direction: 'minimize', sampler: 'random', trials: 10_000_000, signal: timer.signal }),
    ).rejects.toBeInstanceOf(MlCancelledError);
  });
});
