#!/usr/bin/env node
// `npm test`: sets up everything a fresh clone needs and runs every test — type check, lint
// (module boundaries), unit and integration specs against real PostgreSQL, Redis and Kafka,
// then the end-to-end specs against the seven built services — and stops what it started.
import { bin, codegen, ensureDependencies, infra, kafkaAlreadyUp, migrate, run, say } from './lib.mjs';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/foresight_test';
const testEnv = { DATABASE_URL: TEST_DATABASE_URL, TEST_DATABASE_URL, KAFKAJS_NO_PARTITIONER_WARNING: '1', NODE_ENV: 'test' };

ensureDependencies();
const leaveInfraRunning = kafkaAlreadyUp();
let failed = false;
try {
  say('generating code (gRPC contracts, Prisma client)');
  codegen();
  say('bringing up Kafka, PostgreSQL and Redis');
  infra('up', '--database', 'foresight_test', '--quiet');
  say('recreating and migrating the test database');
  await recreateDatabase(TEST_DATABASE_URL);
  migrate(TEST_DATABASE_URL);
  say('type check');
  run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  say('lint (module boundaries)');
  run(bin('nx'), ['run-many', '-t', 'lint', '--parallel=2', '--outputStyle=static', '--skipNxCache']);
  say('build');
  run(bin('nx'), ['run-many', '-t', 'build', '--parallel=2', '--outputStyle=static', '--skipNxCache']);
  say('unit and integration tests');
  run(bin('jest'), ['-c', 'jest.config.cjs', '--maxWorkers=2'], { env: testEnv });
  say('end-to-end tests');
  run(bin('jest'), ['-c', 'apps/platform-e2e/jest.config.cjs', '--runInBand'], { env: testEnv });
  say('all tests passed');
} catch (error) {
  failed = true;
  say(`\u001b[31m${error.message}\u001b[0m`);
} finally {
  if (!leaveInfraRunning) {
    say('stopping the infrastructure this run started');
    try {
      infra('down', '--quiet');
    } catch (error) {
      say(`could not stop infrastructure: ${error.message}`);
    }
  }
}
process.exit(failed ? 1 : 0);

/**
 * Every run starts from an empty test database: leftovers of earlier runs (models deployed by
 * other tenants, which serving warms up at start) would otherwise make runs depend on history.
 * `pg` is imported here, after the dependencies are installed.
 */
async function recreateDatabase(url) {
  const { default: pg } = await import('pg');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const client = new pg.Client({ connectionString: target.toString() });
  await client.connect();
  try {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
}

