// Shared by `npm start` and `npm test`: run steps with timings, install dependencies when
// missing, generate code, and drive tools/infra.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = (name) => join(root, 'node_modules/.bin', name);

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
export const say = (line) => process.stdout.write(`\u001b[36m[foresight ${elapsed()}]\u001b[0m ${line}\n`);

/** Runs a command to completion with inherited output; throws on a non-zero exit. */
export function run(cmd, args, { env = {}, cwd = root } = {}) {
  const t = Date.now();
  const result = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...env } });
  if (result.status !== 0) {
    throw new Error(`${[cmd, ...args].map((a) => a.replace(root + '/', '')).join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
  return Date.now() - t;
}

/** Installs dependencies from the lockfile when node_modules is missing or older than it. */
export function ensureDependencies() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // `npm install`, not `npm ci`: npm 11 writes lockfiles here without the other platforms'
  // optional binaries (@swc/core-darwin-*, @bufbuild/buf-win32-*, ...), which `npm ci` then
  // refuses as "out of sync". `npm install` still installs exactly the locked versions.
  say('installing dependencies (npm install from the lockfile)…');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

export function codegen() {
  run(process.execPath, [join(root, 'tools/scripts/codegen.mjs')]);
}

export function infra(command, ...args) {
  run(bin('tsx'), [join(root, 'tools/infra/cli.ts'), command, ...args]);
}

/** Whether Kafka was already running before we started (then we must leave it running). */
export function kafkaAlreadyUp() {
  const result = spawnSync(bin('tsx'), [join(root, 'tools/infra/cli.ts'), 'status', '--json'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) return false;
  try {
    return JSON.parse(result.stdout).some((c) => c.name === 'kafka' && c.up);
  } catch {
    return false;
  }
}

export function migrate(databaseUrl) {
  run(process.execPath, [join(root, 'tools/scripts/prisma.mjs'), 'migrate'], { env: { DATABASE_URL: databaseUrl } });
}

export { spawn };
