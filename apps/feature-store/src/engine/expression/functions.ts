/**
 * Built-in functions of the feature expression language. Each compiles its arguments once into
 * a closure over a row. Null in → null out for all of them except `coalesce`, `is_null` and `if`
 * (and `and`/`or`, which follow SQL's three-valued logic, see compile-expression.ts); data a
 * function cannot take (log of a negative, sqrt of a negative, a non-date string) gives null too.
 */
import { FeatureEngineError } from '../engine.error';
import { partitionPoint } from '../sorted';
import { instantToMs } from '../time';
import type { ExpressionNode } from './parser';
import { categoryKeyOf, type Dtype, finite, type Row, toNumber, type Value } from './values';

export type Evaluator = (row: Row) => Value;

export interface Compiled {
  evaluate: Evaluator;
  dtype: Dtype;
  /** The literal `null`: it takes the type of whatever it is combined with. */
  isNullLiteral?: boolean;
}

export type CallNode = Extract<ExpressionNode, { kind: 'call' }>;

interface FunctionDef {
  /** How the function is written, for error messages. */
  signature: string;
  minArgs: number;
  maxArgs: number;
  compile(call: CallNode, compileNode: (node: ExpressionNode) => Compiled): Compiled;
}

/** Throws EXPRESSION_TYPE when an argument is statically known to be of a kind the function cannot use. */
export function requireDtype(arg: Compiled, accepted: readonly Dtype[], where: string, position: number): void {
  if (arg.dtype === 'unknown' || accepted.includes(arg.dtype)) return;
  throw new FeatureEngineError('EXPRESSION_TYPE', `${where} expects ${accepted.join(' or ')} but got ${arg.dtype} at position ${position}`, position);
}

const NUMERIC: readonly Dtype[] = ['number', 'boolean', 'timestamp'];

function numericArgs(call: CallNode, compileNode: (node: ExpressionNode) => Compiled): Compiled[] {
  return call.args.map((node, i) => {
    const arg = compileNode(node);
    requireDtype(arg, NUMERIC, `${call.name}() argument ${i + 1}`, node.position);
    return arg;
  });
}

/** f(x): number → number, null outside the domain. */
function unaryMath(signature: string, f: (x: number) => number): FunctionDef {
  return {
    signature,
    minArgs: 1,
    maxArgs: 1,
    compile(call, compileNode) {
      const [x] = numericArgs(call, compileNode).map((a) => a.evaluate);
      return {
        dtype: 'number',
        evaluate: (row) => {
          const v = toNumber(x(row));
          return v === null ? null : finite(f(v));
        },
      };
    },
  };
}

/** f(a, b, ...): every argument a number; any null → null. */
function variadicMath(signature: string, minArgs: number, maxArgs: number, f: (xs: number[]) => number): FunctionDef {
  return {
    signature,
    minArgs,
    maxArgs,
    compile(call, compileNode) {
      const args = numericArgs(call, compileNode).map((a) => a.evaluate);
      return {
        dtype: 'number',
        evaluate: (row) => {
          const xs: number[] = [];
          for (const arg of args) {
            const v = toNumber(arg(row));
            if (v === null) return null;
            xs.push(v);
          }
          return finite(f(xs));
        },
      };
    },
  };
}

/** name(arg) over one argument of the accepted static types; `read` maps the value to f's input, undefined → null. */
function unaryFn<T>(name: string, arg: string, accepted: readonly Dtype[], dtype: Dtype, read: (v: Value) => T | undefined, f: (x: T) => Value): FunctionDef {
  return {
    signature: `${name}(${arg})`,
    minArgs: 1,
    maxArgs: 1,
    compile(call, compileNode) {
      const compiled = compileNode(call.args[0]);
      requireDtype(compiled, accepted, `${name}()`, call.args[0].position);
      const x = compiled.evaluate;
      return {
        dtype,
        evaluate: (row) => {
          const v = read(x(row));
          return v === undefined ? null : f(v);
        },
      };
    },
  };
}

/** Date part of a timestamp (epoch ms, ISO string or Date), in UTC. */
const datePart = (name: string, part: (d: Date) => number): FunctionDef =>
  unaryFn(name, 'timestamp', ['timestamp', 'number', 'string'], 'number', instantToMs, (ms) => part(new Date(ms)));

