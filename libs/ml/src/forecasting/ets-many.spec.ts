import { MlInputError } from '../errors';
import { mulberry32, randomNormal } from '../random';
import { fitEts } from './ets-fit';
import { fitEtsMany } from './ets-many';

describe('fitEtsMany', () => {
  const rng = mulberry32(8);
  const batch = Array.from({ length: 6 }, (_, i) =>
    Float64Array.from({ length: 36 + 12 * i }, (_, t) => 40 + i * t * 0.2 + 6 * Math.sin((2 * Math.PI * t) / 12) + randomNormal(rng)),
  );

  it('gives each series the model fitEts gives it alone, in order', () => {
    const models = fitEtsMany(batch, { period: 12 });
    expect(models).toHaveLength(batch.length);
    models.forEach((model, i) => {
      const alone = fitEts(batch[i], { period: 12 });
      expect(model.name).toBe(alone.name);
      expect(model.smoothing).toEqual(alone.smoothing);
      expect(model.n).toBe(batch[i].length);
      expect(model.forecast(12)).toEqual(alone.forecast(12));
    });
  });

  it('names the offending series before fitting anything', () => {
    const bad = [...batch, new Float64Array([1, 2, NaN, 4, 5, 6])];
    expect(() => fitEtsMany(bad, { period: 12 })).toThrow(MlInputError);
    try {
      fitEtsMany(bad, { period: 12 });
    } catch (error) {
      expect((error as MlInputError).field).toBe('series[6]');
    }
  });

  it('returns an empty array for an empty batch', () => {
    expect(fitEtsMany([], { period: 12 })).toEqual([]);
  });
});
