// Runs the seven services on their default ports, loads a demo tenant (a school district:
// features of its schools, a meal-demand model trained and deployed), prints how to talk to the
// platform, and streams readable logs until Ctrl-C.
import { JwtEnv, loadConfig, signDevToken } from '@foresight/platform';
import { launchPlatform, type ServiceName } from '@foresight/testing';

const COLORS: Record<ServiceName, string> = {
  'api-gateway': '35',
  'feature-store': '32',
  'model-registry': '33',
  'training-orchestrator': '34',
  'prediction-serving': '36',
  recommendation: '31',
  monitoring: '90',
};
const say = (line: string) => process.stdout.write(`\u001b[36m[foresight]\u001b[0m ${line}\n`);

async function main() {
  const { JWT_SECRET } = loadConfig(JwtEnv);
  const tenant = 'demo-district';
  const token = signDevToken(JWT_SECRET, { tenantId: tenant, roles: ['admin', 'ml-engineer'], sub: 'demo@foresight' });
  let streaming = false;
  say('starting the seven services…');
  const platform = await launchPlatform({
    basePort: 8080,
    env: {
      DATABASE_URL: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/foresight',
      JWT_SECRET,
      NODE_ENV: 'development',
      LOG_PRETTY: 'true',
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
    },
    onLog: (service, line) => {
      if (streaming) process.stdout.write(`\u001b[${COLORS[service]}m${service.padEnd(21)}\u001b[0m ${line}\n`);
    },
  });
  const stop = async () => {
    say('stopping the services…');
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- demo script reading JSON answers
  const api = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${platform.gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await res.json();
    if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  say(`demo tenant "${tenant}": writing school features, training "meal-demand"…`);
  for (const [id, features] of Object.entries(SCHOOLS)) await api('PUT', `/api/v1/features/schools/entities/${encodeURIComponent(id)}`, { features });
  const job = await api('POST', '/api/v1/training-jobs', demoTrainingJob());
  let status = job;
  while (status.status === 'queued' || status.status === 'running') {
    await new Promise((r) => setTimeout(r, 300));
    status = await api('GET', `/api/v1/training-jobs/${job.id}`);
  }
  if (status.status !== 'succeeded') throw new Error(`demo training failed: ${status.error}`);
  say(`trained meal-demand v${status.result.modelVersion}: held-out RMSE ${status.result.metrics.rmse.toFixed(1)} meals vs ${status.result.baseline.metrics.rmse.toFixed(1)} for the mean baseline`);
  const prediction = await api('POST', '/api/v1/predictions/meal-demand', { instances: [{ entityId: 'lincoln-high' }, { entityId: 'oak-elementary' }] });
  const note = prediction.version === status.result.modelVersion ? '' : ` (v${prediction.version} stays deployed: later versions are registered as candidates)`;
  say(`predicted meals with v${prediction.version}: lincoln-high ${prediction.predictions[0].value.toFixed(0)}, oak-elementary ${prediction.predictions[1].value.toFixed(0)}${note}`);
  for (const [userId, itemId] of [['ana', 'pasta'], ['ben', 'pasta'], ['ben', 'salad'], ['cy', 'tacos']]) await api('POST', '/api/v1/interactions', { userId, itemId });

  const g = platform.gatewayUrl;
  process.stdout.write(`
\u001b[1mForesight is running.\u001b[0m  Gateway: ${g}   OpenAPI: ${g}/docs   GraphQL: ${g}/graphql   WebSocket: ${platform.wsUrl}

  export TOKEN=${token}

  # predict from an entity's online features, or from inline features
  curl -s -X POST ${g}/api/v1/predictions/meal-demand -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"instances":[{"entityId":"lincoln-high"},{"features":{"enrolment":450,"Avg Temp (°C)":14,"is holiday?":"no"}}]}'
  # models and versions
  curl -s ${g}/api/v1/models/meal-demand/versions -H "authorization: Bearer $TOKEN"
  # write features, then train a new version
  curl -s -X PUT ${g}/api/v1/features/schools/entities/lincoln-high -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
    -d '{"features":{"enrolment":900,"Avg Temp (°C)":20,"is holiday?":"no"}}'
  curl -s ${g}/api/v1/training-jobs/${job.id} -H "authorization: Bearer $TOKEN"
  # monitoring and recommendations
  curl -s ${g}/api/v1/monitoring/models/meal-demand/stats -H "authorization: Bearer $TOKEN"
  curl -s "${g}/api/v1/recommendations/ana?k=3" -H "authorization: Bearer $TOKEN"
  # GraphQL
  curl -s -X POST ${g}/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{"query":"{ models { model latestVersion deployedVersion } }"}'
  # live predictions over WebSocket (run from this folder, then predict in another terminal)
  node -e "const ws=new (require('ws'))('${platform.wsUrl}?token='+process.env.TOKEN);ws.on('open',()=>ws.send(JSON.stringify({event:'subscribe',data:{model:'meal-demand'}})));ws.on('message',m=>console.log(m.toString()))"

  Another token: npm run --silent token -- --tenant ${tenant} --roles analyst
  Logs follow. Ctrl-C stops everything.

`);
  streaming = true;
}

const SCHOOLS: Record<string, Record<string, number | string | boolean>> = {
  'lincoln-high': { enrolment: 820, 'Avg Temp (°C)': 18, 'is holiday?': 'no' },
  'oak-elementary': { enrolment: 310, 'Avg Temp (°C)': 25, 'is holiday?': 'no' },
  'pine-middle': { enrolment: 540, 'Avg Temp (°C)': 9, 'is holiday?': 'yes' },
};

/** A school year of daily meal counts, with the gaps and string-typed values real exports have. */
function demoTrainingJob() {
  let seed = 11;
  const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const rows = Array.from({ length: 1500 }, (_, i) => {
    const enrolment = Math.round(200 + rand() * 900);
    const temp = Math.round(rand() * 320) / 10;
    const holiday = rand() < 0.15;
    const meals = 0.62 * enrolment - 3.5 * temp - (holiday ? 0.5 * enrolment : 0) + (rand() - 0.5) * 30;
    return {
      enrolment: i % 40 === 0 ? 'NA' : enrolment,
      'Avg Temp (°C)': i % 9 === 0 ? String(temp) : temp,
      'is holiday?': holiday ? 'yes' : 'no',
      meals: Math.max(0, Math.round(meals)),
    };
  });
  return { model: 'meal-demand', task: 'regression', dataset: { rows }, target: 'meals', featureView: 'schools', params: { epochs: 60 } };
}

main().catch((error: unknown) => {
  process.stderr.write(`\u001b[31m${error instanceof Error ? error.message : String(error)}\u001b[0m\n`);
  process.exit(1);
});
