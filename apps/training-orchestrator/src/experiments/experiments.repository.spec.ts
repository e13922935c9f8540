import { randomUUID } from 'node:crypto';
import { HealthRegistry, PrismaService } from '@foresight/platform';
import { TEST_DATABASE_URL, uniqueTenant } from '@foresight/testing';
import { ExperimentsRepository } from './experiments.repository';
import { parseFilter, parseOrderBy } from './run-query';

// Integration: the real PostgreSQL test database (migrated by `npm test`).
describe('ExperimentsRepository.searchRuns (real PostgreSQL)', () => {
  const prisma = new PrismaService({ DATABASE_URL: TEST_DATABASE_URL }, new HealthRegistry());
  const repository = new ExperimentsRepository(prisma);
  const tenant = uniqueTenant('exp');
  const other = uniqueTenant('exp');
  const ids: Record<string, string> = {};

  const addRun = async (tenantId: string, key: string, algorithm: string, rmse: number, lr: number, status: 'succeeded' | 'failed' = 'succeeded') => {
    const id = randomUUID();
    ids[key] = id;
    await repository.createRun(tenantId, 'meal-demand', { id, model: 'meal-demand', params: { algorithm, learningRate: lr } });
    await repository.start(id);
    await repository.finish(id, { status, algorithm, metrics: status === 'succeeded' ? { rmse, mae: rmse / 2 } : {}, dataset: { hash: 'h', rows: 100 } });
  };

  beforeAll(async () => {
    await prisma.onModuleInit();
    await addRun(tenant, 'mlp-good', 'mlp', 2.5, 0.01);
    await addRun(tenant, 'mlp-bad', 'mlp', 4.0, 0.1);
    await addRun(tenant, 'gbdt', 'gbdt', 1.5, 0.05);
    await addRun(tenant, 'failed', 'mlp', 0, 0.5, 'failed');
    await addRun(other, 'theirs', 'gbdt', 0.1, 0.05);
  });

  afterAll(async () => {
    await prisma.run.deleteMany({ where: { tenantId: { in: [tenant, other] } } });
    await prisma.experiment.deleteMany({ where: { tenantId: { in: [tenant, other] } } });
    await prisma.onApplicationShutdown();
  });

  it('records the first runs of a new experiment submitted at once: every run, one experiment', async () => {
    const runIds = Array.from({ length: 8 }, () => randomUUID());
    await Promise.all(runIds.map((id) => repository.createRun(tenant, 'brand-new', { id, model: 'brand-new', params: {} })));
    expect(await prisma.experiment.count({ where: { tenantId: tenant, name: 'brand-new' } })).toBe(1);
    expect(await prisma.run.count({ where: { id: { in: runIds } } })).toBe(8);
  });

  const search = async (filter?: string, orderBy?: string, tenantId = tenant) =>
    (await repository.searchRuns(tenantId, 'meal-demand', parseFilter(filter), parseOrderBy(orderBy), 100)).map((r) => r.id);

  it('filters on metrics and params and orders by a metric', async () => {
    expect(await search("metrics.rmse < 3 and params.algorithm = 'mlp'")).toEqual([ids['mlp-good']]);
    expect(await search('metrics.rmse >= 1.5', 'metrics.rmse ASC')).toEqual([ids['gbdt'], ids['mlp-good'], ids['mlp-bad']]);
    expect(await search('params.learningRate > 0.02', 'params.learningRate DESC')).toEqual([ids['failed'], ids['mlp-bad'], ids['gbdt']]);
    expect(await search("attributes.status = 'failed'")).toEqual([ids['failed']]);
  });

  it('puts runs without the ordering metric last', async () => {
    expect((await search(undefined, 'metrics.rmse DESC')).at(-1)).toBe(ids['failed']);
  });

  it("never returns another tenant's runs", async () => {
    expect(await search()).not.toContain(ids['theirs']);
    expect(await search(undefined, undefined, other)).toEqual([ids['theirs']]);
  });

  it('treats filter values as data, not SQL', async () => {
    expect(await search(`params.algorithm = 'mlp\\' OR 1=1 --'`)).toEqual([]);
    expect(await search(`params.algorithm = 'mlp'`)).toHaveLength(3);
  });
});
