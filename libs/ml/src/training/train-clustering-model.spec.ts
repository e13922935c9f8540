import { loadServableModel, type ClusterModel } from '../artifact';
import { adjustedRandIndex } from '../clustering/adjusted-rand-index';
import { MlInputError } from '../errors/ml-input.error';
import { mulberry32, randomNormal } from '../random/prng';
import { trainClusteringModel } from './train-clustering-model';

/** Shoppers from three segments (bargain hunters, families, big spenders), sent as users send them. */
function shoppers(n: number, seed = 11) {
  const rand = mulberry32(seed);
  const centres = [
    { visits: 2, basket: 15, discount: 0.6, channel: 'app' },
    { visits: 6, basket: 60, discount: 0.2, channel: 'store' },
    { visits: 12, basket: 140, discount: 0.05, channel: 'store' },
  ];
  const truth: number[] = [];
  const rows = Array.from({ length: n }, (_, i) => {
    const s = i % 3;
    truth.push(s);
    const c = centres[s]!;
    return {
      'Visits / month': Math.max(0, c.visits + randomNormal(rand) * 1.2),
      'Avg basket (€)': i % 9 === 0 ? String((c.basket + randomNormal(rand) * 8).toFixed(2)) : c.basket + randomNormal(rand) * 8,
      'discount share': i % 41 === 0 ? null : Math.min(1, Math.max(0, c.discount + randomNormal(rand) * 0.05)),
      channel: c.channel,
    };
  });
  return { rows, truth };
}

describe('trainClusteringModel', () => {
  it('finds the segments, beats random labels on held-out rows and assigns new rows', async () => {
    const { rows, truth } = shoppers(600);
    const result = await trainClusteringModel(rows);
    console.log(`clustering auto → k=${result.metrics['k']}: ${JSON.stringify(result.metrics)} vs random ${JSON.stringify(result.baseline.metrics)}`);
    expect(result.metrics['k']).toBe(3);
    expect(result.metrics['silhouette']).toBeGreaterThan(result.baseline.metrics['silhouette']! + 0.3);
    expect(result.candidates.map((c) => c.algorithm)).toEqual(Array.from({ length: 9 }, (_, i) => `kmeans(k=${i + 2})`));
    expect(result.features.sort()).toEqual(['Avg basket (€)', 'Visits / month', 'channel', 'discount share']);

    const model = loadServableModel(result.artifact) as ClusterModel;
    expect(model.info).toMatchObject({ task: 'clustering', algorithm: 'kmeans', k: 3 });
    const fresh = shoppers(300, 99);
    const labels = model.predict(fresh.rows);
    expect(adjustedRandIndex(fresh.truth, Array.from(labels))).toBeGreaterThan(0.9);
    expect(adjustedRandIndex(truth, Array.from(model.predict(rows)))).toBeGreaterThan(0.9);
    // Rows with nothing readable still get a segment (imputed like training).
    expect(Number.isInteger(model.predict([{}])[0])).toBe(true);
  });

  it('takes a fixed k and the requested features only', async () => {
    const { rows } = shoppers(120);
    const result = await trainClusteringModel(rows, { algorithm: 'kmeans', params: { k: 2 }, features: ['Visits / month'] });
    expect(result).toMatchObject({ candidates: [], features: ['Visits / month'], params: { k: 2 } });
    expect((loadServableModel(result.artifact) as ClusterModel).info.features).toEqual([{ name: 'Visits / month', type: 'numeric' }]);
  });

  it('refuses bad options, naming them', async () => {
    const { rows } = shoppers(60);
    await expect(trainClusteringModel(rows, { algorithm: 'kmeans' })).rejects.toMatchObject({ field: 'params.k' });
    await expect(trainClusteringModel(rows, { params: { k: 1 } })).rejects.toMatchObject({ field: 'params.k' });
    await expect(trainClusteringModel(rows, { params: { clusters: 3 } })).rejects.toMatchObject({ field: 'params.clusters' });
    await expect(trainClusteringModel(rows, { features: ['age'] })).rejects.toMatchObject({ field: 'features' });
    await expect(trainClusteringModel(rows.slice(0, 5))).rejects.toBeInstanceOf(MlInputError);
  });
});
