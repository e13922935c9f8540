import { ModelSignatureSchema, TrainingStatisticsSchema } from '@foresight/contracts';
import { describeVersion, registrationExtras } from './version-signature';

const rows = Array.from({ length: 12 }, (_, i) => ({
  enrolment: 100 + i,
  district: i % 3 === 0 ? 'north' : 'south',
  store: i % 2 === 0 ? 1 : 2,
  date: `2024-01-${String(i + 1).padStart(2, '0')}`,
  meals: 50 + i,
  label: i % 2 === 0 ? 'low' : 'high',
}));

describe('version signature', () => {
  it('types a tabular model’s inputs from its rows and names its output and target statistics', () => {
    const d = describeVersion({ task: 'classification', target: 'label' }, rows, { features: ['enrolment', 'district'], classes: ['high', 'low'], metrics: {} });
    expect(d.signature).toEqual({
      inputs: [
        { name: 'enrolment', type: 'numeric', role: 'feature' },
        { name: 'district', type: 'categorical', role: 'feature' },
      ],
      output: { kind: 'label', target: 'label', classes: ['high', 'low'] },
    });
    expect(Object.keys(d.trainingStats.columns)).toEqual(['enrolment', 'district']);
    expect(d.trainingStats.target).toMatchObject({ kind: 'categorical', distinct: 2 });
    // What the runner sends is what the registry accepts.
    expect(ModelSignatureSchema.safeParse(d.signature).success).toBe(true);
    expect(TrainingStatisticsSchema.safeParse(d.trainingStats).success).toBe(true);
  });

  it('gives a forecaster its series key as a categorical input and its horizon as output', () => {
    const d = describeVersion({ task: 'forecast', target: 'meals', horizon: 7, timestampColumn: 'date' }, rows, { features: ['store'], metrics: {} });
    expect(d.signature).toEqual({
      inputs: [{ name: 'store', type: 'categorical', role: 'series' }],
      output: { kind: 'forecast', target: 'meals', horizon: 7, timestampColumn: 'date' },
    });
    expect(d.trainingStats.columns['store']).toMatchObject({ kind: 'categorical', distinct: 2 });
    expect(d.trainingStats.target).toMatchObject({ kind: 'numeric', count: 12, mean: 55.5 });
  });

  it('describes clustering by its columns and k, with no target', () => {
    const d = describeVersion({ task: 'clustering' }, rows, { features: ['enrolment', 'meals'], metrics: { k: 3, silhouette: 0.5 } });
    expect(d.signature.output).toEqual({ kind: 'cluster', clusters: 3 });
    expect(d.trainingStats.target).toBeUndefined();
  });

  it('marks the version a candidate exactly when a schedule or an alert started the job', () => {
    const trained = { features: ['enrolment'], metrics: {} };
    expect(registrationExtras({ trigger: null }, { task: 'regression', target: 'meals' }, rows, trained).candidate).toBe(false);
    expect(registrationExtras({ trigger: { kind: 'schedule' } }, { task: 'regression', target: 'meals' }, rows, trained).candidate).toBe(true);
  });
});
