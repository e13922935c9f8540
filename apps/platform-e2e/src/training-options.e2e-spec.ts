import { eventually, gatewayCaller, launchPlatform, mintToken, type RunningPlatform, uniqueTenant } from '@foresight/testing';
import { Partitioners, type PartitionMetadata } from 'kafkajs';

const TIMEOUT_MS = 12_000;
const MAX_ROWS = 3000;
const JOB_PARTITIONS = 3; // DEFAULT_PARTITIONS of the training.jobs topic

/**
 * The training API's evaluation options and per-tenant limits, through the gateway only, over the
 * seven built services: k-fold evaluation with a fairness report, a rolling-origin forecast with
 * the global GBDT, the row limit, one running job per tenant and the job timeout.
 */
describe('training options through the gateway', () => {
  let platform: RunningPlatform;
  const tenant = uniqueTenant('lender');
  const engineer = mintToken({ tenantId: tenant, roles: ['ml-engineer'] });
  const outsider = mintToken({ tenantId: uniqueTenant('other'), roles: ['admin'] });

  const call = gatewayCaller(() => platform.gatewayUrl);
  const submit = async (token: string, job: unknown): Promise<string> => {
    const res = await call('POST', '/api/v1/training-jobs', token, job);
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const job = (token: string, id: string) => call('GET', `/api/v1/training-jobs/${id}`, token).then((r) => r.body);
  const finished = (token: string, id: string, timeoutMs = 60_000) =>
    eventually(
      async () => {
        const body = await job(token, id);
        expect(['succeeded', 'failed', 'cancelled']).toContain(body.status);
        return body;
      },
      { timeoutMs, intervalMs: 250 },
    );

  beforeAll(async () => {
    platform = await launchPlatform({
      basePort: 18480,
      env: {
        TRAINING_WORKERS: '2',
        TRAINING_MAX_CONCURRENT_PER_TENANT: '1',
        TRAINING_JOB_TIMEOUT_MS: String(TIMEOUT_MS),
        TRAINING_MAX_ROWS: String(MAX_ROWS),
        TRAINING_SESSION_TIMEOUT_MS: '6000',
        TRAINING_LEASE_MS: '3000',
      },
    });
  }, 120_000);

  afterAll(() => platform?.stop());

  it('kfold with a sensitive attribute: metrics are means ± std over 5 folds, fairness compares the held-out decisions of both groups', async () => {
    const id = await submit(engineer, {
      model: 'loan-approval',
      task: 'classification',
      target: 'approved',
      dataset: { rows: loanRows(800, 3) },
      split: { kind: 'kfold', folds: 5 },
      sensitiveAttribute: 'group',
    });
    const done = await finished(engineer, id);
    expect(done).toMatchObject({ status: 'succeeded' });
    const { result } = done;
    const f = result.fairness;
    console.log(
      `loan approval, ${result.algorithm}: accuracy ${result.metrics.accuracy.toFixed(3)} ± ${result.evaluation.metricsStd.accuracy.toFixed(3)} over ` +
        `${result.evaluation.folds} folds (majority baseline ${result.baseline.metrics.accuracy.toFixed(3)})\n  fairness on ${f.rows} held-out decisions by "${f.attribute}" ` +
        `(positive "${f.positiveLabel}"): DP difference ${f.demographicParityDifference.toFixed(3)}, EO difference ${f.equalOpportunityDifference.toFixed(3)}, ` +
        `disparate impact ${f.disparateImpactRatio.toFixed(3)}, four-fifths ${f.passesFourFifthsRule ? 'passes' : 'fails'}; ` +
        f.groups.map((g: { group: string; selectionRate: number; count: number }) => `${g.group} ${(100 * g.selectionRate).toFixed(1)}% of ${g.count}`).join(', '),
    );
    expect(result.evaluation).toMatchObject({ kind: 'kfold', folds: 5, testRows: 800 });
    expect(result.evaluation.perFold).toHaveLength(5);
    const accuracies = result.evaluation.perFold.map((p: { metrics: { accuracy: number } }) => p.metrics.accuracy);
    expect(result.metrics.accuracy).toBeCloseTo(accuracies.reduce((s: number, a: number) => s + a, 0) / 5, 9);
    expect(result.metrics.accuracy).toBeGreaterThan(result.baseline.metrics.accuracy + 0.1);
    expect(result.candidates.map((c: { algorithm: string }) => c.algorithm)).toEqual(['linear', 'gbdt']);
    expect(f).toMatchObject({ attribute: 'group', positiveLabel: 'yes', rows: 800, passesFourFifthsRule: false });
    expect(f.disparateImpactRatio).toBeLessThan(0.8);
    expect(f.groups.map((g: { group: string }) => g.group)).toEqual(['A', 'B']);
    expect(f.groups.reduce((n: number, g: { count: number }) => n + g.count, 0)).toBe(800);
    // Another tenant cannot see the job.
    expect((await call('GET', `/api/v1/training-jobs/${id}`, outsider)).status).toBe(404);
  });

  it('a forecast with the global GBDT on 3 rolling origins reports each origin and the mean', async () => {
    const id = await submit(engineer, {
      model: 'store-sales',
      task: 'forecast',
      target: 'sales',
      timestampColumn: 'month',
      seriesColumn: 'store',
      horizon: 6,
      algorithm: 'gbdt',
      split: { kind: 'time', folds: 3 },
      dataset: { rows: storeRows(12, 72) },
    });
    const { status, result, error } = await finished(engineer, id);
    expect({ status, error }).toEqual({ status: 'succeeded', error: undefined });
    console.log(
      `store sales, gbdt: MASE ${result.metrics.mase.toFixed(3)} ± ${result.evaluation.metricsStd.mase.toFixed(3)} over ${result.evaluation.folds} origins ` +
        `(seasonal naive ${result.baseline.metrics.mase.toFixed(3)})`,
    );
    expect(result).toMatchObject({ algorithm: 'gbdt', evaluation: { kind: 'time', folds: 3 } });
    expect(result.evaluation.perFold.map((p: { stepsBeforeEnd: number }) => p.stepsBeforeEnd)).toEqual([6, 12, 18]);
    expect(result.metrics.mase).toBeLessThan(result.baseline.metrics.mase);
    expect(result.series).toHaveLength(12);
  });

  it('refuses a dataset over TRAINING_MAX_ROWS with 413 problem+json naming the limit, and options that do not go together with 400', async () => {
    const big = await call('POST', '/api/v1/training-jobs', engineer, {
      model: 'too-big',
      task: 'classification',
      target: 'approved',
      dataset: { rows: loanRows(MAX_ROWS + 1, 1) },
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('application/problem+json');
    expect(big.body).toMatchObject({ status: 413, code: 'payload_too_large', detail: `The dataset has ${MAX_ROWS + 1} rows; a training job may bring at most ${MAX_ROWS} (TRAINING_MAX_ROWS)` });

    const base = { model: 'loan-approval', task: 'classification', target: 'approved', dataset: { rows: loanRows(50, 1) } };
    const refused = async (extra: Record<string, unknown>, path: string) => {
      const res = await call('POST', '/api/v1/training-jobs', engineer, { ...base, ...extra });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    };
    await refused({ split: { kind: 'kfold' }, search: { strategy: 'random', trials: 3 } }, 'search');
    await refused({ split: { kind: 'time' } }, 'split.column');
    await refused({ split: { kind: 'kfold', folds: 20 } }, 'split.folds');
    await refused({ task: 'regression', target: 'income', sensitiveAttribute: 'group' }, 'sensitiveAttribute');
    await refused({ positiveLabel: 'yes' }, 'positiveLabel');
  });

  it('runs one job per tenant at a time — the next is re-queued, not holding a worker, so another tenant runs meanwhile — and fails a job past TRAINING_JOB_TIMEOUT_MS as timed out', async () => {
    // Ten folds of 10 000 boosting rounds without early stopping: far longer than the timeout.
    const slowJob = {
      model: 'slow',
      task: 'classification',
      target: 'approved',
      algorithm: 'gbdt',
      params: { maxIterations: 10_000, earlyStoppingRounds: 0 },
      split: { kind: 'kfold', folds: 10 },
      dataset: { rows: loanRows(1000, 5) },
    };
    const quick = (seed: number) => ({ model: 'quick', task: 'classification', target: 'approved', algorithm: 'linear', dataset: { rows: loanRows(200, seed) } });
    // The worker fetches the topic again only once the jobs of its last fetch are done; a blocker
    // running while the next jobs arrive makes them one fetch, taken by both workers together.
    const blockerToken = mintToken({ tenantId: uniqueTenant('blocker'), roles: ['ml-engineer'] });
    const blocker = await submit(blockerToken, slowJob);
    await eventually(async () => expect((await job(blockerToken, blocker)).status).toBe('running'), { timeoutMs: 30_000, intervalMs: 200 });

    const busy = mintToken({ tenantId: uniqueTenant('busy'), roles: ['ml-engineer'] });
    const slow = await submit(busy, slowJob);
    // The same tenant's next jobs, until one's message is on another partition than the slow job's (so the other worker takes it while the slow one runs).
    const waiting: string[] = [];
    do waiting.push(await submit(busy, quick(waiting.length + 10)));
    while (partitionOf(waiting.at(-1)!) === partitionOf(slow) && waiting.length < 8);
    // Another tenant's job, on another partition than the slow job's.
    let other: { token: string; id: string };
    do {
      const token = mintToken({ tenantId: uniqueTenant('calm'), roles: ['ml-engineer'] });
      other = { token, id: await submit(token, quick(1)) };
    } while (partitionOf(other.id) === partitionOf(slow));
    expect((await call('POST', `/api/v1/training-jobs/${blocker}/cancel`, blockerToken)).status).toBe(202);

    const started = Date.now();
    const busyJobs = [slow, ...waiting];
    let mostRunning = 0;
    let otherSucceededAt: number | undefined;
    let slowStartedAt: number | undefined;
    const watch = async () => {
      const statuses = await Promise.all(busyJobs.map(async (id) => (await job(busy, id)).status as string));
      mostRunning = Math.max(mostRunning, statuses.filter((s) => s === 'running').length);
      if (statuses[0] === 'running') slowStartedAt ??= Date.now();
      if (otherSucceededAt === undefined && (await job(other.token, other.id)).status === 'succeeded') otherSucceededAt = Date.now();
      return statuses;
    };
    const timedOut = await eventually(
      async () => {
        const statuses = await watch();
        expect(statuses[0]).toBe('failed');
        return job(busy, slow);
      },
      { timeoutMs: 4 * TIMEOUT_MS, intervalMs: 200 },
    );
    const slowEndedAt = Date.now();
    // Then its queued jobs run, one at a time.
    await eventually(async () => expect((await watch()).slice(1)).toEqual(waiting.map(() => 'succeeded')), { timeoutMs: 30_000, intervalMs: 200 });
    const requeued = platform.logs['training-orchestrator'].filter((l) => l.includes('job re-queued') && l.includes(waiting.at(-1)!)).length;
    console.log(
      `slow job started after ${slowStartedAt! - started} ms and ended ${timedOut.status}: "${timedOut.error}" after ${slowEndedAt - slowStartedAt!} ms; ` +
        `another tenant's job succeeded ${otherSucceededAt! - started} ms in; the busy tenant's next job was re-queued ${requeued}× meanwhile; at most ${mostRunning} of its jobs ran at once`,
    );
    expect(timedOut).toMatchObject({ status: 'failed', error: `timed out after ${TIMEOUT_MS} ms (TRAINING_JOB_TIMEOUT_MS)`, attempts: 1 });
    expect(mostRunning).toBe(1);
    expect(requeued).toBeGreaterThan(0);
    expect(otherSucceededAt).toBeLessThan(slowEndedAt);
  }, 180_000);

  it('lstm: trains a classifier on order sequences (arrays and JSON text, messy rows left out) and predicts a spike lately from two sequences', async () => {
    const shopTenant = uniqueTenant('lstm-shop');
    const shopEngineer = mintToken({ tenantId: shopTenant, roles: ['ml-engineer'] });
    const shopApp = mintToken({ tenantId: shopTenant, roles: ['app'] });
    const rows: Record<string, unknown>[] = spikeRows(600, 5);
    rows.push({ customer: 'no-history', 'spike lately': 'no' }, { customer: 'garbled', 'recent orders': '[12, "lots"]', 'spike lately': 'yes' });
    const refused = await call('POST', '/api/v1/training-jobs', shopEngineer, { model: 'spikes', task: 'clustering', algorithm: 'lstm', dataset: { rows } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toContain('algorithm');

    const id = await submit(shopEngineer, { model: 'spikes', task: 'classification', algorithm: 'lstm', target: 'spike lately', dataset: { rows } });
    const done = await finished(shopEngineer, id);
    console.log(`lstm through the job API: ${JSON.stringify(done.result?.metrics)} vs majority ${JSON.stringify(done.result?.baseline.metrics)} ${done.error ?? ''}`);
    expect(done).toMatchObject({ status: 'succeeded', result: { algorithm: 'lstm', baseline: { algorithm: 'majority' } } });
    expect(done.result.metrics.accuracy).toBeGreaterThan(done.result.baseline.metrics.accuracy + 0.2);
    expect(done.result.data).toEqual({ rows: 602, rowsUsed: 600, dropped: { missingSequence: 1, invalidSequence: 1 } });

    const flat = Array.from({ length: 14 }, (_, i) => 48 + (i % 4));
    const late = JSON.stringify([...flat.slice(0, 13), 112]);
    const early = JSON.stringify([49, 110, ...flat.slice(2)]);
    const res = await call('POST', '/api/v1/predictions/spikes', shopApp, { instances: [{ features: { 'recent orders': late } }, { features: { 'recent orders': early } }] });
    expect(res.status).toBe(200);
    expect(res.body.predictions.map((p: { label: string }) => p.label)).toEqual(['yes', 'no']);
    expect(Object.keys(res.body.predictions[0].probabilities).sort()).toEqual(['no', 'yes']);

    const bad = await call('POST', '/api/v1/predictions/spikes', shopApp, { instances: [{ features: { 'recent orders': late } }, { features: { 'recent orders': 'soon' } }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation_failed', detail: expect.stringContaining('instances.1: the sequence "recent orders"') });
    expect((await call('POST', '/api/v1/predictions/spikes', outsider, { instances: [{ features: { 'recent orders': late } }] })).status).toBe(404);
  });
});

/** Where the gateway's job message goes: KafkaJS's default partitioner on the job id, as the orchestrator publishes it. */
function partitionOf(jobId: string): number {
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: JOB_PARTITIONS }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));
  return Partitioners.DefaultPartitioner()({ topic: 'training.jobs', partitionMetadata, message: { key: jobId, value: null } });
}

/**
 * Loan decisions where group B's recorded incomes run lower (the bias the fairness report should
 * surface): approved when income − debt/2 plus noise clears a bar. Seeded (Park–Miller).
 */
function loanRows(n: number, seed: number): Record<string, unknown>[] {
  let state = seed;
  const rand = () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
  const normal = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  return Array.from({ length: n }, () => {
    const group = rand() < 0.6 ? 'A' : 'B';
    const income = Math.round(50 + 10 * normal() - (group === 'B' ? 12 : 0));
    const debt = Math.round(20 + 5 * normal());
    return { group, income, debt, approved: income - debt / 2 + 4 * normal() > 40 ? 'yes' : 'no' };
  });
}

/** Monthly sales of `stores` stores sharing a yearly pattern, each with its own level and trend. */
function storeRows(stores: number, months: number): Record<string, unknown>[] {
  let state = 11;
  const rand = () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
  return Array.from({ length: stores }, (_, s) => {
    const level = 100 + 400 * rand();
    const trend = level * 0.005 * rand();
    return Array.from({ length: months }, (_, t) => ({
      store: `store-${s}`,
      month: new Date(Date.UTC(2019, t, 1)).toISOString().slice(0, 10),
      sales: Math.round(level + trend * t + 0.25 * level * Math.sin((2 * Math.PI * t) / 12) + 0.04 * level * (rand() - 0.5)),
    }));
  }).flat();
}

/**
 * A customer's last 8–20 order amounts around 50, with at most one spike (+60): "yes" when it is
 * among the last three. A spike anywhere gives the same mean and maximum, so only the order tells.
 */
function spikeRows(n: number, seed: number): Record<string, unknown>[] {
  let state = seed;
  const rand = () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
  const below = (k: number) => Math.floor(rand() * k);
  return Array.from({ length: n }, (_, i) => {
    const length = 8 + below(13);
    const amounts = Array.from({ length }, () => Math.round(4500 + 1000 * rand()) / 100);
    const kind = i % 3;
    if (kind !== 0) amounts[kind === 2 ? length - 1 - below(3) : below(length - 3)]! += 60;
    // Every fifth sequence arrives as JSON text, as a CSV export would carry it.
    return { customer: `c${i}`, 'recent orders': i % 5 === 0 ? JSON.stringify(amounts) : amounts, 'spike lately': kind === 2 ? 'yes' : 'no' };
  });
}
