/**
 * A line-by-line Dockerfile reader: comments and parser directives dropped, `\` continuations
 * joined, each instruction split into keyword, flags (`--from=build`) and arguments, grouped by
 * build stage. Enough to check a Dockerfile's structure without a Docker engine.
 */

export interface Instruction {
  keyword: string;
  flags: Map<string, string>;
  /** Everything after the flags, as written. */
  args: string;
  line: number;
}

export interface Stage {
  name?: string;
  /** The FROM image as written (build args not substituted). */
  from: string;
  index: number;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARG instructions before the first FROM (their defaults are usable in FROM lines). */
  globalArgs: Map<string, string | undefined>;
  stages: Stage[];
}

const KEYWORDS = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD',
  'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    // A trailing backslash continues the instruction; comment and blank lines inside it are skipped.
    let continued = /\\\s*$/.test(line);
    line = line.replace(/\\\s*$/, ' ');
    while (continued) {
      i++;
      if (i >= lines.length) throw new Error(`line ${start}: continuation at the end of the file`);
      const next = lines[i]!;
      if (/^\s*(#.*)?$/.test(next)) continue;
      continued = /\\\s*$/.test(next);
      line += `${next.replace(/\\\s*$/, '').trim()} `;
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/.exec(line);
    if (!match) throw new Error(`line ${start}: not an instruction: ${line.trim()}`);
    const keyword = match[1]!.toUpperCase();
    if (!KEYWORDS.has(keyword)) throw new Error(`line ${start}: unknown instruction ${match[1]}`);
    let rest = match[2]!.trim();
    const flags = new Map<string, string>();
    for (let flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest); flag; flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest)) {
      flags.set(flag[1]!, flag[2] ?? 'true');
      rest = rest.slice(flag[0].length);
    }
    if (rest === '' && keyword !== 'HEALTHCHECK') throw new Error(`line ${start}: ${keyword} without arguments`);
    instructions.push({ keyword, flags, args: rest, line: start });
  }

  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+([A-Za-z][A-Za-z0-9_.-]*))?$/i.exec(ins.args);
      if (!from) throw new Error(`line ${ins.line}: FROM <image> [AS <name>] expected`);
      stages.push({ from: from[1]!, name: from[2]?.toLowerCase(), index: stages.length, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new Error(`line ${ins.line}: only ARG may come before the first FROM`);
      const [name, value] = splitAssignment(ins.args);
      globalArgs.set(name, value);
    } else {
      stages[stages.length - 1]!.instructions.push(ins);
    }
  }
  if (stages.length === 0) throw new Error('no FROM instruction');
  return { globalArgs, stages };
}

const splitAssignment = (args: string): [string, string | undefined] => {
  const eq = args.indexOf('=');
  return eq < 0 ? [args.trim(), undefined] : [args.slice(0, eq).trim(), args.slice(eq + 1).trim()];
};

/** `${NAME}` and `$NAME` replaced from `vars`; unknown names stay as written. */
export const substitute = (text: string, vars: ReadonlyMap<string, string | undefined>): string =>
  text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => vars.get((braced ?? bare)!) ?? whole);

/** The exec form `["a", "b"]` of CMD/ENTRYPOINT/RUN, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`exec form must be a JSON array of strings: ${args}`);
  return parsed;
}

/** ENV instructions of a stage as a map (`ENV A=1 B=2` form; values unquoted). */
export function stageEnv(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const ins of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const [, key, value] of ins.args.matchAll(/(\w+)=("[^"]*"|\S*)/g)) env.set(key!, value!.replace(/^"|"$/g, ''));
  }
  return env;
}
