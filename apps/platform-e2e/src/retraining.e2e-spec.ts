import { randomUUID } from 'node:crypto';
import { MonitoringAlertRaised } from '@foresight/contracts';
import { eventually, gatewayCaller, launchPlatform, mintToken, type RunningPlatform, TEST_KAFKA_BROKERS, uniqueTenant } from '@foresight/testing';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

/**
 * Automatic retraining through the gateway: a cron schedule (with a seconds field and a fast
 * scheduler tick) and a monitoring alert produced to Kafka each start an ordinary training job
 * whose version is registered as a candidate, while the deployed version stays 1. Also the
 * signature and training statistics of a version, validation and tenant isolation.
 */
describe('retraining through the gateway', () => {
  let platform: RunningPlatform;
  let producer: Producer;
  const tenant = uniqueTenant('retrain');
  const outsider = mintToken({ tenantId: uniqueTenant('other'), roles: ['admin'] });
  const engineer = mintToken({ tenantId: tenant, roles: ['ml-engineer'] });
  const analyst = mintToken({ tenantId: tenant, roles: ['analyst'] });
  const model = 'meal-demand';
  const { rows, job } = trainingData();

  const call = gatewayCaller(() => platform.gatewayUrl);
  const finishedJob = (id: string) =>
    eventually(
      async () => {
        const res = await call('GET', `/api/v1/training-jobs/${id}`, analyst);
        expect(['succeeded', 'failed']).toContain(res.body.status);
        return res.body;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
  const deployedVersion = async () => (await call('GET', '/api/v1/models', analyst)).body.find((m: { model: string }) => m.model === model)?.deployedVersion;

  beforeAll(async () => {
    platform = await launchPlatform({ basePort: 18680, env: { LOG_LEVEL: 'warn', RETRAINING_SCHEDULER_TICK_MS: '500' } });
    producer = new Kafka({ clientId: 'retraining-e2e', brokers: TEST_KAFKA_BROKERS.split(','), logLevel: logLevel.WARN }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await platform?.stop();
  });

  it('trains and deploys version 1, whose signature and training statistics the gateway returns', async () => {
    const submitted = await call('POST', '/api/v1/training-jobs', engineer, { model, ...job });
    expect(submitted.status).toBe(202);
    expect(await finishedJob(submitted.body.id)).toMatchObject({ status: 'succeeded', result: { modelVersion: 1 } });
    expect(await deployedVersion()).toBe(1);

    const v1 = await call('GET', `/api/v1/models/${model}/versions/1`, analyst);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, status: 'deployed', candidate: false });
    expect(v1.body.signature).toEqual({
      inputs: expect.arrayContaining([
        { name: 'enrolment', type: 'numeric', role: 'feature' },
        { name: 'district', type: 'categorical', role: 'feature' },
      ]),
      output: { kind: 'value', target: 'meals' },
    });
    const enrolments = rows.map((r) => r.enrolment);
    const mean = enrolments.reduce((a, b) => a + b, 0) / enrolments.length;
    expect(v1.body.trainingStats.rows).toBe(rows.length);
    expect(v1.body.trainingStats.columns.enrolment).toMatchObject({ kind: 'numeric', count: rows.length, missing: 0, min: Math.min(...enrolments), max: Math.max(...enrolments) });
    expect(v1.body.trainingStats.columns.enrolment.mean).toBeCloseTo(mean, 9);
    expect(v1.body.trainingStats.columns.district).toMatchObject({ kind: 'categorical', distinct: 3, top: expect.arrayContaining([expect.objectContaining({ value: 'north' })]) });
    expect(v1.body.trainingStats.target).toMatchObject({ kind: 'numeric', count: rows.length });

    expect((await call('GET', `/api/v1/models/${model}/versions/99`, analyst)).body).toMatchObject({ status: 404, code: 'model_not_found' });
    expect((await call('GET', `/api/v1/models/${model}/versions/one`, analyst)).body).toMatchObject({ status: 400, errors: [{ path: 'version' }] });
    expect((await call('GET', `/api/v1/models/${model}/versions/1`, outsider)).status).toBe(404);
  });

  it('refuses a bad schedule with 400 problem+json naming each field', async () => {
    const res = await call('POST', `/api/v1/models/${model}/schedules`, engineer, { cron: '61 * * * *', timezone: 'Nowhere/City', job });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'timezone' }] });

    const cron = await call('POST', `/api/v1/models/${model}/schedules`, engineer, { cron: '61 * * * *', job: { ...job, target: 'nope' } });
    expect(cron.status).toBe(400);
    expect(cron.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['cron', 'job.target']);
    expect((await call('POST', `/api/v1/models/${model}/schedules`, analyst, { cron: '* * * * *', job })).status).toBe(403);
  });

  it('runs a scheduled job whose version is a candidate; the deployed version stays 1', async () => {
    const created = await call('POST', `/api/v1/models/${model}/schedules`, engineer, { cron: '*/2 * * * * *', job });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), model, cron: '*/2 * * * * *', timezone: 'UTC', lastJobId: null });

    // Tenant isolation on the schedule routes.
    expect((await call('GET', `/api/v1/models/${model}/schedules`, outsider)).body).toEqual({ model, schedules: [] });
    expect((await call('DELETE', `/api/v1/models/${model}/schedules/${created.body.id}`, outsider)).status).toBe(404);

    const jobId = await eventually(
      async () => {
        const listed = await call('GET', `/api/v1/models/${model}/schedules`, analyst);
        const schedule = listed.body.schedules.find((s: { id: string }) => s.id === created.body.id);
        expect(schedule.lastJobId).toEqual(expect.any(String));
        return schedule.lastJobId as string;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect((await call('DELETE', `/api/v1/models/${model}/schedules/${created.body.id}`, engineer)).status).toBe(204);
    expect((await call('GET', `/api/v1/models/${model}/schedules`, analyst)).body.schedules).toEqual([]);

    const done = await finishedJob(jobId);
    expect(done).toMatchObject({ status: 'succeeded', result: { modelVersion: expect.any(Number) } });
    expect(done.result.modelVersion).toBeGreaterThanOrEqual(2);
    const version = await call('GET', `/api/v1/models/${model}/versions/${done.result.modelVersion}`, analyst);
    expect(version.body).toMatchObject({ status: 'candidate', candidate: true, trainingJobId: jobId, signature: { output: { kind: 'value' } } });
    expect(await deployedVersion()).toBe(1);
  });

  it('retrains on a drift alert from Kafka once per cooldown; the new version is a candidate and version 1 stays deployed', async () => {
    const bad = await call('POST', `/api/v1/models/${model}/retraining-policy`, engineer, { onAlerts: ['latency'], job, cooldown: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['cooldown', 'onAlerts.0']);

    const policy = await call('POST', `/api/v1/models/${model}/retraining-policy`, engineer, { onAlerts: ['drift'], job, cooldown: '1h' });
    expect(policy.status).toBe(200);
    expect(policy.body).toMatchObject({ model, onAlerts: ['drift'], cooldownSeconds: 3600, lastJobId: null });
    expect((await call('GET', `/api/v1/models/${model}/retraining-policy`, outsider)).status).toBe(404);

    const versionsBefore = (await call('GET', `/api/v1/models/${model}/versions`, analyst)).body.versions.length;
    await produceAlert();
    const jobId = await eventually(
      async () => {
        const res = await call('GET', `/api/v1/models/${model}/retraining-policy`, analyst);
        expect(res.body.lastJobId).toEqual(expect.any(String));
        return res.body.lastJobId as string;
      },
      { timeoutMs: 45_000, intervalMs: 250 },
    );
    // A second alert within the cooldown starts nothing.
    await produceAlert();
    const done = await finishedJob(jobId);
    expect(done).toMatchObject({ status: 'succeeded', result: { modelVersion: versionsBefore + 1 } });
    const versions = (await call('GET', `/api/v1/models/${model}/versions`, analyst)).body.versions;
    expect(versions.at(-1)).toMatchObject({ version: versionsBefore + 1, status: 'candidate', trainingJobId: jobId });
    expect(versions[0]).toMatchObject({ version: 1, status: 'deployed' });
    expect(await deployedVersion()).toBe(1);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await call('GET', `/api/v1/models/${model}/retraining-policy`, analyst)).body.lastJobId).toBe(jobId);
    expect((await call('GET', `/api/v1/models/${model}/versions`, analyst)).body.versions).toHaveLength(versionsBefore + 1);

    expect((await call('DELETE', `/api/v1/models/${model}/retraining-policy`, engineer)).status).toBe(204);
    expect((await call('GET', `/api/v1/models/${model}/retraining-policy`, analyst)).status).toBe(404);
  });

  it('documents the routes, the signature and the statistics in OpenAPI', async () => {
    const doc = (await call('GET', '/docs/openapi.json')).body;
    const version = doc.paths['/api/v1/models/{model}/versions/{version}'].get.responses['200'].content['application/json'].schema;
    expect(version.properties.signature.properties.inputs.items.properties.type.enum).toEqual(['numeric', 'boolean', 'categorical', 'timestamp']);
    expect(version.properties.trainingStats.properties.columns).toBeDefined();
    const create = doc.paths['/api/v1/models/{model}/schedules'].post;
    expect(create.responses['201']).toBeDefined();
    expect(create.requestBody.content['application/json'].schema.properties).toMatchObject({ cron: expect.any(Object), timezone: expect.any(Object) });
    expect(create.requestBody.content['application/json'].schema.properties.job.properties.task).toBeDefined();
    expect(create.requestBody.content['application/json'].schema.properties.job.properties.model).toBeUndefined();
    expect(doc.paths['/api/v1/models/{model}/schedules/{id}'].delete).toBeDefined();
    expect(doc.paths['/api/v1/models/{model}/retraining-policy'].post).toBeDefined();
  });

  async function produceAlert(): Promise<void> {
    const payload = MonitoringAlertRaised.payload.parse({ model, kind: 'drift', metric: 'psi:enrolment', value: 0.4, threshold: 0.2, detectedAt: new Date().toISOString() });
    const envelope = { id: randomUUID(), type: MonitoringAlertRaised.type, version: MonitoringAlertRaised.version, tenantId: tenant, occurredAt: new Date().toISOString(), payload };
    await producer.send({ topic: MonitoringAlertRaised.topic, messages: [{ key: MonitoringAlertRaised.key(payload, tenant), value: JSON.stringify(envelope) }] });
  }
});

/** 80 rows where meals follow enrolment and district, with a little noise; linear trains in well under a second. */
function trainingData() {
  let seed = 11;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const districts = ['north', 'south', 'east'];
  const rows = Array.from({ length: 80 }, (_, i) => {
    const enrolment = Math.round(200 + rand() * 800);
    const district = districts[i % 3]!;
    return { enrolment, district, meals: Math.round((0.5 * enrolment + (district === 'north' ? 30 : 0) + (rand() - 0.5) * 10) * 10) / 10 };
  });
  return { rows, job: { task: 'regression', target: 'meals', algorithm: 'linear', dataset: { rows } } };
}
