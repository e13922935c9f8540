import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOY_DIR, readText, REPO_ROOT } from './support/files';
import { type Dockerfile, execForm, parseDockerfile, type Stage, stageEnv, substitute } from './support/dockerfile';
import { type IJob, named } from './support/k8s';
import { rendering } from './support/renderings';
import { nxBuiltApps } from './support/workspace';

const DOCKERFILE = join(DEPLOY_DIR, 'docker', 'Dockerfile');
const IGNORE_FILE = `${DOCKERFILE}.dockerignore`;
const dockerfile: Dockerfile = parseDockerfile(readText(DOCKERFILE));
const stage = (name: string): Stage => {
  const found = dockerfile.stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const runtime = stage('runtime');
const instructions = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword);
const runs = (s: Stage) => instructions(s, 'RUN').map((i) => i.args);
/** ARG defaults visible in a stage (a global ARG must be re-declared inside a stage to be used there). */
const stageArgs = (s: Stage) =>
  new Map(
    instructions(s, 'ARG').map((i) => {
      const [name, value] = i.args.split('=');
      return [name!.trim(), value?.trim() ?? dockerfile.globalArgs.get(name!.trim())] as const;
    }),
  );

describe('Dockerfile parser', () => {
  it('joins continuations, drops comments and reads flags', () => {
    const parsed = parseDockerfile('# c\nFROM node:20-slim AS a\nCOPY --from=a --chown=1:1 \\\n  x \\\n  # inner comment\n  y\nCMD ["node"]\n');
    expect(parsed.stages).toHaveLength(1);
    expect(parsed.stages[0]!.instructions[0]).toMatchObject({ keyword: 'COPY', args: 'x y', line: 3 });
    expect(parsed.stages[0]!.instructions[0]!.flags).toEqual(new Map([['from', 'a'], ['chown', '1:1']]));
  });

  it('rejects what Docker would reject', () => {
    expect(() => parseDockerfile('FROM node:20\nCOPPY a b\n')).toThrow(/unknown instruction COPPY/);
    expect(() => parseDockerfile('RUN echo\nFROM node:20\n')).toThrow(/only ARG may come before/);
    expect(() => parseDockerfile('FROM node:20 AS\n')).toThrow(/FROM <image>/);
    expect(() => execForm('["node", 1]')).toThrow(/JSON array of strings/);
  });
});

