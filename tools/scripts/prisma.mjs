#!/usr/bin/env node
// The Prisma commands that work offline here (TOOLCHAIN.md):
//   generate                  client into libs/platform/src/prisma/generated
//   migrate [--database-url]  apply prisma/migrations (migrate deploy)
//   new-migration <name>      diff the last migration's schema snapshot against prisma/schema
//                             (migrate dev needs a shadow database through the native engine)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaDir = join(root, 'prisma/schema');
const migrationsDir = join(root, 'prisma/migrations');
const SNAPSHOT = 'schema.snapshot.prisma';
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/foresight';

const prismaEnv = (env) => ({
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
  ...env,
});
const prismaBin = join(root, 'node_modules/.bin/prisma');

const prisma = (args, env = {}) =>
  execFileSync(prismaBin, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: prismaEnv(env) });

/**
 * `migrate deploy` through the WebAssembly schema engine finishes its work in well under a second
 * but then idles on an internal 10 s timer before exiting. We stop it once it has printed its
 * verdict; any failure still surfaces as its own non-zero exit before that point.
 */
const migrateDeploy = (env) =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(prismaBin, ['migrate', 'deploy'], { cwd: root, env: prismaEnv(env), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let done = false;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
      if (!done && /(All migrations have been successfully applied|No pending migrations to apply)/.test(out)) {
        done = true;
        setTimeout(() => child.kill('SIGTERM'), 100);
      }
    });
    child.on('exit', (code) => (done || code === 0 ? resolvePromise() : reject(new Error(`prisma migrate deploy exited with ${code}`))));
  });

/** The whole datamodel as one file: the snapshot the next migration is diffed from. */
const currentDatamodel = () =>
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.prisma'))
    .sort()
    .map((f) => `// ---- ${f}\n${readFileSync(join(schemaDir, f), 'utf8')}`)
    .join('\n');

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case 'generate': {
    prisma(['generate']);
    console.log('prisma: client generated');
    break;
  }
  case 'migrate': {
    const urlFlag = rest.indexOf('--database-url');
    const env = urlFlag >= 0 ? { DATABASE_URL: rest[urlFlag + 1] } : {};
    await migrateDeploy(env);
    break;
  }
  case 'new-migration': {
    const name = rest[0];
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('usage: prisma.mjs new-migration <snake_case_name>');
    mkdirSync(migrationsDir, { recursive: true });
    const previous = readdirSync(migrationsDir).filter((d) => existsSync(join(migrationsDir, d, SNAPSHOT))).sort().at(-1);
    const from = previous ? ['--from-schema-datamodel', join(migrationsDir, previous, SNAPSHOT)] : ['--from-empty'];
    const tmpTarget = join(root, 'tmp', SNAPSHOT);
    mkdirSync(dirname(tmpTarget), { recursive: true });
    writeFileSync(tmpTarget, currentDatamodel());
    const sql = prisma(['migrate', 'diff', ...from, '--to-schema-datamodel', schemaDir, '--script']);
    if (/^-- This is an empty migration\.\s*$/.test(sql.trim())) {
      console.log('prisma: no schema change, no migration written');
      break;
    }
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const dir = join(migrationsDir, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'migration.sql'), sql);
    writeFileSync(join(dir, SNAPSHOT), currentDatamodel());
    if (!existsSync(join(migrationsDir, 'migration_lock.toml'))) {
      writeFileSync(join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    }
    console.log(`prisma: wrote ${dir}`);
    break;
  }
  default:
    console.error('usage: prisma.mjs generate | migrate [--database-url URL] | new-migration <name>');
    process.exit(2);
}