const stringFn = (name: string, f: (s: string) => string): FunctionDef => unaryFn(name, 'text', ['string'], 'string', (v) => (typeof v === 'string' ? v : undefined), f);

/** The common type of branches: one shared type stays, a null literal takes the others' type, else unknown. */
export function unify(branches: Compiled[]): Dtype {
  const types = new Set(branches.filter((b) => !b.isNullLiteral).map((b) => b.dtype));
  return types.size === 1 ? [...types][0] : 'unknown';
}

/** Half away from zero (like SQL and numpy's documentation readers expect), not JS's half-up. */
function roundHalfAway(x: number, digits: number): number {
  const scale = 10 ** digits;
  return (Math.sign(x) * Math.round(Math.abs(x) * scale)) / scale;
}

function literalNumbers(node: ExpressionNode, where: string): number[] {
  if (node.kind !== 'list') throw new FeatureEngineError('EXPRESSION_ARGUMENTS', `${where} expects a list of numbers like [0, 10, 100] at position ${node.position}`, node.position);
  return node.items.map((item) => {
    if (item.kind !== 'literal' || typeof item.value !== 'number') {
      throw new FeatureEngineError('EXPRESSION_ARGUMENTS', `${where} boundaries must be number literals; found ${item.kind} at position ${item.position}`, item.position);
    }
    return item.value;
  });
}

