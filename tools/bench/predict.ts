// npm run bench:predict — the gateway prediction path (JWT, one gRPC hop, online features from
// Redis, in-memory model) against its physical ceiling, a bare Fastify JSON echo, in one run.
// Needs the infrastructure up (`npm run infra -- up --database foresight_test`) and the apps
// built (`npx nx run-many -t build`).
import { fork, type ChildProcess } from 'node:child_process';
import { launchPlatform, mintToken, uniqueTenant } from '@foresight/testing';
import { cpuByProcess, cpuTable, load, machine, openLoop, recordSection, row, TABLE_HEADER, type LoadResult } from './bench-kit';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const RATE = 300;
const ENTITIES = 1000;

async function fastifyCeiling(): Promise<{ url: string; child: ChildProcess }> {
  // A separate process, like the gateway: the load generator keeps this process's core.
  const child = fork(require.resolve('./fastify-echo'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  return { url: `http://127.0.0.1:${port}/echo`, child };
}

async function main() {
  const about = machine();
  const started = new Date();
  const echoBody = () => JSON.stringify({ instances: [{ entityId: `school-${Math.floor(Math.random() * ENTITIES)}` }] });

  console.log('ceiling: bare Fastify JSON echo');
  const fastify = await fastifyCeiling();
  const ceilingMax = await load({ url: fastify.url, body: echoBody, headers: { 'content-type': 'application/json' }, seconds: SECONDS });
  const ceilingRate = await openLoop({ url: fastify.url, body: echoBody, headers: { 'content-type': 'application/json' }, seconds: SECONDS, rate: RATE });
  fastify.child.kill();

  console.log('platform: starting the seven services');
  const nodeArgs = process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean);
  const platform = await launchPlatform({ basePort: 28080, env: { LOG_LEVEL: 'warn' }, ...(nodeArgs ? { nodeArgs } : {}) });
  let gatewayMax: LoadResult;
  let gatewayRate: LoadResult;
  let cpu = '';
  try {
    const tenant = uniqueTenant('bench');
    const token = mintToken({ tenantId: tenant, roles: ['admin', 'ml-engineer', 'app'] });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const api = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${platform.gatewayUrl}${path}`, { method, headers, body: JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ id: string; status: string }>;
    };
    console.log(`platform: ${ENTITIES} entities, training a model`);
    for (let i = 0; i < ENTITIES; i++) {
      await api('PUT', `/api/v1/features/schools/entities/school-${i}`, { features: { enrolment: 200 + (i % 900), temp: i % 30, holiday: i % 7 === 0 } });
    }
    const rows = Array.from({ length: 500 }, (_, i) => ({ enrolment: 200 + ((i * 37) % 900), temp: (i * 13) % 30, holiday: i % 7 === 0, meals: 0.6 * (200 + ((i * 37) % 900)) - 4 * ((i * 13) % 30) }));
    const job = await api('POST', '/api/v1/training-jobs', { model: 'bench-model', task: 'regression', dataset: { rows }, target: 'meals', featureView: 'schools', params: { epochs: 20 } });
    for (let status = job.status; status !== 'succeeded'; ) {
      await new Promise((r) => setTimeout(r, 300));
      status = ((await (await fetch(`${platform.gatewayUrl}/api/v1/training-jobs/${job.id}`, { headers })).json()) as { status: string }).status;
      if (status === 'failed') throw new Error('bench model failed to train');
    }
    const url = `${platform.gatewayUrl}/api/v1/predictions/bench-model`;
    await load({ url, headers, body: echoBody, seconds: 3 }); // warm-up
    console.log('platform: measuring');
    gatewayMax = await load({ url, headers, body: echoBody, seconds: SECONDS });
    const before = cpuByProcess();
    gatewayRate = await openLoop({ url, headers, body: echoBody, seconds: SECONDS, rate: RATE });
    cpu = cpuTable(before, cpuByProcess(), gatewayRate.requests, SECONDS);
  } finally {
    await platform.stop();
  }

  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
  const goalMet = gatewayRate.p99 <= 20 && gatewayRate.errors + gatewayRate.non2xx === 0;
  const body = `
Run ${started.toISOString()} on ${about}. Load from the benchmark process: max throughput with autocannon (50 connections, closed loop); fixed ${RATE} req/s as an open loop (evenly spaced arrivals, latency from the scheduled send time, up to 50 keep-alive connections); ${SECONDS} s per run; servers in their own processes. Body: one instance with a random \`entityId\` among ${ENTITIES} (features read from Redis). Gateway with \`LOG_LEVEL=warn\` (no per-request access log), all seven services and Kafka on the same 2 cores.

${TABLE_HEADER}
${row('ceiling: Fastify echo, max throughput', ceilingMax)}
${row(`ceiling: Fastify echo, fixed ${RATE} req/s`, ceilingRate)}
${row('gateway → serving (entityId), max throughput', gatewayMax)}
${row(`gateway → serving (entityId), fixed ${RATE} req/s`, gatewayRate)}

- Throughput ratio gateway / ceiling: **${ratio(gatewayMax.rps, ceilingMax.rps)}**; p99 at ${RATE} req/s: ${gatewayRate.p99.toFixed(2)} ms vs ${ceilingRate.p99.toFixed(2)} ms (ratio ${ratio(gatewayRate.p99, ceilingRate.p99)}).
- Goal (p99 ≤ 20 ms at ${RATE} req/s, no errors): **${goalMet ? 'met' : 'missed'}**.

Where the CPU goes at ${RATE} req/s (all processes share the 2 cores; includes each process's idle background work):

${cpu}
`;
  recordSection('bench:predict — gateway prediction path', body);
  console.log(body);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
