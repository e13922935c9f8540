import { eventually, gatewayCaller, launchPlatform, mintToken, OtlpReceiver, type RunningPlatform, uniqueTenant } from '@foresight/testing';
import WebSocket from 'ws';

/**
 * The walking skeleton, driven through the gateway only (REST, GraphQL, WebSocket) over real
 * Kafka, PostgreSQL, Redis and gRPC: features → training → registry → serving → monitoring,
 * and interactions → recommendations, with the auth, validation and tenant-isolation errors.
 */
describe('walking skeleton through the gateway', () => {
  const otlp = new OtlpReceiver();
  let platform: RunningPlatform;
  const tenant = uniqueTenant('district');
  const otherTenant = uniqueTenant('retailer');
  const engineer = mintToken({ tenantId: tenant, roles: ['ml-engineer'] });
  const analyst = mintToken({ tenantId: tenant, roles: ['analyst'] });
  const app = mintToken({ tenantId: tenant, roles: ['app'] });
  const outsider = mintToken({ tenantId: otherTenant, roles: ['admin'] });
  const model = 'meal-demand';
  let jobId = '';
  let algorithm = '';

  const call = gatewayCaller(() => platform.gatewayUrl);

  /** Polls a training job through the gateway (as an analyst) until it has succeeded or failed. */
  const finishedJob = (id: string, timeoutMs = 60_000) =>
    eventually(
      async () => {
        const res = await call('GET', `/api/v1/training-jobs/${id}`, analyst);
        expect(res.status).toBe(200);
        expect(['succeeded', 'failed']).toContain(res.body.status);
        return res.body;
      },
      { timeoutMs, intervalMs: 250 },
    );

  beforeAll(async () => {
    const endpoint = await otlp.start();
    platform = await launchPlatform({
      basePort: 18080,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        LOG_LEVEL: 'warn',
        UPSTREAM_TIMEOUT_MS: '2500',
        // A crashed worker's job is redelivered after the session timeout and taken over once its lease is stale.
        TRAINING_SESSION_TIMEOUT_MS: '6000',
        TRAINING_LEASE_MS: '3000',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await otlp.stop();
  });

  describe('authentication and authorisation', () => {
    it('answers 401 problem+json without a token, with a forged one and with an expired one', async () => {
      const forged = mintToken({ tenantId: tenant, roles: ['admin'], secret: 'not-the-platform-secret-at-all' });
      const expired = mintToken({ tenantId: tenant, roles: ['admin'], expiresInSeconds: -10 });
      for (const token of [undefined, forged, expired, 'not-a-jwt']) {
        const res = await call('GET', '/api/v1/models', token);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated', type: expect.any(String), title: expect.any(String) });
        expect(res.body.requestId).toEqual(expect.any(String));
      }
    });

    it('answers 403 when the role does not allow the action', async () => {
      const res = await call('POST', '/api/v1/training-jobs', analyst, trainingJob(model));
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'forbidden', status: 403 });
    });
  });

  describe('features → training → registry → serving', () => {
    it('1. writes entity features to the online and offline stores', async () => {
      for (const [id, features] of Object.entries(SCHOOLS)) {
        const res = await call('PUT', `/api/v1/features/schools/entities/${encodeURIComponent(id)}`, engineer, { features });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ view: 'schools', entityId: id, featureCount: Object.keys(features).length });
      }
    });

    it('rejects a malformed body with 400 naming each bad field', async () => {
      const res = await call('PUT', '/api/v1/features/schools/entities/x', engineer, { features: { ok: 1, bad: { nested: true } }, extra: 1 });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      const paths = res.body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['features.bad', 'extra']));

      const badJob = await call('POST', '/api/v1/training-jobs', engineer, { model: 'has spaces', task: 'regression', dataset: { rows: [] } });
      expect(badJob.status).toBe(400);
      expect(badJob.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['model', 'dataset.rows', 'target']));

      const notJson = await call('PUT', '/api/v1/features/schools/entities/x', engineer, '{"features":');
      expect(notJson.status).toBe(400);
      expect(notJson.body.code).toBe('validation_failed');
    });

    it('2-3. trains on Kafka, registers and deploys the first version, which beats the baseline', async () => {
      const submitted = await call('POST', '/api/v1/training-jobs', engineer, trainingJob(model));
      expect(submitted.status).toBe(202);
      expect(submitted.body).toEqual({ id: expect.any(String), status: 'queued' });
      jobId = submitted.body.id;

      const done = await finishedJob(jobId);
      expect(done).toMatchObject({ id: jobId, model, status: 'succeeded', result: { modelVersion: 1, algorithm: expect.stringMatching(/^(gbdt|linear|mlp)$/) } });
      // Every 97th row has an empty target: left out, and said so.
      expect(done.result.data).toEqual({ rows: 600, rowsUsed: 593, dropped: { missingTarget: 7 } });
      algorithm = done.result.algorithm;
      console.log(
        `auto chose ${algorithm} among ${JSON.stringify(done.result.candidates)}; held-out ${JSON.stringify(done.result.metrics)} vs mean baseline ${JSON.stringify(done.result.baseline.metrics)}`,
      );
      expect(done.result.metrics.rmse).toBeLessThan(0.5 * done.result.baseline.metrics.rmse);
      expect(done.result.candidates.map((c: { algorithm: string }) => c.algorithm)).toEqual(expect.arrayContaining(['gbdt', 'linear']));
      const importance = Object.entries(done.result.featureImportance as Record<string, number>).sort((a, b) => b[1] - a[1]);
      expect(importance[0]![0]).toBe('enrolment');

      const versions = await call('GET', `/api/v1/models/${model}/versions`, analyst);
      expect(versions.status).toBe(200);
      expect(versions.body.versions).toHaveLength(1);
      expect(versions.body.versions[0]).toMatchObject({
        model,
        version: 1,
        status: 'deployed',
        featureView: 'schools',
        artifact: { digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), size: expect.any(Number) },
      });
    });

    it('records the job as a run of the model\'s experiment, searchable by metrics and params', async () => {
      const experiments = await call('GET', '/api/v1/experiments', analyst);
      expect(experiments.body).toEqual([{ name: model, runs: 1, createdAt: expect.any(String) }]);

      const q = (filter: string, orderBy = 'metrics.rmse ASC') =>
        call('GET', `/api/v1/experiments/${model}/runs?filter=${encodeURIComponent(filter)}&orderBy=${encodeURIComponent(orderBy)}`, analyst);
      const found = await q(`metrics.rmse < 50 and params.algorithm = '${algorithm}'`);
      expect(found.status).toBe(200);
      expect(found.body.runs).toHaveLength(1);
      expect(found.body.runs[0]).toMatchObject({
        id: jobId,
        status: 'succeeded',
        algorithm,
        params: { algorithm },
        modelVersion: 1,
        dataset: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 600 },
        baseline: { algorithm: 'mean', metrics: { rmse: expect.any(Number) } },
      });
      expect((await q('metrics.rmse < 0.001')).body.runs).toEqual([]);

      const bad = await q('metrics.rmse <<< 3');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'filter' }] });
      expect((await call('GET', `/api/v1/experiments/${model}/runs`, outsider)).status).toBe(404);
    });

    it('streams training progress over WebSocket and cancels a running job at its next epoch', async () => {
      const slow = 'slow-model';
      const socket = await openSocket(platform.wsUrl, engineer);
      await socket.send({ event: 'subscribe', data: { model: slow } }, 'subscribed');
      const submitted = await call('POST', '/api/v1/training-jobs', engineer, { ...trainingJob(slow), algorithm: 'mlp', params: { epochs: 1000, seed: 1 } });
      expect(submitted.status).toBe(202);
      const id = submitted.body.id;

      const running = await eventually(
        async () => {
          const res = await call('GET', `/api/v1/training-jobs/${id}`, analyst);
          expect(res.body.status).toBe('running');
          expect(res.body.progress.epoch).toBeGreaterThanOrEqual(1);
          return res.body;
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(running.progress).toMatchObject({ epochs: 1000, trainLoss: expect.any(Number) });
      const pushed = await socket.next('training');
      expect(pushed.data).toMatchObject({ jobId: id, model: slow, status: 'running' });

      const cancel = await call('POST', `/api/v1/training-jobs/${id}/cancel`, engineer);
      expect(cancel.status).toBe(202);
      expect(['running', 'cancelled']).toContain(cancel.body.status);
      const cancelled = await eventually(async () => {
        const res = await call('GET', `/api/v1/training-jobs/${id}`, analyst);
        expect(res.body.status).toBe('cancelled');
        return res.body;
      });
      expect(cancelled.result).toBeUndefined();
      expect((await call('POST', `/api/v1/training-jobs/${id}/cancel`, engineer)).body).toMatchObject({ status: 409, code: 'conflict' });
      expect((await call('POST', `/api/v1/training-jobs/${id}/cancel`, analyst)).status).toBe(403);

      const runs = await call('GET', `/api/v1/experiments/${slow}/runs`, analyst);
      expect(runs.body.runs[0]).toMatchObject({ id, status: 'cancelled', modelVersion: null });
      expect(runs.body.runs[0].history.length).toBeGreaterThan(0);
      expect(runs.body.runs[0].history.length).toBeLessThan(1000);
      expect((await call('GET', `/api/v1/models/${slow}/versions`, analyst)).status).toBe(404);
      socket.close();
    });

    it('trains a classifier on messy labels and predicts a label with class probabilities', async () => {
      let seed = 99;
      const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
      const rows = Array.from({ length: 800 }, (_, i) => {
        const stock = Math.round(rand() * 100);
        const demand = Math.round(5 + rand() * 45);
        const promo = rand() < 0.3;
        const stockout = stock < demand * (promo ? 1.6 : 1) + (rand() - 0.5) * 10;
        return { 'Stock on hand': stock, 'Daily demand': i % 60 === 0 ? null : demand, promo: promo ? 'Y' : 'N', 'Stock-out?': i % 73 === 0 ? '' : stockout ? ' Yes' : 'no' };
      });
      const submitted = await call('POST', '/api/v1/training-jobs', engineer, {
        model: 'stockout',
        task: 'classification',
        dataset: { rows },
        target: 'Stock-out?',
        featureView: 'stores',
      });
      expect(submitted.status).toBe(202);
      const done = await finishedJob(submitted.body.id);
      console.log(`classifier ${done.result?.algorithm}: ${JSON.stringify(done.result?.metrics)} vs majority ${JSON.stringify(done.result?.baseline.metrics)} ${done.error ?? ''}`);
      expect(done.status).toBe('succeeded');
      expect(done.result.baseline.algorithm).toBe('majority');
      expect(done.result.metrics.accuracy).toBeGreaterThan(done.result.baseline.metrics.accuracy + 0.15);
      expect(done.result.metrics.logLoss).toBeLessThan(done.result.baseline.metrics.logLoss);

      const res = await call('POST', '/api/v1/predictions/stockout', app, {
        instances: [{ features: { 'Stock on hand': 2, 'Daily demand': 40, promo: 'Y' } }, { features: { 'Stock on hand': 95, 'Daily demand': 6, promo: 'N' } }],
      });
      expect(res.status).toBe(200);
      const [empty, full] = res.body.predictions;
      expect(Object.keys(empty.probabilities).sort()).toEqual(Object.keys(full.probabilities).sort());
      expect(Object.values(empty.probabilities as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      expect(empty.label.trim().toLowerCase()).toBe('yes');
      expect(full.label.trim().toLowerCase()).toBe('no');
      expect(empty.value).toBe(empty.probabilities[empty.label]);
    });

    it('tunes hyperparameters within a trial budget and reports the search', async () => {
      const submitted = await call('POST', '/api/v1/training-jobs', engineer, {
        ...trainingJob('tuned-model'),
        algorithm: 'gbdt',
        search: { strategy: 'tpe', trials: 6 },
      });
      expect(submitted.status).toBe(202);
      const done = await finishedJob(submitted.body.id, 90_000);
      console.log(`search: ${JSON.stringify(done.result?.search)} → ${JSON.stringify(done.result?.metrics)} ${done.error ?? ''}`);
      expect(done.status).toBe('succeeded');
      expect(done.result).toMatchObject({ algorithm: 'gbdt', search: { strategy: 'tpe', metric: 'rmse', trials: 6, bestValue: expect.any(Number) } });
      expect(done.result.metrics.rmse).toBeLessThan(0.5 * done.result.baseline.metrics.rmse);

      const noBudget = await call('POST', '/api/v1/training-jobs', engineer, { ...trainingJob('tuned-model'), search: { strategy: 'tpe' } });
      expect(noBudget.status).toBe(400);
      expect(noBudget.body.errors[0].path).toBe('search');
    });

    it('forecasts daily meal demand per school and serves each school’s next two weeks with intervals', async () => {
      const DAY = 86_400_000;
      const start = Date.UTC(2026, 0, 5);
      let seed = 3;
      const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
      const rows = ['north high', 'oak elementary'].flatMap((school, k) =>
        Array.from({ length: 120 }, (_, d) => ({
          School: school,
          Date: new Date(start + d * DAY).toISOString().slice(0, 10),
          'Meals served': d === 40 ? null : Math.round(300 + 150 * k + 1.2 * d + (d % 7 >= 5 ? -150 : 10 * (d % 7)) + (rand() - 0.5) * 20),
        })),
      );
      const submitted = await call('POST', '/api/v1/training-jobs', engineer, {
        model: 'meal-forecast',
        task: 'forecast',
        dataset: { rows },
        target: 'Meals served',
        timestampColumn: 'Date',
        seriesColumn: 'School',
        horizon: 14,
      });
      expect(submitted.status).toBe(202);
      const done = await finishedJob(submitted.body.id);
      console.log(`forecast ${done.result?.algorithm}: ${JSON.stringify(done.result?.metrics)} vs seasonal naive ${JSON.stringify(done.result?.baseline.metrics)} ${done.error ?? ''}`);
      expect(done.status).toBe('succeeded');
      expect(done.result).toMatchObject({ baseline: { algorithm: 'seasonal_naive' }, series: ['north high', 'oak elementary'] });
      expect(done.result.metrics.mase).toBeLessThan(done.result.baseline.metrics.mase);

      const res = await call('POST', '/api/v1/predictions/meal-forecast', app, { instances: [{ entityId: 'oak elementary' }, { features: { School: 'north high' } }] });
      expect(res.status).toBe(200);
      const [oak, north] = res.body.predictions;
      expect(oak.forecast).toHaveLength(14);
      expect(oak.forecast[0]).toMatchObject({ step: 1, timestamp: new Date(start + 120 * DAY).toISOString(), value: oak.value });
      expect(oak.value).toBeGreaterThan(north.value);
      for (const step of oak.forecast) expect(step.interval.lower).toBeLessThan(step.value);

      const unknown = await call('POST', '/api/v1/predictions/meal-forecast', app, { instances: [{ entityId: 'elm primary' }] });
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toContain('elm primary');
      const noHorizon = await call('POST', '/api/v1/training-jobs', engineer, { model: 'x', task: 'forecast', dataset: { rows }, target: 'Meals served', timestampColumn: 'Date' });
      expect(noHorizon.status).toBe(400);
      expect(noHorizon.body.errors[0].path).toBe('horizon');
    });

    it('segments shoppers without a target and assigns new ones to a segment', async () => {
      let seed = 5;
      const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
      const centres = [
        [2, 15],
        [6, 60],
        [12, 140],
      ] as const;
      const rows = Array.from({ length: 300 }, (_, i) => {
        const [visits, basket] = centres[i % 3]!;
        return { 'Visits / month': visits + (rand() - 0.5) * 2, 'Avg basket (€)': i % 10 === 0 ? String(basket) : basket + (rand() - 0.5) * 16 };
      });
      const submitted = await call('POST', '/api/v1/training-jobs', engineer, { model: 'shopper-segments', task: 'clustering', dataset: { rows } });
      expect(submitted.status).toBe(202);
      const done = await finishedJob(submitted.body.id);
      console.log(`clustering: ${JSON.stringify(done.result?.metrics)} vs random ${JSON.stringify(done.result?.baseline.metrics)} ${done.error ?? ''}`);
      expect(done.status).toBe('succeeded');
      expect(done.result).toMatchObject({ algorithm: 'kmeans', metrics: { k: 3 }, baseline: { algorithm: 'random' } });
      expect(done.result.metrics.silhouette).toBeGreaterThan(done.result.baseline.metrics.silhouette + 0.3);

      const res = await call('POST', '/api/v1/predictions/shopper-segments', app, {
        instances: [{ features: { 'Visits / month': 2, 'Avg basket (€)': 14 } }, { features: { 'Visits / month': 2.5, 'Avg basket (€)': 17 } }, { features: { 'Visits / month': 11, 'Avg basket (€)': 150 } }],
      });
      expect(res.status).toBe(200);
      const [a, b, c] = res.body.predictions;
      expect(a.label).toBe(b.label);
      expect(c.label).not.toBe(a.label);

      const withTarget = await call('POST', '/api/v1/training-jobs', engineer, { model: 'x', task: 'clustering', dataset: { rows }, target: 'Visits / month' });
      expect(withTarget.status).toBe(400);
      expect(withTarget.body.errors[0].path).toBe('target');
    });

    it('trains on a dataset uploaded as CSV, by name, and records the version it read on the run', async () => {
      const { rows } = trainingJob('unused').dataset;
      const header = ['enrolment', 'Avg Temp (°C)', 'is holiday?', 'meals'] as const;
      const csv = [header.map((h) => `"${h}"`).join(','), ...rows.map((r) => header.map((h) => String(r[h] ?? '')).join(','))].join('\n');
      const upload = await fetch(`${platform.gatewayUrl}/api/v1/datasets/meal-history/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${engineer}`, 'content-type': 'text/csv' },
        body: csv,
      });
      expect(upload.status).toBe(201);
      const uploaded = (await upload.json()) as { version: number; rows: number; contentHash: string };
      expect(uploaded.rows).toBe(600);

      const submitted = await call('POST', '/api/v1/training-jobs', engineer, { model: 'meals-from-dataset', task: 'regression', algorithm: 'linear', dataset: { name: 'meal-history' }, target: 'meals' });
      expect(submitted.status).toBe(202);
      const done = await finishedJob(submitted.body.id);
      expect(done.status).toBe('succeeded');
      expect(done.result.metrics.rmse).toBeLessThan(0.2 * done.result.baseline.metrics.rmse);
      const runs = await call('GET', '/api/v1/experiments/meals-from-dataset/runs', analyst);
      expect(runs.body.runs[0]).toMatchObject({ id: submitted.body.id, dataset: { name: 'meal-history', version: uploaded.version, rows: 600 } });

      const missing = await call('POST', '/api/v1/training-jobs', engineer, { model: 'meals-from-dataset', task: 'regression', dataset: { name: 'no-such-data' }, target: 'meals' });
      const failed = await finishedJob(missing.body.id);
      expect(failed.status).toBe('failed');
      expect(failed.error).toContain('no-such-data');
      const both = await call('POST', '/api/v1/training-jobs', engineer, { model: 'x', task: 'regression', dataset: { name: 'meal-history', rows }, target: 'meals' });
      expect(both.status).toBe(400);
      expect(both.body.errors[0].path).toBe('dataset');
    });

    it('4-5. predicts through the gateway and pushes each prediction to WebSocket subscribers of the tenant only', async () => {
      const mine = await openSocket(platform.wsUrl, engineer);
      const theirs = await openSocket(platform.wsUrl, outsider);
      await mine.send({ event: 'subscribe', data: { model } }, 'subscribed');
      await theirs.send({ event: 'subscribe', data: { model } }, 'subscribed');

      const res = await call('POST', `/api/v1/predictions/${model}`, app, {
        instances: [{ entityId: 'lincoln high' }, { entityId: 'oak/elementary' }, { features: { enrolment: 400, 'Avg Temp (°C)': 12, 'is holiday?': 'no' } }],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ model, version: 1, variant: 'stable' });
      expect(res.body.predictions).toHaveLength(3);
      // The learned signal: meals ≈ 0.6·enrolment − 4·temp − 250·holiday.
      expect(Math.abs(res.body.predictions[0].value - expectedMeals(SCHOOLS['lincoln high']!))).toBeLessThan(60);
      expect(Math.abs(res.body.predictions[2].value - (0.6 * 400 - 4 * 12))).toBeLessThan(60);
      const { interval, value } = res.body.predictions[0];
      expect(interval).toMatchObject({ level: 95 });
      expect(interval.lower).toBeLessThan(value);
      expect(interval.upper).toBeGreaterThan(value);

      const pushed = await mine.next('prediction');
      expect(pushed.data).toMatchObject({ model, version: 1, variant: 'stable' });
      expect((pushed.data['predictions'] as Array<{ value: number }>).map((p) => p.value)).toEqual(res.body.predictions.map((p: { value: number }) => p.value));
      await new Promise((r) => setTimeout(r, 500));
      expect(theirs.received('prediction')).toHaveLength(0);
      mine.close();
      theirs.close();
    });

    it('refuses a WebSocket connection with a bad token', async () => {
      const ws = new WebSocket(`${platform.wsUrl}?token=garbage`);
      const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
      expect(code).toBe(4401);
    });

    it('answers GraphQL: models query and predict mutation, errors with extensions', async () => {
      const models = await call('POST', '/graphql', analyst, { query: '{ models { model latestVersion deployedVersion } }' });
      expect(models.body.data.models).toEqual(expect.arrayContaining([{ model, latestVersion: 1, deployedVersion: 1 }]));

      const predicted = await call('POST', '/graphql', app, {
        query: 'mutation($i: [PredictionInstanceInput!]!) { predict(model: "meal-demand", instances: $i) { version variant predictions { value } } }',
        variables: { i: [{ entityId: 'lincoln high' }] },
      });
      expect(predicted.body.data.predict).toMatchObject({ version: 1, variant: 'stable', predictions: [{ value: expect.any(Number) }] });

      const unknown = await call('POST', '/graphql', app, { query: 'mutation { predict(model: "nope", instances: [{entityId: "x"}]) { version } }' });
      expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'model_not_found', status: 404 });
      const anonymous = await call('POST', '/graphql', undefined, { query: '{ models { model } }' });
      expect(anonymous.body.errors[0].extensions).toMatchObject({ code: 'unauthenticated', status: 401 });
    });

    it('keeps tenants apart: another tenant gets 404 for the model, its versions and the training job', async () => {
      expect((await call('GET', `/api/v1/models/${model}/versions`, outsider)).body).toMatchObject({ status: 404, code: 'model_not_found' });
      expect((await call('POST', `/api/v1/predictions/${model}`, outsider, { instances: [{ entityId: 'lincoln high' }] })).status).toBe(404);
      expect((await call('GET', `/api/v1/training-jobs/${jobId}`, outsider)).body).toMatchObject({ status: 404, code: 'training_job_not_found' });
      expect((await call('GET', '/api/v1/models', outsider)).body).toEqual([]);
    });

    it('answers 404 for an unknown model and an entity without features', async () => {
      expect((await call('POST', '/api/v1/predictions/no-such-model', app, { instances: [{ features: { a: 1 } }] })).body).toMatchObject({
        status: 404,
        code: 'model_not_found',
      });
      const missing = await call('POST', `/api/v1/predictions/${model}`, app, { instances: [{ entityId: 'ghost school' }] });
      expect(missing.status).toBe(404);
      expect(missing.body.detail).toContain('ghost school');
    });

    it('6. monitoring counts the predictions it consumed from Kafka, with latency percentiles', async () => {
      const stats = await eventually(async () => {
        const res = await call('GET', `/api/v1/monitoring/models/${model}/stats`, analyst);
        expect(res.status).toBe(200);
        expect(res.body.count).toBeGreaterThanOrEqual(2);
        return res.body;
      });
      expect(stats.latencyMs.p50).toBeGreaterThan(0);
      expect(stats.latencyMs.p99).toBeGreaterThanOrEqual(stats.latencyMs.p50);
      const other = await call('GET', `/api/v1/monitoring/models/${model}/stats`, outsider);
      expect(other.body.count).toBe(0);
    });
  });

  describe('7. interactions → recommendations', () => {
    it('recommends the most popular items the user has not seen, per tenant', async () => {
      const interactions: Array<[string, string]> = [
        ['ana', 'pizza'], ['ben', 'pizza'], ['cy', 'pizza'], ['ben', 'salad'], ['cy', 'salad'], ['cy', 'soup'], ['ana', 'tacos'],
      ];
      for (const [userId, itemId] of interactions) {
        const res = await call('POST', '/api/v1/interactions', app, { userId, itemId });
        expect(res.status).toBe(202);
        expect(res.body).toEqual({ id: expect.any(String), accepted: true });
      }
      await call('POST', '/api/v1/interactions', outsider, { userId: 'zed', itemId: 'caviar' });

      const recs = await eventually(async () => {
        const res = await call('GET', '/api/v1/recommendations/ana?k=2', app);
        expect(res.status).toBe(200);
        expect(res.body.items.map((i: { itemId: string }) => i.itemId)).toEqual(['salad', 'soup']);
        return res.body;
      });
      expect(recs).toMatchObject({ userId: 'ana', strategy: 'popularity' });
      expect(recs.items[0].score).toBe(2);

      const bad = await call('GET', '/api/v1/recommendations/ana?k=0', app);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].path).toBe('k');
    });
  });

  describe('worker crash', () => {
    it('a job whose worker dies mid-training is taken over and finishes once: one version, one run', async () => {
      const name = 'crash-model';
      const submitted = await call('POST', '/api/v1/training-jobs', engineer, { ...trainingJob(name), algorithm: 'mlp', params: { epochs: 200, seed: 5 } });
      expect(submitted.status).toBe(202);
      const id = submitted.body.id;
      await eventually(
        async () => {
          const res = await call('GET', `/api/v1/training-jobs/${id}`, analyst);
          expect(res.body).toMatchObject({ status: 'running', attempts: 1 });
          expect(res.body.progress?.epoch ?? 0).toBeGreaterThanOrEqual(1);
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );

      await platform.crash('training-orchestrator');
      await platform.start('training-orchestrator');

      const done = await eventually(
        async () => {
          const res = await call('GET', `/api/v1/training-jobs/${id}`, analyst);
          expect(res.body.status).toBe('succeeded');
          return res.body;
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      ).catch((error: unknown) => {
        // What the restarted worker did is the only useful clue when this fails.
        console.log(platform.logs['training-orchestrator'].slice(-60).join('\n'));
        throw error;
      });
      expect(done.attempts).toBe(2);
      expect(done.result.modelVersion).toBe(1);
      const versions = await call('GET', `/api/v1/models/${name}/versions`, analyst);
      expect(versions.body.versions).toHaveLength(1);
      const runs = await call('GET', `/api/v1/experiments/${name}/runs`, analyst);
      expect(runs.body.runs).toHaveLength(1);
      expect(runs.body.runs[0]).toMatchObject({ id, status: 'succeeded', modelVersion: 1 });
    }, 200_000);
  });

  describe('upstream failures', () => {
    it('answers 504 with Retry-After when a service hangs, and 503 when it is down, never hanging', async () => {
      platform.freeze('monitoring');
      try {
        const started = Date.now();
        const slow = await call('GET', `/api/v1/monitoring/models/${model}/stats`, analyst);
        expect(slow.status).toBe(504);
        expect(slow.body).toMatchObject({ code: 'upstream_timeout', status: 504 });
        expect(slow.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        platform.thaw('monitoring');
      }

      await platform.stop('monitoring');
      const down = await call('GET', `/api/v1/monitoring/models/${model}/stats`, analyst);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ code: 'upstream_unavailable', status: 503 });
      expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
      const ready = await fetch(`${platform.gatewayUrl}/health/ready`);
      expect(ready.status).toBe(503);

      await platform.start('monitoring');
      await eventually(async () => expect((await call('GET', `/api/v1/monitoring/models/${model}/stats`, analyst)).status).toBe(200), {
        timeoutMs: 30_000,
        intervalMs: 250,
      });
    });
  });

  describe('tracing', () => {
    it('one trace id spans the gateway, prediction-serving and monitoring for one prediction', async () => {
      const res = await call('POST', `/api/v1/predictions/${model}`, app, { instances: [{ entityId: 'lincoln high' }] });
      expect(res.status).toBe(200);
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toBeTruthy();

      await eventually(
        () => {
          const served = otlp.spans.find((s) => s.service === 'prediction-serving' && s.name.includes('Predict'));
          expect(served).toBeDefined();
          const traceIds = new Set(
            otlp.spans.filter((s) => s.service === 'api-gateway' && String(s.attributes['http.route'] ?? s.attributes['http.target'] ?? '').includes('predictions')).map((s) => s.traceId),
          );
          const spanning = [...traceIds].filter((t) => {
            const services = otlp.servicesOf(t);
            return services.has('api-gateway') && services.has('prediction-serving') && services.has('monitoring');
          });
          expect(spanning.length).toBeGreaterThan(0);
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      );
    });
  });
});

