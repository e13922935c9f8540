import { ErrorCode } from '@foresight/contracts';
import { trainTabularModel } from '@foresight/ml';
import { DomainException, HealthRegistry, MetricsService } from '@foresight/platform';
import type { RegistryClient } from './registry.client';
import { ModelCache } from './model-cache.service';

// Unit: a strict fake registry (only the calls the cache makes); the artifacts are real.
describe('ModelCache warm-up', () => {
  it('serves every loadable deployment when one artifact cannot be read, and names the broken one', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ x: i, y: 2 * i + 1 }));
    const { artifact } = await trainTabularModel(rows, { task: 'regression', target: 'y', algorithm: 'linear' });
    const deployment = (tenantId: string, model: string, digest: string) => ({ tenantId, model, version: 1, variant: 'stable', artifactDigest: digest, featureView: model });
    const artifacts: Record<string, Uint8Array> = { good: artifact, broken: new TextEncoder().encode('FSMZ this is not a model') };
    const registry = {
      listActiveDeployments: async () => ({ deployments: [deployment('t1', 'demand', 'good'), deployment('t2', 'future-format', 'broken')] }),
      getArtifact: async ({ digest }: { digest: string }) => ({ content: artifacts[digest]! }),
      getActiveDeployment: async ({ model }: { model: string }) => deployment('t2', model, 'broken'),
    } as unknown as RegistryClient;
    const health = new HealthRegistry();
    const cache = new ModelCache(registry, new MetricsService(), health);

    await cache.onApplicationBootstrap();
    for (let i = 0; i < 50 && (await health.report()).status !== 'ok'; i++) await new Promise((r) => setTimeout(r, 10));

    expect((await health.report()).status).toBe('ok');
    expect((await cache.get('t1', 'demand')).version).toBe(1);
    const refused = await cache.get('t2', 'future-format').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainException);
    expect(refused).toMatchObject({ code: ErrorCode.Internal, message: expect.stringContaining('"future-format" is deployed but this server cannot load it') });
  });
});
