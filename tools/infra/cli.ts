/**
 * npx tsx tools/infra/cli.ts <up|down|status> [options]   (also: npm run infra -- <command>)
 */
import { parseArgs } from 'node:util';
import { errorMessage } from './component';
import { down, status, up, type ComponentStatus } from './infra';
import { formatSeconds } from './progress';

const USAGE = `Usage: npx tsx tools/infra/cli.ts <command> [options]

Commands:
  up       Start (or reuse) Kafka, PostgreSQL and Redis; create Kafka topics and databases.
  down     Stop only what \`up\` started; reused services are left alone.
  status   Show each component, its address, whether it is up and whether this tool started it.

Options:
  --database, -d <name>  up: also ensure this database exists (repeatable or comma separated)
  --timeout <seconds>    up: readiness timeout per service (default 90)
  --quiet, -q            up/down: print only the summary
  --json                 status/up: print machine-readable JSON
  --help, -h

Environment: KAFKA_BROKERS (127.0.0.1:19092), KAFKA_CONTROLLER_PORT (19093),
DATABASE_URL (postgresql://postgres@127.0.0.1:5432/foresight), REDIS_URL (redis://127.0.0.1:6379),
INFRA_DATA_DIR (.data, relative to the repository root).`;

interface CliOptions {
  readonly databases: string[];
  readonly timeoutMs: number | undefined;
  readonly quiet: boolean;
  readonly json: boolean;
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      database: { type: 'string', short: 'd', multiple: true },
      timeout: { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const options: CliOptions = {
    databases: (values.database ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter(Boolean),
    timeoutMs: parseTimeout(values.timeout),
    quiet: values.quiet === true,
    json: values.json === true,
  };

  switch (command) {
    case 'up':
      return runUp(options);
    case 'down':
      return runDown(options);
    case 'status':
      return runStatus(options);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function runUp(options: CliOptions): Promise<number> {
  const result = await up({
    databases: options.databases,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    onProgress: options.quiet || options.json ? undefined : (line) => console.log(line),
  });
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  printTable(result.components);
  const timings = Object.entries(result.timings).map(([k, ms]) => `${k}=${ms}ms`);
  console.log(`up in ${formatSeconds(result.totalMs).trim()}${timings.length ? ` (${timings.join(', ')})` : ''}`);
  return 0;
}

async function runDown(options: CliOptions): Promise<number> {
  const result = await down({ onProgress: options.quiet ? undefined : (line) => console.log(line) });
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else if (result.stopped.length === 0) console.log('nothing to stop: this tool has not started any service');
  return 0;
}

async function runStatus(options: CliOptions): Promise<number> {
  const components = await status();
  if (options.json) console.log(JSON.stringify(components, null, 2));
  else printTable(components);
  return 0;
}

function printTable(components: readonly ComponentStatus[]): void {
  const rows = components.map((c) => [
    c.name,
    c.up ? 'up' : 'DOWN',
    c.startedByUs ? `yes (pid ${c.pid})` : c.up ? 'no (reused)' : 'no',
    c.address + (c.detail ? `  [${c.detail}]` : ''),
  ]);
  const header = ['component', 'state', 'started by us', 'address'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  for (const row of [header, ...rows]) {
    console.log(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] as number))).join('  '));
  }
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout must be a positive number of seconds`);
  return seconds * 1000;
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode, not exit(): stdout may be a pipe and must be flushed before the process ends.
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`infra: ${errorMessage(error)}${usage ? `\n\n${USAGE}` : ''}`);
    process.exitCode = usage ? 2 : 1;
  },
);
