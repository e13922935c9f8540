#!/usr/bin/env node
// `npm start`: from a fresh clone to a running platform with a demo tenant. Installs what is
// missing, brings up Kafka/PostgreSQL/Redis, migrates, builds, then hands over to the
// TypeScript launcher (tools/scripts/start-platform.ts). Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { bin, codegen, ensureDependencies, infra, kafkaAlreadyUp, migrate, root, run, say } from './lib.mjs';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/foresight';

ensureDependencies();
const leaveInfraRunning = kafkaAlreadyUp();
const stopInfra = () => {
  if (leaveInfraRunning) return;
  say('stopping Kafka (and any database this run started)');
  try {
    infra('down', '--quiet');
  } catch (error) {
    say(`could not stop infrastructure: ${error.message}`);
  }
};

try {
  say('generating code (gRPC contracts, Prisma client)');
  codegen();
  say('bringing up Kafka, PostgreSQL and Redis');
  infra('up', '--quiet');
  say('migrating the database');
  migrate(DATABASE_URL);
  say('building the seven services');
  run(bin('nx'), ['run-many', '-t', 'build', '--parallel=2', '--outputStyle=static']);
} catch (error) {
  say(`\u001b[31m${error.message}\u001b[0m`);
  stopInfra();
  process.exit(1);
}

const launcher = spawn(bin('tsx'), [join(root, 'tools/scripts/start-platform.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL, NX_DAEMON: 'false' },
});
// Ctrl-C reaches the launcher too (same process group); it stops the services and exits.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => launcher.kill(signal));
launcher.on('exit', (code) => {
  stopInfra();
  process.exit(code ?? 0);
});