const SCHOOLS: Record<string, Record<string, number | string | boolean>> = {
  'lincoln high': { enrolment: 820, 'Avg Temp (°C)': 18, 'is holiday?': 'no' },
  'oak/elementary': { enrolment: 310, 'Avg Temp (°C)': 25, 'is holiday?': 'yes' },
  'pine middle': { enrolment: 540, 'Avg Temp (°C)': 9, 'is holiday?': 'no' },
};

const expectedMeals = (f: Record<string, number | string | boolean>) =>
  0.6 * Number(f['enrolment']) - 4 * Number(f['Avg Temp (°C)']) - (f['is holiday?'] === 'yes' ? 250 : 0);

/** Synthetic meal demand with a known signal, sent as users send data: odd column names, booleans as strings, gaps. */
function trainingJob(name: string) {
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const rows = Array.from({ length: 600 }, (_, i) => {
    const enrolment = Math.round(200 + rand() * 1000);
    const temp = Math.round(rand() * 300) / 10;
    const holiday = rand() < 0.2;
    const meals = 0.6 * enrolment - 4 * temp - (holiday ? 250 : 0) + (rand() - 0.5) * 20;
    return {
      enrolment: i % 50 === 0 ? null : enrolment,
      'Avg Temp (°C)': i % 7 === 0 ? String(temp) : temp,
      'is holiday?': holiday ? 'yes' : 'no',
      meals: i % 97 === 0 ? '' : Math.round(meals * 10) / 10,
    };
  });
  return { model: name, task: 'regression', algorithm: 'auto', dataset: { rows }, target: 'meals', featureView: 'schools' };
}

