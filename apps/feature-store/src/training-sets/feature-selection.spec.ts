import type { grpc } from '@foresight/contracts';
import { ValidationException } from '@foresight/platform';
import { parseTrainingRef, selectFeatures } from './feature-selection';

const view = (name: string, features: string[], aggregations: grpc.AggregationSpec[] = []) =>
  ({
    name,
    version: 3,
    entity: 'user',
    ttlMs: 3_600_000,
    aggregations,
    resolvedFeatures: [
      ...features.map((f) => ({ name: f, kind: 'column' })),
      ...aggregations.flatMap((a) => a.windows.map((w) => ({ name: `${a.column}_${a.fn}_${w}`, kind: 'aggregation' }))),
    ],
  }) as unknown as grpc.FeatureViewVersion;

const views: Record<string, grpc.FeatureViewVersion> = {
  profile: view('profile', ['score', 'level']),
  activity: view('activity', ['level'], [{ column: 'clicks', fn: 'sum', windows: ['1h', '1d'] }]),
};
const load = async (name: string) => ({ view: views[name]!, joinKeys: ['user_id'] });

describe('training set feature selection', () => {
  it('parses view, pinned version and feature', () => {
    expect(parseTrainingRef('profile')).toEqual({ view: 'profile', version: 0, feature: '*' });
    expect(parseTrainingRef('profile@2:a:b')).toEqual({ view: 'profile', version: 2, feature: 'a:b' });
  });

  it('selects per view, splits declared from aggregate features and renames only colliding columns', async () => {
    const [profile, activity] = await selectFeatures(['profile', 'activity:level', 'activity:clicks_sum_1d'], ['user_id', 'timestamp', 'score'], load);
    expect(profile!.declared.map((f) => f.column)).toEqual(['profile__score', 'profile__level']);
    expect(activity!.declared.map((f) => f.column)).toEqual(['activity__level']);
    expect(activity!.aggregates.map((f) => f.column)).toEqual(['clicks_sum_1d']);
    expect(activity!.plan!.specs.map((s) => s.name)).toEqual(['clicks_sum_1d']);
  });

  it('refuses a view at two versions and unknown features, naming the reference', async () => {
    const twice = await selectFeatures(['profile@1', 'profile@2:score'], [], load).catch((e: ValidationException) => e);
    expect(twice).toBeInstanceOf(ValidationException);
    expect((twice as ValidationException).errors).toEqual([{ path: 'featureViews.1', message: expect.stringMatching(/two versions/) }]);
    const unknown = await selectFeatures(['profile:nope'], [], load).catch((e: ValidationException) => e);
    expect((unknown as ValidationException).errors).toEqual([{ path: 'featureViews.0', message: expect.stringMatching(/has no feature "nope"/) }]);
  });
});
