import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ErrorCode, grpc, MonitoringAlertRaised, type RetrainingTrigger } from '@foresight/contracts';
import { createGrpcClient, EventPublisher, GrpcServerHost, loadConfig, PlatformModule, PrismaService, type DomainException } from '@foresight/platform';
import { eventually, TEST_DATABASE_URL, TEST_KAFKA_BROKERS, uniqueTenant } from '@foresight/testing';
import { Metadata, type Client } from 'nice-grpc';
import { TrainingOrchestratorEnv } from '../config/training-orchestrator.config';
import { RetrainingScheduler } from '../schedules/retraining-scheduler';
import { SchedulesRepository } from '../schedules/schedules.repository';
import { SchedulesService } from '../schedules/schedules.service';
import { TrainingJobsRepository } from '../training-jobs/training-jobs.repository';
import { TrainingJobsService } from '../training-jobs/training-jobs.service';
import { RetrainingPolicyService, type AlertOutcome } from './retraining-policy.service';
import { RetrainingModule } from './retraining.module';

/**
 * Integration: schedules, the scheduler and alert policies on real PostgreSQL and Kafka, the
 * routes called over gRPC as the gateway calls them. No training worker runs here: the jobs
 * stay queued, which is what these tests look at (how many, with what trigger).
 *
 * Scheduler ticks are given their time: schedules are created "in 2099", so the scheduler of
 * any orchestrator running on this database meanwhile never finds them due.
 */