interface TestSocket {
  send(message: unknown, expectEvent: string): Promise<{ event: string; data: Record<string, unknown> }>;
  next(event: string): Promise<{ event: string; data: Record<string, unknown> }>;
  received(event: string): Array<{ event: string; data: unknown }>;
  close(): void;
}

async function openSocket(url: string, token: string): Promise<TestSocket> {
  const ws = new WebSocket(`${url}?token=${token}`);
  const messages: Array<{ event: string; data: Record<string, unknown> }> = [];
  const waiters: Array<{ event: string; resolve: (m: (typeof messages)[number]) => void }> = [];
  ws.on('message', (raw) => {
    const message = JSON.parse(raw.toString());
    messages.push(message);
    const i = waiters.findIndex((w) => w.event === message.event);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(message);
  });
  const next = (event: string) =>
    new Promise<(typeof messages)[number]>((resolve, reject) => {
      const seen = messages.find((m) => m.event === event && !(m as { taken?: boolean }).taken);
      if (seen) {
        (seen as { taken?: boolean }).taken = true;
        return resolve(seen);
      }
      const timer = setTimeout(() => reject(new Error(`no "${event}" message within 10 s; got ${JSON.stringify(messages)}`)), 10_000);
      waiters.push({
        event,
        resolve: (m) => {
          clearTimeout(timer);
          (m as { taken?: boolean }).taken = true;
          resolve(m);
        },
      });
    });
  await next('welcome');
  return {
    send: (message, expectEvent) => {
      ws.send(JSON.stringify(message));
      return next(expectEvent);
    },
    next,
    received: (event) => messages.filter((m) => m.event === event),
    close: () => ws.close(),
  };
}
