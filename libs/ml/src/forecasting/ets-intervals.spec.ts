import { mulberry32, randomNormal } from '../random';
import { fitEts } from './ets-fit';

describe('ETS prediction interval coverage', () => {
  it('on simulated ETS(A,N,N) data (α = 0.3, σ = 1, n = 100), the 80% and 95% intervals cover close to nominal over h = 1..6', () => {
    const rng = mulberry32(20240601);
    const simulations = 1000;
    const n = 100;
    const h = 6;
    const levels = [80, 95];
    const hits = levels.map(() => new Array<number>(h).fill(0));
    for (let s = 0; s < simulations; s++) {
      const y = new Float64Array(n + h);
      let level = 20;
      for (let t = 0; t < n + h; t++) {
        const e = randomNormal(rng);
        y[t] = level + e;
        level += 0.3 * e;
      }
      const forecast = fitEts(y.subarray(0, n), { model: 'ANN' }).forecast(h, { levels });
      forecast.intervals.forEach((interval, i) => {
        for (let k = 0; k < h; k++) if (y[n + k] >= interval.lower[k] && y[n + k] <= interval.upper[k]) hits[i][k]++;
      });
    }
    levels.forEach((level, i) => {
      const perHorizon = hits[i].map((c) => (100 * c) / simulations);
      const pooled = perHorizon.reduce((a, b) => a + b, 0) / h;
      console.log(`ETS(A,N,N) ${level}% intervals: coverage ${pooled.toFixed(1)}% pooled; by h ${perHorizon.map((c) => c.toFixed(1)).join(' ')}`);
      expect(Math.abs(pooled - level)).toBeLessThan(level === 80 ? 3 : 2);
      for (const c of perHorizon) expect(Math.abs(c - level)).toBeLessThan(level === 80 ? 5 : 3);
    });
  });
});
