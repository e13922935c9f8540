/**
 * Feature expressions: a small, safe language for derived features, compiled once into a closure
 * over a row and evaluated without `eval`/`new Function`.
 *
 * Why hand-written: the npm evaluators are either code generators (filtrex builds JavaScript
 * source and runs it through `new Function`) or tree walkers with a record of sandbox escapes —
 * expr-eval has an open prototype-pollution advisory that reaches remote code execution
 * (GHSA-8gw3-rxh4-v6jx, silentmatt/expr-eval#251/#288, unreleased fixes) and static-eval's
 * maintainers say not to use it on untrusted input (browserify/static-eval#32). None of them
 * propagates null the way feature data needs. This language has no property access, no
 * assignment and no user functions, so there is nothing to escape to.
 *
 * Syntax
 *   columns      amount, `Avg Temp (°C)` (backticks for any other name; `` inside for a backtick)
 *   literals     12, 3.5, 1e-3, 'text' or "text" ('' or \' for a quote), true, false, null
 *   arithmetic   + - * / %  and unary -      (numbers; booleans count as 1/0; numeric strings parse)
 *   comparison   == != (or <>) < <= > >=     (numbers numerically, strings by code point; no chaining)
 *   logic        and or not  (also && || !)
 *   functions    see FUNCTION_NAMES: if, coalesce, is_null, log, log10, log2, log1p, exp, sqrt, pow,
 *                abs, round, floor, ceil, min, max, clamp, bucketize, year, month, day, dayofweek,
 *                hour, minute, lower, upper, trim, concat, map
 *
 * Semantics (never throws on data; definition errors throw FeatureEngineError at compile time)
 *   - Null propagates: any null operand gives null (SQL), except coalesce, is_null and if (an
 *     if() whose condition is null takes the else branch, like SQL's CASE).
 *   - and/or use SQL's three-valued logic: false and null = false, true or null = true, so
 *     `is_null(x) or x > 5` works; otherwise null.
 *   - Results outside the domain are null, never NaN/Infinity: x / 0, x % 0, log(0), log(-1),
 *     sqrt(-1), exp(1000), a date part of text that is not a timestamp.
 *   - Comparing values of different kinds: == is false, != is true, ordering is null.
 *   - Timestamps are epoch ms numbers, ISO-8601 strings (no zone = UTC) or Dates; date parts in
 *     UTC; dayofweek is 0 = Monday … 6 = Sunday (pandas' convention).
 *   - bucketize(x, [b1..bn]) is the number of boundaries ≤ x, 0…n (TensorFlow's bucketized
 *     column): buckets are (-inf, b1), [b1, b2), …, [bn, +inf).
 *   - map(x, {...}, default) looks x up by its text: 1, 1.0 and '1' are the same key.
 */
import { FeatureEngineError } from '../engine.error';
import { type Compiled, type Evaluator, FUNCTION_NAMES, lookupFunction, requireDtype } from './functions';
import { type ArithmeticOperator, type ComparisonOperator, type ExpressionNode, parseExpression } from './parser';
import { type Dtype, finite, readCell, type Row, toNumber, type Value } from './values';

export interface CompileOptions {
  /**
   * The columns an expression may read: names, or names with their types (which enables type
   * checks and output type inference). Omitted → any name is accepted and typed `unknown`.
   */
  columns?: readonly string[] | Readonly<Record<string, Dtype>>;
}

export interface CompiledExpression {
  readonly source: string;
  /** Evaluates against one row; never throws on data. */
  evaluate(row: Row): Value;
  /** Columns read, in order of first use, without repeats. */
  readonly references: readonly string[];
  /** Type of the result where it can be inferred, else `unknown`. */
  readonly dtype: Dtype;
}

export function compileExpression(source: string, options: CompileOptions = {}): CompiledExpression {
  const ast = parseExpression(source);
  const columns = normaliseColumns(options.columns);
  const references: string[] = [];
  const compiled = new ExpressionCompiler(columns, references).compile(ast);
  return { source, evaluate: compiled.evaluate, references, dtype: compiled.dtype };
}

export interface CompiledFeatureSet {
  /** Feature name → compiled expression, in definition order. */
  readonly features: ReadonlyMap<string, CompiledExpression>;
  /** All columns read by any feature. */
  readonly references: readonly string[];
  /** Evaluates every feature on a row. */
  evaluate(row: Row): Record<string, Value>;
}

