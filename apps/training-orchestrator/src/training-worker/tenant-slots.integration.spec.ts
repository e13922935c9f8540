import type { TrainingJobRequest } from '@foresight/contracts';
import { HealthRegistry, PrismaService } from '@foresight/platform';
import { TEST_DATABASE_URL, uniqueTenant } from '@foresight/testing';
import { TrainingJobsRepository } from '../training-jobs/training-jobs.repository';

// Integration: the real PostgreSQL test database (migrated by `npm test`).
describe('claiming jobs within TRAINING_MAX_CONCURRENT_PER_TENANT (real PostgreSQL)', () => {
  const prisma = new PrismaService({ DATABASE_URL: TEST_DATABASE_URL }, new HealthRegistry());
  const jobs = new TrainingJobsRepository(prisma);
  const tenant = uniqueTenant('slots');
  const other = uniqueTenant('slots');
  const LEASE_MS = 60_000;

  const submit = async (tenantId: string, model: string) => (await jobs.create(tenantId, { model } as TrainingJobRequest)).id;
  const claim = async (id: string, limit = 2) => (await jobs.claim(id, LEASE_MS, limit)).kind;

  beforeAll(() => prisma.onModuleInit());

  afterAll(async () => {
    await prisma.trainingJob.deleteMany({ where: { tenantId: { in: [tenant, other] } } });
    await prisma.onApplicationShutdown();
  });

  it('lets at most the limit run at once, oldest first, however many workers claim together; other tenants are unaffected', async () => {
    const queued: string[] = [];
    for (const model of ['a', 'b', 'c', 'd']) queued.push(await submit(tenant, model));
    const theirs = await submit(other, 'x');
    // Youngest first, all at once: the lock makes them take turns, the order makes the oldest two win.
    const outcomes = await Promise.all([...queued].reverse().map((id) => claim(id)).concat(claim(theirs)));
    expect(outcomes).toEqual(['busy', 'busy', 'claimed', 'claimed', 'claimed']);
    const running = await prisma.trainingJob.findMany({ where: { tenantId: tenant, status: 'running' }, select: { id: true } });
    expect(running.map((j) => j.id).sort()).toEqual(queued.slice(0, 2).sort());

    // A slot frees: the job waiting longest takes it, not whichever message comes first.
    await jobs.finish(queued[0], 'succeeded', {});
    expect(await claim(queued[3])).toBe('busy');
    expect(await claim(queued[2])).toBe('claimed');
    expect(await claim(queued[3])).toBe('busy');
  });

  it('takes over an orphaned running job even at the limit (it holds its slot already), and never claims a finished or unknown one', async () => {
    const [first, second] = [await submit(tenant, 'e'), await submit(tenant, 'f')];
    const others = await prisma.trainingJob.findMany({ where: { tenantId: tenant, status: { in: ['queued', 'running'] }, id: { notIn: [first, second] } } });
    await prisma.trainingJob.updateMany({ where: { id: { in: others.map((j) => j.id) } }, data: { status: 'cancelled' } });
    expect(await claim(first, 1)).toBe('claimed');
    expect(await claim(second, 1)).toBe('busy');
    // A copy of the message while the first worker is alive: not claimable.
    expect(await claim(first, 1)).toBe('unavailable');
    await prisma.trainingJob.update({ where: { id: first }, data: { heartbeatAt: new Date(Date.now() - 2 * LEASE_MS) } });
    const takeover = await jobs.claim(first, LEASE_MS, 1);
    expect(takeover).toMatchObject({ kind: 'claimed', job: { id: first, attempts: 2 } });
    await jobs.finish(first, 'failed', { error: 'x' });
    expect(await claim(first, 1)).toBe('unavailable');
    expect(await claim('00000000-0000-4000-8000-000000000000', 1)).toBe('unavailable');
  });
});