describe('automatic retraining (real PostgreSQL, Kafka, gRPC)', () => {
  const config = {
    ...loadConfig(TrainingOrchestratorEnv, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: TEST_DATABASE_URL,
      KAFKA_BROKERS: TEST_KAFKA_BROKERS,
      RETRAINING_SCHEDULER_TICK_MS: '0',
    }),
    HTTP_PORT: 0,
    GRPC_PORT: 0,
  };

  @Module({ imports: [PlatformModule.forService({ name: 'training-orchestrator', config, kafka: true, prisma: true, grpcServer: true }), RetrainingModule] })
  class TestModule {}

  let app: INestApplicationContext;
  let prisma: PrismaService;
  let client: Client<typeof grpc.RetrainingServiceDefinition>;
  const tenants: string[] = [];
  const tenant = () => {
    const t = uniqueTenant('rt');
    tenants.push(t);
    return t;
  };
  const as = (tenantId: string) => ({ metadata: Metadata({ 'x-tenant-id': tenantId }) });
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: DomainException) => e,
    );

  const ROWS = Array.from({ length: 12 }, (_, i) => ({ enrolment: 100 + 10 * i, district: i % 2 ? 'north' : 'south', meals: 40 + 7 * i }));
  const JOB = { task: 'regression', target: 'meals', dataset: { rows: ROWS } };
  const jobsOf = (tenantId: string) => prisma.trainingJob.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } });

  beforeAll(async () => {
    app = await NestFactory.createApplicationContext(TestModule, { logger: false });
    await app.init();
    prisma = app.get(PrismaService);
    client = createGrpcClient(grpc.RetrainingServiceDefinition, {
      service: 'training-orchestrator',
      address: `127.0.0.1:${app.get(GrpcServerHost).port}`,
      deadlineMs: 10_000,
    });
  });

  afterAll(async () => {
    const mine = { tenantId: { in: tenants } };
    await prisma.retrainingSchedule.deleteMany({ where: mine });
    await prisma.retrainingPolicy.deleteMany({ where: mine });
    await prisma.run.deleteMany({ where: mine });
    await prisma.experiment.deleteMany({ where: mine });
    await prisma.trainingJob.deleteMany({ where: mine });
    await app.close();
  });

  describe('schedule routes', () => {
    it('creates a schedule with its next run in its time zone, lists it and deletes it', async () => {
      const t = tenant();
      const created = await client.createRetrainingSchedule({ model: 'meal-demand', body: { cron: '30 6 * * 1', timezone: 'Europe/Paris', job: JOB } }, as(t));
      expect(created).toMatchObject({ model: 'meal-demand', cron: '30 6 * * 1', timezone: 'Europe/Paris', lastRunAt: '', lastJobId: '', job: JOB });
      // The next Monday 06:30 in Paris is 04:30Z or 05:30Z depending on daylight saving.
      const next = new Date(created.nextRunAt);
      expect(next.getTime()).toBeGreaterThan(Date.now());
      expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
      expect(next.getUTCDay()).toBe(1);
      expect([4, 5]).toContain(next.getUTCHours());
      expect(next.getUTCMinutes()).toBe(30);

      const utc = await client.createRetrainingSchedule({ model: 'meal-demand', body: { cron: '0 0 1 * *', job: JOB } }, as(t));
      expect(utc.timezone).toBe('UTC');
      expect((await client.listRetrainingSchedules({ model: 'meal-demand' }, as(t))).schedules.map((s) => s.id)).toEqual([created.id, utc.id]);

      await client.deleteRetrainingSchedule({ model: 'meal-demand', id: created.id }, as(t));
      expect((await client.listRetrainingSchedules({ model: 'meal-demand' }, as(t))).schedules.map((s) => s.id)).toEqual([utc.id]);
      expect(await failure(client.deleteRetrainingSchedule({ model: 'meal-demand', id: created.id }, as(t)))).toMatchObject({ code: ErrorCode.NotFound });
    });

    it('refuses a bad cron, time zone or job naming each field, and stores nothing', async () => {
      const t = tenant();
      const paths = async (body: Record<string, unknown>) => {
        const error = await failure(client.createRetrainingSchedule({ model: 'meal-demand', body }, as(t)));
        expect(error.code).toBe(ErrorCode.ValidationFailed);
        return error.errors?.map((e) => e.path).sort();
      };
      expect(await paths({ cron: '61 * * * *', job: JOB })).toEqual(['cron']);
      expect(await paths({ cron: 'every day', job: JOB })).toEqual(['cron']);
      expect(await paths({ cron: '0 * * * *', timezone: 'Mars/Olympus', job: JOB })).toEqual(['timezone']);
      expect(await paths({ cron: '0 99 * * *', job: { ...JOB, target: undefined, algorithm: 'kmeans' } })).toEqual(['cron', 'job.algorithm', 'job.target']);
      expect(await paths({ cron: '0 * * * *', job: { ...JOB, model: 'other' } })).toEqual(['job']);
      expect(await paths({ cron: '0 * * * *', job: JOB, every: 'hour' })).toEqual(['every']);
      expect((await client.listRetrainingSchedules({ model: 'meal-demand' }, as(t))).schedules).toEqual([]);
    });

    it("keeps tenants apart: another tenant neither lists nor deletes a tenant's schedule", async () => {
      const owner = tenant();
      const other = tenant();
      const schedule = await client.createRetrainingSchedule({ model: 'meal-demand', body: { cron: '0 3 * * *', job: JOB } }, as(owner));
      expect((await client.listRetrainingSchedules({ model: 'meal-demand' }, as(other))).schedules).toEqual([]);
      expect(await failure(client.deleteRetrainingSchedule({ model: 'meal-demand', id: schedule.id }, as(other)))).toMatchObject({ code: ErrorCode.NotFound });
      expect((await client.listRetrainingSchedules({ model: 'meal-demand' }, as(owner))).schedules).toHaveLength(1);
      expect(await failure(client.listRetrainingSchedules({ model: 'meal-demand' }))).toMatchObject({ code: ErrorCode.Unauthenticated });
    });
  });

  describe('scheduler', () => {
    const schedulerOf = () =>
      new RetrainingScheduler(app.get(SchedulesRepository), app.get(TrainingJobsService), app.get(TrainingJobsRepository), { RETRAINING_SCHEDULER_TICK_MS: 0 });
    const createAt = (t: string, cron: string, now: Date) => app.get(SchedulesService).create(t, 'meal-demand', { cron, job: JOB }, now);

    it('submits each due run once when several schedulers tick at the same time, recording the trigger', async () => {
      const t = tenant();
      const created = new Date('2099-01-01T00:00:00Z');
      const schedules = await Promise.all([createAt(t, '0 * * * *', created), createAt(t, '30 0 * * *', created), createAt(t, '0 2 * * *', created)]);
      const due = new Date('2099-01-01T01:00:00Z'); // the first two are due (01:00, 00:30), the third (02:00) is not

      const ticks = await Promise.all(Array.from({ length: 4 }, () => schedulerOf().tick(due)));
      // Other tests' schedules (created at the real time) are due in 2099 too: look at this test's only.
      const ids = new Set(schedules.map((s) => s.id));
      const started = ticks.flat().filter((r): r is { scheduleId: string; jobId: string } => 'jobId' in r && ids.has(r.scheduleId));
      expect(started.map((r) => r.scheduleId).sort()).toEqual([schedules[0]!.id, schedules[1]!.id].sort());

      const jobs = await jobsOf(t);
      expect(jobs).toHaveLength(2);
      const triggers = jobs.map((j) => j.trigger as RetrainingTrigger);
      expect(triggers).toEqual(
        expect.arrayContaining([
          { kind: 'schedule', scheduleId: schedules[0]!.id, dueAt: '2099-01-01T01:00:00.000Z' },
          { kind: 'schedule', scheduleId: schedules[1]!.id, dueAt: '2099-01-01T00:30:00.000Z' },
        ]),
      );
      expect(jobs.every((j) => j.model === 'meal-demand' && j.status === 'queued' && (j.spec as { target: string }).target === 'meals')).toBe(true);

      const listed = (await client.listRetrainingSchedules({ model: 'meal-demand' }, as(t))).schedules;
      const first = listed.find((s) => s.id === schedules[0]!.id)!;
      expect(first).toMatchObject({ nextRunAt: '2099-01-01T02:00:00.000Z', lastRunAt: due.toISOString() });
      expect(jobs.map((j) => j.id)).toContain(first.lastJobId);
      expect(listed.find((s) => s.id === schedules[2]!.id)).toMatchObject({ nextRunAt: '2099-01-01T02:00:00.000Z', lastRunAt: '' });
    });

    it('runs once to catch up on runs missed while down, then follows the cron again', async () => {
      const t = tenant();
      const [schedule] = await Promise.all([createAt(t, '* * * * *', new Date('2099-02-01T00:00:00Z'))]);
      expect(schedule!.nextRunAt).toBe('2099-02-01T00:01:00.000Z');

      // Down from 00:00 to 00:10:30: ten runs were missed.
      const back = await schedulerOf().tick(new Date('2099-02-01T00:10:30Z'));
      expect(back.filter((r) => r.scheduleId === schedule!.id && 'jobId' in r)).toHaveLength(1);
      expect((await client.listRetrainingSchedules({ model: 'meal-demand' }, as(t))).schedules[0]!.nextRunAt).toBe('2099-02-01T00:11:00.000Z');
      expect((await schedulerOf().tick(new Date('2099-02-01T00:10:45Z'))).filter((r) => r.scheduleId === schedule!.id)).toEqual([]);
      expect(await jobsOf(t)).toHaveLength(1);

      // The catch-up job is still queued (no worker here): the 00:11 run is skipped, not piled up.
      expect((await schedulerOf().tick(new Date('2099-02-01T00:11:00Z'))).filter((r) => r.scheduleId === schedule!.id)).toEqual([
        { scheduleId: schedule!.id, skipped: 'previous job still active' },
      ]);
      await prisma.trainingJob.updateMany({ where: { tenantId: t }, data: { status: 'succeeded' } });
      expect((await schedulerOf().tick(new Date('2099-02-01T00:12:00Z'))).filter((r) => r.scheduleId === schedule!.id && 'jobId' in r)).toHaveLength(1);
      expect(await jobsOf(t)).toHaveLength(2);
    });
  });

  describe('alert policy', () => {
    const publisher = () => app.get(EventPublisher);
    const alert = (tenantId: string, overrides: Partial<{ model: string; kind: 'drift' | 'performance'; detectedAt: string }> = {}) =>
      publisher().publish(MonitoringAlertRaised, {
        tenantId,
        payload: { model: 'meal-demand', kind: 'drift', metric: 'psi:enrolment', value: 0.31, threshold: 0.2, detectedAt: new Date().toISOString(), ...overrides },
      });
    const outcomes = new Map<string, AlertOutcome>();

    beforeAll(() => {
      const service = app.get(RetrainingPolicyService);
      const original = service.onAlert.bind(service);
      // Records what the consumer decided for each alert (by envelope id) to wait on it.
      jest.spyOn(service, 'onAlert').mockImplementation(async (tenantId, alertId, payload, now) => {
        const outcome = await original(tenantId, alertId, payload, now);
        outcomes.set(alertId, outcome);
        return outcome;
      });
    });
    const handled = (envelopeId: string) =>
      eventually(
        () => {
          const outcome = outcomes.get(envelopeId);
          if (!outcome) throw new Error(`alert ${envelopeId} not handled yet`);
          return outcome;
        },
        { timeoutMs: 45_000, intervalMs: 100 },
      );

    it('validates the policy naming each field', async () => {
      const t = tenant();
      const error = await failure(client.putRetrainingPolicy({ model: 'meal-demand', body: { onAlerts: ['drift', 'latency'], job: { ...JOB, task: 'bogus' }, cooldown: '5 minutes' } }, as(t)));
      expect(error.code).toBe(ErrorCode.ValidationFailed);
      expect(error.errors?.map((e) => e.path).sort()).toEqual(['cooldown', 'onAlerts.1']);
      const badJob = await failure(client.putRetrainingPolicy({ model: 'meal-demand', body: { onAlerts: ['drift'], job: { ...JOB, task: 'bogus' } } }, as(t)));
      expect(badJob.errors?.map((e) => e.path)).toEqual(['job.task']);
      expect(await failure(client.getRetrainingPolicy({ model: 'meal-demand' }, as(t)))).toMatchObject({ code: ErrorCode.NotFound });
    });

    it('starts one job for a storm of alerts, records the alert on it, and another once the cooldown has passed', async () => {
      const t = tenant();
      const policy = await client.putRetrainingPolicy({ model: 'meal-demand', body: { onAlerts: ['drift', 'performance'], job: JOB, cooldown: '10s' } }, as(t));
      expect(policy).toMatchObject({ onAlerts: ['drift', 'performance'], cooldownSeconds: 10, lastTriggeredAt: '', lastJobId: '' });

      const first = await alert(t);
      expect(await handled(first.id)).toEqual({ started: expect.any(String) });
      const startedAt = Date.now();
      const storm = [await alert(t, { kind: 'performance' }), await alert(t), await alert(t)];
      for (const a of storm) expect(await handled(a.id)).toEqual({ skipped: 'cooling down' });

      const jobs = await jobsOf(t);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.trigger).toEqual({
        kind: 'alert',
        alertId: first.id,
        alert: 'drift',
        metric: 'psi:enrolment',
        value: 0.31,
        threshold: 0.2,
        detectedAt: first.payload.detectedAt,
      });
      expect(await client.getRetrainingPolicy({ model: 'meal-demand' }, as(t))).toMatchObject({ lastJobId: jobs[0]!.id, lastTriggeredAt: expect.any(String) });

      // The storm must land inside the cooldown even on a loaded machine: 10 s leaves room for consumer lag.
      expect(Date.now() - startedAt).toBeLessThan(10_000);
      await new Promise((r) => setTimeout(r, 10_100 - (Date.now() - startedAt)));
      const later = await alert(t, { kind: 'performance' });
      expect(await handled(later.id)).toEqual({ started: expect.any(String) });
      expect(await jobsOf(t)).toHaveLength(2);
    }, 90_000);

    it('ignores alerts of other kinds, from before the policy, and of another tenant', async () => {
      const t = tenant();
      const other = tenant();
      const before = new Date(Date.now() - 60_000).toISOString();
      await client.putRetrainingPolicy({ model: 'meal-demand', body: { onAlerts: ['performance'], job: JOB } }, as(t));
      expect(await handled((await alert(t, { kind: 'drift' })).id)).toEqual({ skipped: 'kind not in policy' });
      expect(await handled((await alert(t, { kind: 'performance', detectedAt: before })).id)).toEqual({ skipped: 'before the policy' });
      expect(await handled((await alert(other, { kind: 'performance' })).id)).toEqual({ skipped: 'no policy' });
      expect(await jobsOf(t)).toEqual([]);
      expect(await jobsOf(other)).toEqual([]);
      expect(await failure(client.getRetrainingPolicy({ model: 'meal-demand' }, as(other)))).toMatchObject({ code: ErrorCode.NotFound });
    }, 90_000);

    it('lets only one of two replicas handling alerts at once start the job', async () => {
      const t = tenant();
      await client.putRetrainingPolicy({ model: 'meal-demand', body: { onAlerts: ['drift'], job: JOB } }, as(t));
      const service = app.get(RetrainingPolicyService);
      const payload = { model: 'meal-demand', kind: 'drift' as const, metric: 'psi:district', value: 0.5, threshold: 0.2, detectedAt: new Date().toISOString() };
      const results = await Promise.all([service.onAlert(t, 'a-1', payload), service.onAlert(t, 'a-2', payload)]);
      expect(results.filter((r) => 'started' in r)).toHaveLength(1);
      expect(await jobsOf(t)).toHaveLength(1);
    });
  });
});