/** Compiles several named expressions; an error names the feature it belongs to. */
export function compileFeatureSet(definitions: Readonly<Record<string, string>>, options: CompileOptions = {}): CompiledFeatureSet {
  const features = new Map<string, CompiledExpression>();
  for (const [name, source] of Object.entries(definitions)) {
    try {
      features.set(name, compileExpression(source, options));
    } catch (error) {
      if (error instanceof FeatureEngineError) throw new FeatureEngineError(error.code, `Feature "${name}": ${error.message}`, error.position);
      throw error;
    }
  }
  const references = [...new Set([...features.values()].flatMap((f) => f.references))];
  const entries = [...features.entries()];
  return {
    features,
    references,
    evaluate(row) {
      const out: Record<string, Value> = {};
      for (const [name, feature] of entries) out[name] = feature.evaluate(row);
      return out;
    },
  };
}

type ColumnTable = ReadonlyMap<string, Dtype> | null;

function normaliseColumns(columns: CompileOptions['columns']): ColumnTable {
  if (!columns) return null;
  if (Array.isArray(columns)) return new Map(columns.map((name) => [name, 'unknown' as Dtype]));
  return new Map(Object.entries(columns as Record<string, Dtype>));
}

const NUMERIC: readonly Dtype[] = ['number', 'boolean', 'timestamp'];

class ExpressionCompiler {
  constructor(
    private readonly columns: ColumnTable,
    private readonly references: string[],
  ) {}

  compile(node: ExpressionNode): Compiled {
    switch (node.kind) {
      case 'literal': {
        const value = node.value;
        const dtype: Dtype = value === null ? 'unknown' : typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : 'boolean';
        return { dtype, evaluate: () => value, isNullLiteral: value === null };
      }
      case 'column':
        return this.column(node.name, node.position);
      case 'unary':
        return node.op === '-' ? this.negate(node.operand, node.position) : this.not(node.operand, node.position);
      case 'binary':
        return isArithmetic(node.op) ? this.arithmetic(node.op, node.left, node.right) : this.comparison(node.op, node.left, node.right);
      case 'logical':
        return this.logical(node.op, node.left, node.right);
      case 'call':
        return this.call(node);
      case 'list':
        throw new FeatureEngineError('EXPRESSION_SYNTAX', `A list [...] at position ${node.position} is only allowed as the boundaries of bucketize()`, node.position);
      case 'mapping':
        throw new FeatureEngineError('EXPRESSION_SYNTAX', `A mapping {...} at position ${node.position} is only allowed as the second argument of map()`, node.position);
    }
  }

  private column(name: string, position: number): Compiled {
    let dtype: Dtype = 'unknown';
    if (this.columns) {
      const known = this.columns.get(name);
      if (known === undefined) {
        const names = [...this.columns.keys()];
        throw new FeatureEngineError(
          'EXPRESSION_UNKNOWN_COLUMN',
          `Unknown column '${name}' at position ${position}${suggest(name, names)}; known columns: ${names.join(', ') || '(none)'}`,
          position,
        );
      }
      dtype = known;
    }
    if (!this.references.includes(name)) this.references.push(name);
    return { dtype, evaluate: (row) => readCell(row, name) };
  }

  private negate(operandNode: ExpressionNode, position: number): Compiled {
    const operand = this.compile(operandNode);
    requireDtype(operand, NUMERIC, "Operator '-'", position);
    const f = operand.evaluate;
    return {
      dtype: 'number',
      evaluate: (row) => {
        const v = toNumber(f(row));
        return v === null ? null : -v;
      },
    };
  }

  private not(operandNode: ExpressionNode, position: number): Compiled {
    const operand = this.compile(operandNode);
    requireDtype(operand, ['boolean'], "Operator 'not'", position);
    const f = operand.evaluate;
    return {
      dtype: 'boolean',
      evaluate: (row) => {
        const v = f(row);
        return typeof v === 'boolean' ? !v : null;
      },
    };
  }

  private arithmetic(op: ArithmeticOperator, leftNode: ExpressionNode, rightNode: ExpressionNode): Compiled {
    const [l, r] = this.operands(leftNode, rightNode, NUMERIC, `Operator '${op}'${op === '+' ? ' (use concat() to join text)' : ''}`);
    const apply = ARITHMETIC[op];
    return { dtype: 'number', evaluate: nullStrict(l, r, toNumber, (a, b) => finite(apply(a, b))) };
  }