describe('deploy/docker/Dockerfile', () => {
  it('has dependency, build, production-dependency, migration and runtime stages; runtime is the default target', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['deps', 'build', 'prod-deps', 'migrate', 'runtime']);
  });

  it('starts every stage from an earlier stage or a Node 20 slim image', () => {
    for (const s of dockerfile.stages) {
      const image = substitute(s.from, dockerfile.globalArgs);
      const earlier = dockerfile.stages.slice(0, s.index).some((e) => e.name === image);
      expect({ stage: s.name, image, ok: earlier || /^node:20([.\d]*)-(bookworm-|bullseye-)?slim$/.test(image) }).toEqual({ stage: s.name, image, ok: true });
    }
  });

  it('copies only from earlier stages, and only files of the repository that the ignore file lets in', () => {
    const ignored = readText(IGNORE_FILE)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const s of dockerfile.stages) {
      for (const copy of instructions(s, 'COPY')) {
        const from = copy.flags.get('from');
        const sources = copy.args.split(/\s+/).slice(0, -1);
        if (from) {
          expect({ line: copy.line, from, earlier: dockerfile.stages.slice(0, s.index).some((e) => e.name === from) }).toEqual({
            line: copy.line,
            from,
            earlier: true,
          });
          continue;
        }
        for (const source of sources.filter((src) => src !== '.')) {
          expect({ line: copy.line, source, exists: existsSync(join(REPO_ROOT, source)), ignored: ignored.includes(source) }).toEqual({
            line: copy.line,
            source,
            exists: true,
            ignored: false,
          });
        }
      }
    }
  });

  it('keeps installed and generated files, build output, git and secrets out of the build context', () => {
    const ignored = readText(IGNORE_FILE).split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.git', '.env', '.data']));
  });

  it('installs from the lockfile, generates code, then builds the app with Nx', () => {
    expect(instructions(stage('deps'), 'COPY').some((c) => c.args.includes('package-lock.json'))).toBe(true);
    expect(runs(stage('deps')).some((r) => /^npm (ci|install)\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
    const build = runs(stage('build'));
    const codegen = build.findIndex((r) => r.includes('node tools/scripts/codegen.mjs'));
    const nx = build.findIndex((r) => r.includes('npx nx run ${APP}:build'));
    expect(codegen).toBeGreaterThanOrEqual(0);
    expect(nx).toBeGreaterThan(codegen);
  });

  it('ships production dependencies only, and runs as a numeric non-root user', () => {
    expect(runs(stage('prod-deps')).some((r) => /^npm (ci|install) .*--omit=dev/.test(r))).toBe(true);
    for (const s of [runtime, stage('migrate')]) {
      const modules = instructions(s, 'COPY').find((c) => c.args.includes('node_modules'));
      expect(modules?.flags.get('from')).toBe('prod-deps');
      const user = instructions(s, 'USER').at(-1)?.args ?? 'root';
      const uid = user.split(':')[0]!;
      expect({ stage: s.name, user, numericNonRoot: /^\d+$/.test(uid) && uid !== '0' }).toEqual({ stage: s.name, user, numericNonRoot: true });
    }
  });

  it('starts dist/apps/<app>/src/main.js with node as PID 1, for every app Nx builds', () => {
    const args = stageArgs(runtime);
    expect(args.has('APP')).toBe(true);
    expect(stageEnv(runtime).get('APP')).toBe('${APP}');
    const cmd = execForm(instructions(runtime, 'CMD').at(-1)?.args ?? '');
    expect(cmd?.slice(0, 2)).toEqual(['sh', '-c']);
    const script = cmd?.[2] ?? '';
    expect(script).toMatch(/^exec node /);

    const apps = nxBuiltApps();
    expect(apps.length).toBeGreaterThanOrEqual(7);
    for (const app of apps) {
      const vars = new Map([...args, ['APP', app.name]]);
      const main = /\S*main\.js/.exec(substitute(script, vars))?.[0];
      expect({ app: app.name, main }).toEqual({ app: app.name, main: `dist/apps/${app.name}/src/main.js` });
      // Nx writes it there (the build output), from apps/<app>/src/main.ts.
      expect(app.outputs).toContain(`dist/apps/${app.name}`);
      expect(existsSync(join(REPO_ROOT, 'apps', app.name, 'src', 'main.ts'))).toBe(true);
      // And the runtime stage copies that output and the libs it requires.
      const copied = instructions(runtime, 'COPY')
        .filter((c) => c.flags.get('from') === 'build')
        .map((c) => substitute(c.args.split(/\s+/)[0]!, vars));
      expect(copied).toEqual(expect.arrayContaining([`/src/dist/apps/${app.name}`, '/src/dist/libs']));
    }
  });

  it('the migration image runs the command the Kubernetes Job runs, with the files it needs', () => {
    const migrate = stage('migrate');
    const cmd = execForm(instructions(migrate, 'CMD').at(-1)?.args ?? '');
    expect(cmd).toEqual(named<IJob>(rendering('base').objects, 'Job', 'migrate').spec?.template.spec?.containers[0]?.command);
    const copied = instructions(migrate, 'COPY').flatMap((c) => c.args.split(/\s+/).slice(0, -1));
    expect(copied).toEqual(expect.arrayContaining(['prisma', 'prisma.config.ts', 'tools/scripts/prisma.mjs']));
    expect(stageEnv(migrate).get('JITI_FS_CACHE')).toBe('false');
  });
});
