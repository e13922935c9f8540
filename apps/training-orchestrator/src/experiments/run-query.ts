import { ErrorCode } from '@foresight/contracts';
import { DomainException } from '@foresight/platform';

/**
 * The MLflow-style run search language, parsed into a small AST that the repository turns into
 * parameterised SQL (keys are validated identifiers, values are always bound parameters):
 *
 *   filter  := clause ( AND clause )*
 *   clause  := key op value
 *   key     := metrics.<name> | params.<name> | attributes.<name> | <attribute>
 *   op      := < | <= | > | >= | = | !=
 *   value   := number | 'text' | "text"
 *   orderBy := key [ASC | DESC] ( , key [ASC | DESC] )*
 *
 * e.g. `metrics.rmse < 3 and params.algorithm = 'gbdt'`, orderBy `metrics.rmse ASC`.
 */
export type Comparison = '<' | '<=' | '>' | '>=' | '=' | '!=';

export type RunField =
  | { kind: 'metric'; name: string }
  | { kind: 'param'; name: string }
  | { kind: 'attribute'; name: RunAttribute };

export const RUN_ATTRIBUTES = ['status', 'algorithm', 'model', 'modelVersion', 'datasetHash', 'datasetRows', 'datasetName', 'datasetVersion', 'createdAt', 'startedAt', 'finishedAt'] as const;
export type RunAttribute = (typeof RUN_ATTRIBUTES)[number];

export interface Clause {
  field: RunField;
  op: Comparison;
  value: number | string;
}

export interface OrderTerm {
  field: RunField;
  direction: 'ASC' | 'DESC';
}

export class RunQueryException extends DomainException {
  constructor(param: 'filter' | 'orderBy', message: string) {
    super(ErrorCode.ValidationFailed, `Invalid ${param}: ${message}`, [{ path: param, message }]);
  }
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]{0,127}$/;
const TOKEN = /\s*(<=|>=|!=|<|>|=|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.\-/+]+|,|\S)/y;

function tokenize(input: string, param: 'filter' | 'orderBy'): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (TOKEN.lastIndex < input.length && (match = TOKEN.exec(input))) {
    if (match[1] === undefined) break;
    tokens.push(match[1]);
  }
  if (input.slice(TOKEN.lastIndex).trim() !== '') throw new RunQueryException(param, `cannot read "${input.slice(TOKEN.lastIndex).trim()}"`);
  return tokens;
}

export function parseField(token: string, param: 'filter' | 'orderBy'): RunField {
  const dot = token.indexOf('.');
  const [scope, name] = dot < 0 ? ['attributes', token] : [token.slice(0, dot), token.slice(dot + 1)];
  if (!NAME.test(name)) throw new RunQueryException(param, `"${token}" is not a valid key`);
  switch (scope) {
    case 'metrics':
    case 'metric':
      return { kind: 'metric', name };
    case 'params':
    case 'param':
      return { kind: 'param', name };
    case 'attributes':
    case 'attribute':
      if (!(RUN_ATTRIBUTES as readonly string[]).includes(name)) {
        throw new RunQueryException(param, `unknown attribute "${name}" (one of ${RUN_ATTRIBUTES.join(', ')})`);
      }
      return { kind: 'attribute', name: name as RunAttribute };
    default:
      throw new RunQueryException(param, `"${token}": keys start with metrics., params. or attributes.`);
  }
}

function parseValue(token: string | undefined): number | string | undefined {
  if (token === undefined) return undefined;
  if (/^'.*'$|^".*"$/.test(token)) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  const n = Number(token);
  return token.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

const OPS = new Set<Comparison>(['<', '<=', '>', '>=', '=', '!=']);

export function parseFilter(input: string | undefined): Clause[] {
  if (!input || input.trim() === '') return [];
  const tokens = tokenize(input, 'filter');
  const clauses: Clause[] = [];
  for (let i = 0; i < tokens.length; ) {
    const [key, op, raw] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (!key || !op || raw === undefined || !OPS.has(op as Comparison)) throw new RunQueryException('filter', `expected "<key> <op> <value>" near "${tokens.slice(i, i + 3).join(' ')}"`);
    const value = parseValue(raw);
    if (value === undefined) throw new RunQueryException('filter', `"${raw ?? ''}" is not a number or a quoted string`);
    const field = parseField(key, 'filter');
    if (field.kind === 'metric' && typeof value !== 'number') throw new RunQueryException('filter', `metrics compare with numbers (${key})`);
    clauses.push({ field, op: op as Comparison, value });
    i += 3;
    if (i < tokens.length) {
      if (tokens[i]?.toLowerCase() !== 'and') throw new RunQueryException('filter', `expected AND, got "${tokens[i]}"`);
      i++;
      if (i >= tokens.length) throw new RunQueryException('filter', 'dangling AND');
    }
  }
  return clauses;
}

export function parseOrderBy(input: string | undefined): OrderTerm[] {
  if (!input || input.trim() === '') return [];
  return input.split(',').map((part) => {
    const [key, dir, extra] = part.trim().split(/\s+/);
    if (!key || extra !== undefined) throw new RunQueryException('orderBy', `"${part.trim()}" is not "<key> [ASC|DESC]"`);
    const direction = (dir ?? 'ASC').toUpperCase();
    if (direction !== 'ASC' && direction !== 'DESC') throw new RunQueryException('orderBy', `"${dir}" is not ASC or DESC`);
    return { field: parseField(key, 'orderBy'), direction };
  });
}