  private comparison(op: ComparisonOperator, leftNode: ExpressionNode, rightNode: ExpressionNode): Compiled {
    const decide = COMPARE[op];
    const same = (v: Value) => v;
    return { dtype: 'boolean', evaluate: nullStrict(this.compile(leftNode).evaluate, this.compile(rightNode).evaluate, same, (a, b) => decide(compareValues(a, b))) };
  }

  private logical(op: 'and' | 'or', leftNode: ExpressionNode, rightNode: ExpressionNode): Compiled {
    const [l, r] = this.operands(leftNode, rightNode, ['boolean'], `Operator '${op}'`);
    // Kleene logic: the deciding value (false for and, true for or) wins over null.
    const decisive = op === 'or';
    return {
      dtype: 'boolean',
      evaluate: (row) => {
        const a = asBoolean(l(row));
        if (a === decisive) return decisive;
        const b = asBoolean(r(row));
        if (b === decisive) return decisive;
        return a === null || b === null ? null : !decisive;
      },
    };
  }

  private operands(leftNode: ExpressionNode, rightNode: ExpressionNode, accepted: readonly Dtype[], where: string): [Evaluator, Evaluator] {
    return [leftNode, rightNode].map((node) => {
      const operand = this.compile(node);
      requireDtype(operand, accepted, where, node.position);
      return operand.evaluate;
    }) as [Evaluator, Evaluator];
  }

  private call(node: Extract<ExpressionNode, { kind: 'call' }>): Compiled {
    const fn = lookupFunction(node.name);
    if (!fn) {
      throw new FeatureEngineError(
        'EXPRESSION_UNKNOWN_FUNCTION',
        `Unknown function '${node.name}' at position ${node.position}${suggest(node.name, FUNCTION_NAMES)}; known functions: ${FUNCTION_NAMES.join(', ')}`,
        node.position,
      );
    }
    const n = node.args.length;
    if (n < fn.minArgs || n > fn.maxArgs) {
      const expected = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
      throw new FeatureEngineError(
        'EXPRESSION_ARGUMENTS',
        `${node.name}() takes ${expected} argument${expected === '1' ? '' : 's'} but got ${n} at position ${node.position}: ${fn.signature}`,
        node.position,
      );
    }
    return fn.compile(node, (child) => this.compile(child));
  }
}

const ARITHMETIC: Readonly<Record<ArithmeticOperator, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => (b === 0 ? NaN : a / b),
  '%': (a, b) => (b === 0 ? NaN : a % b),
};

/** -1, 0, 1; NaN when the two cannot be ordered; `undefined` when they are of different kinds. */
type Ordering = number | undefined;

const COMPARE: Readonly<Record<ComparisonOperator, (o: Ordering) => boolean | null>> = {
  '==': (o) => o === 0,
  '!=': (o) => o !== 0,
  '<': (o) => (o === undefined || Number.isNaN(o) ? null : o < 0),
  '<=': (o) => (o === undefined || Number.isNaN(o) ? null : o <= 0),
  '>': (o) => (o === undefined || Number.isNaN(o) ? null : o > 0),
  '>=': (o) => (o === undefined || Number.isNaN(o) ? null : o >= 0),
};

function compareValues(a: Exclude<Value, null>, b: Exclude<Value, null>): Ordering {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    if (x === null || y === null) return undefined;
    return Math.sign(x - y);
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  // Booleans are equal or not; they have no order.
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : NaN;
  return undefined;
}

/** Both operands read (right only when left is not null), any null → null, else combined. */
function nullStrict<T>(left: Evaluator, right: Evaluator, read: (v: Value) => T | null, combine: (a: T, b: T) => Value): Evaluator {
  return (row) => {
    const a = read(left(row));
    if (a === null) return null;
    const b = read(right(row));
    return b === null ? null : combine(a, b);
  };
}

function asBoolean(v: Value): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

function isArithmetic(op: string): op is ArithmeticOperator {
  return op in ARITHMETIC;
}

/** ", did you mean 'x'?" for the closest name within edit distance 2, else "". */
function suggest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : ` (did you mean '${best}'?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