export const FUNCTIONS: Readonly<Record<string, FunctionDef>> = Object.freeze({
  log: unaryMath('log(x) — natural logarithm, null for x ≤ 0', (x) => (x > 0 ? Math.log(x) : NaN)),
  log10: unaryMath('log10(x)', (x) => (x > 0 ? Math.log10(x) : NaN)),
  log2: unaryMath('log2(x)', (x) => (x > 0 ? Math.log2(x) : NaN)),
  log1p: unaryMath('log1p(x) — ln(1 + x), null for x ≤ −1', (x) => (x > -1 ? Math.log1p(x) : NaN)),
  exp: unaryMath('exp(x)', Math.exp),
  sqrt: unaryMath('sqrt(x) — null for x < 0', (x) => (x >= 0 ? Math.sqrt(x) : NaN)),
  abs: unaryMath('abs(x)', Math.abs),
  floor: unaryMath('floor(x)', Math.floor),
  ceil: unaryMath('ceil(x)', Math.ceil),
  round: variadicMath('round(x, digits = 0) — half away from zero', 1, 2, ([x, digits = 0]) =>
    Number.isInteger(digits) && digits >= 0 && digits <= 15 ? roundHalfAway(x, digits) : NaN,
  ),
  pow: variadicMath('pow(x, y)', 2, 2, ([x, y]) => x ** y),
  min: variadicMath('min(a, b, ...)', 1, Infinity, (xs) => Math.min(...xs)),
  max: variadicMath('max(a, b, ...)', 1, Infinity, (xs) => Math.max(...xs)),
  clamp: variadicMath('clamp(x, lo, hi) — null when lo > hi', 3, 3, ([x, lo, hi]) => (lo <= hi ? Math.min(Math.max(x, lo), hi) : NaN)),
  bucketize: {
    signature: 'bucketize(x, [b1, b2, ...]) — number of boundaries ≤ x (0 … n)',
    minArgs: 2,
    maxArgs: 2,
    compile(call, compileNode) {
      const [x] = numericArgs({ ...call, args: [call.args[0]] }, compileNode).map((a) => a.evaluate);
      const bounds = literalNumbers(call.args[1], 'bucketize()');
      if (bounds.length === 0) throw new FeatureEngineError('EXPRESSION_ARGUMENTS', `bucketize() needs at least one boundary at position ${call.args[1].position}`, call.args[1].position);
      for (let i = 1; i < bounds.length; i++) {
        if (!(bounds[i] > bounds[i - 1])) {
          throw new FeatureEngineError('EXPRESSION_ARGUMENTS', `bucketize() boundaries must be strictly increasing; ${bounds[i]} follows ${bounds[i - 1]} at position ${call.args[1].position}`, call.args[1].position);
        }
      }
      return {
        dtype: 'number',
        evaluate: (row) => {
          const v = toNumber(x(row));
          return v === null ? null : partitionPoint(bounds.length, (i) => bounds[i] <= v);
        },
      };
    },
  },
  year: datePart('year', (d) => d.getUTCFullYear()),
  month: datePart('month', (d) => d.getUTCMonth() + 1),
  day: datePart('day', (d) => d.getUTCDate()),
  dayofweek: datePart('dayofweek', (d) => (d.getUTCDay() + 6) % 7),
  hour: datePart('hour', (d) => d.getUTCHours()),
  minute: datePart('minute', (d) => d.getUTCMinutes()),
  lower: stringFn('lower', (s) => s.toLowerCase()),
  upper: stringFn('upper', (s) => s.toUpperCase()),
  trim: stringFn('trim', (s) => s.trim()),
  concat: {
    signature: 'concat(a, b, ...) — text of each argument joined',
    minArgs: 1,
    maxArgs: Infinity,
    compile(call, compileNode) {
      const args = call.args.map((node) => compileNode(node).evaluate);
      return {
        dtype: 'string',
        evaluate: (row) => {
          let out = '';
          for (const arg of args) {
            const v = arg(row);
            if (v === null) return null;
            out += String(v);
          }
          return out;
        },
      };
    },
  },
  map: {
    signature: "map(x, {'a': 1, 'b': 2}, default = null) — category mapping",
    minArgs: 2,
    maxArgs: 3,
    compile(call, compileNode) {
      const x = compileNode(call.args[0]).evaluate;
      const table = call.args[1];
      if (table.kind !== 'mapping') {
        throw new FeatureEngineError('EXPRESSION_ARGUMENTS', `map() expects a mapping like {'a': 1, 'b': 2} as argument 2 at position ${table.position}`, table.position);
      }
      // A Map, not an object: a key spelled "__proto__" or "constructor" is just a key.
      const cases = new Map<string, Evaluator>();
      const branches: Compiled[] = [];
      for (const entry of table.entries) {
        const key = categoryKeyOf(entry.key)!;
        if (cases.has(key)) throw new FeatureEngineError('EXPRESSION_ARGUMENTS', `map() has the key ${JSON.stringify(entry.key)} twice at position ${table.position}`, table.position);
        const value = compileNode(entry.value);
        cases.set(key, value.evaluate);
        branches.push(value);
      }
      const fallback = call.args[2] ? compileNode(call.args[2]) : null;
      if (fallback) branches.push(fallback);
      return {
        dtype: unify(branches),
        evaluate: (row) => {
          const key = categoryKeyOf(x(row));
          if (key === null) return null;
          const hit = cases.get(key);
          if (hit) return hit(row);
          return fallback ? fallback.evaluate(row) : null;
        },
      };
    },
  },
  is_null: {
    signature: 'is_null(x) — true when x is null or missing',
    minArgs: 1,
    maxArgs: 1,
    compile(call, compileNode) {
      const x = compileNode(call.args[0]).evaluate;
      return { dtype: 'boolean', evaluate: (row) => x(row) === null };
    },
  },
  coalesce: {
    signature: 'coalesce(a, b, ...) — the first argument that is not null',
    minArgs: 1,
    maxArgs: Infinity,
    compile(call, compileNode) {
      const args = call.args.map(compileNode);
      const evaluators = args.map((a) => a.evaluate);
      return {
        dtype: unify(args),
        evaluate: (row) => {
          for (const arg of evaluators) {
            const v = arg(row);
            if (v !== null) return v;
          }
          return null;
        },
      };
    },
  },
  if: {
    signature: 'if(condition, then, else) — else when the condition is false or null',
    minArgs: 3,
    maxArgs: 3,
    compile(call, compileNode) {
      const [cond, then, otherwise] = call.args.map(compileNode);
      requireDtype(cond, ['boolean'], 'if() condition', call.args[0].position);
      return {
        dtype: unify([then, otherwise]),
        evaluate: (row) => (cond.evaluate(row) === true ? then.evaluate(row) : otherwise.evaluate(row)),
      };
    },
  },
});

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS).sort();

export function lookupFunction(name: string): FunctionDef | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}
