import { FeatureEngineError } from '../engine.error';
import { compileExpression, compileFeatureSet } from './compile-expression';

const row = {
  amount: 100,
  neg: -4,
  zero: 0,
  text: '  Hello ',
  numtext: '2.5',
  flag: true,
  missing: null,
  nan: NaN,
  ts: '2024-03-05T14:30:00Z', // a Tuesday
  epoch: Date.UTC(2023, 11, 31, 23, 0, 0), // a Sunday
  date: new Date(Date.UTC(2020, 1, 29, 6, 0, 0)),
  category: 'b',
  code: 2,
  'Avg Temp (°C)': 21.5,
  'we`ird': 1,
};

const run = (source: string, r: Record<string, unknown> = row) => compileExpression(source).evaluate(r);

describe('compileExpression: values (hand-computed)', () => {
  it.each<[string, unknown]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 - 3 - 4', -5],
    ['7 % 3', 1],
    ['-amount + 1', -99],
    ['- -3', 3],
    ['amount / 8', 12.5],
    ['1e3 + .5', 1000.5],
    ['numtext * 2', 5],
    ['flag + 1', 2],
    ['`Avg Temp (°C)` * 2', 43],
    ['`we``ird` + 1', 2],
    ['log(1)', 0],
    ['log10(1000)', 3],
    ['log2(8)', 3],
    ['log1p(0)', 0],
    ['exp(0)', 1],
    ['sqrt(16)', 4],
    ['abs(neg)', 4],
    ['round(2.5)', 3],
    ['round(-2.5)', -3],
    ['round(3.14159, 2)', 3.14],
    ['floor(-1.5)', -2],
    ['ceil(1.2)', 2],
    ['pow(2, 10)', 1024],
    ['min(3, 1, 2)', 1],
    ['max(3, amount, 2)', 100],
    ['clamp(amount, 0, 10)', 10],
    ['clamp(neg, 0, 10)', 0],
    ['clamp(5, 0, 10)', 5],
    ['bucketize(amount, [0, 10, 100])', 3],
    ['bucketize(99.9, [0, 10, 100])', 2],
    ['bucketize(-1, [0, 10, 100])', 0],
    ['bucketize(10, [0, 10, 100])', 2],
    ['bucketize(-5, [-10, -1])', 1],
    ['year(ts)', 2024],
    ['month(ts)', 3],
    ['day(ts)', 5],
    ['hour(ts)', 14],
    ['minute(ts)', 30],
    ['dayofweek(ts)', 1],
    ['dayofweek(epoch)', 6],
    ['year(epoch)', 2023],
    ['day(date)', 29],
    ["month('2024-12-31T23:30:00-01:00')", 1],
    ["map(category, {'a': 1, 'b': 2}, -1)", 2],
    ["map('z', {'a': 1, 'b': 2}, -1)", -1],
    ["map('z', {'a': 1})", null],
    ["map(code, {1: 'one', 2: 'two'})", 'two'],
    ["map('2', {2: 'two'})", 'two'],
    ['lower(text)', '  hello '],
    ['upper(text)', '  HELLO '],
    ['trim(text)', 'Hello'],
    ["concat(category, '-', code)", 'b-2'],
    ['is_null(missing)', true],
    ['is_null(nan)', true],
    ['is_null(nothing_here)', true],
    ['is_null(amount)', false],
    ['coalesce(missing, nan, 7, 8)', 7],
    ['coalesce(missing)', null],
    ["if(amount > 50, 'big', 'small')", 'big'],
    ["if(missing > 50, 'big', 'small')", 'small'],
    ['amount >= 100 and flag', true],
    ['not flag or amount < 0', false],
    ['!(1 == 1) || 2 <> 3', true],
    ["category == 'b'", true],
    ["category != 'b'", false],
    ["'abc' < 'abd'", true],
    ['numtext == 2.5', true],
    ["category == 1", false],
    ["category != 1", true],
    ["category < 1", null],
    ['true == true', true],
    ['true < false', null],
    ["'it''s' == \"it's\"", true],
  ])('%s → %j', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('compiles once and evaluates many rows', () => {
    const f = compileExpression('log1p(amount) * 2');
    expect([0, Math.E - 1, null].map((amount) => f.evaluate({ amount }))).toEqual([0, 2, null]);
  });
});

describe('compileExpression: nulls and bad data (never throws on data)', () => {
  it.each<[string]>([
    ['missing + 1'],
    ['1 - nan'],
    ['-missing'],
    ['abs(missing)'],
    ['amount / zero'],
    ['amount % zero'],
    ['log(zero)'],
    ['log(neg)'],
    ['log1p(-1)'],
    ['sqrt(neg)'],
    ['exp(1000)'],
    ['pow(zero, -1)'],
    ['clamp(5, 10, 0)'],
    ['round(2.5, 0.5)'],
    ['min(1, missing)'],
    ['bucketize(missing, [1])'],
    ['year(text)'],
    ['hour(flag)'],
    ['lower(amount)'],
    ["map(missing, {'a': 1}, 0)"],
    ["concat('a', missing)"],
    ['missing == missing'],
    ['missing < 1'],
    ['not missing'],
    ['text * 2'],
    ['missing and flag'],
    ['flag and missing'],
    ['missing or false'],
  ])('%s → null', (source) => {
    expect(run(source)).toBeNull();
  });

  it('follows three-valued logic: the deciding side wins over null', () => {
    expect(run('missing and false')).toBe(false);
    expect(run('false and missing')).toBe(false);
    expect(run('missing or true')).toBe(true);
    expect(run('is_null(missing) or missing > 5')).toBe(true);
  });

  it('reads only a row’s own data, never its prototype', () => {
    expect(run('is_null(constructor)', {})).toBe(true);
    expect(run('is_null(`__proto__`)', {})).toBe(true);
    expect(run('toString', {})).toBeNull();
    expect(run("map(x, {'__proto__': 1, 'constructor': 2})", { x: '__proto__' })).toBe(1);
    expect(run("map(x, {'a': 1})", { x: 'toString' })).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('maps objects, arrays, undefined and infinities to null', () => {
    const f = compileExpression('coalesce(v, -1)');
    expect([{ a: 1 }, [1], undefined, Infinity, -Infinity, 10n].map((v) => f.evaluate({ v }))).toEqual([-1, -1, -1, -1, -1, 10]);
  });
});

describe('compileExpression: references and types', () => {
  it('lists the columns read, in order of first use', () => {
    expect(compileExpression('if(b > 0, a / b, coalesce(a, `c d`, b))').references).toEqual(['b', 'a', 'c d']);
    expect(compileExpression('1 + 2').references).toEqual([]);
  });

  it.each<[string, string]>([
    ['amount * 2', 'number'],
    ['amount > 2', 'boolean'],
    ['lower(name)', 'string'],
    ["if(flag, 'a', 'b')", 'string'],
    ["if(flag, 'a', null)", 'string'],
    ["if(flag, 'a', 1)", 'unknown'],
    ['coalesce(amount, 0)', 'number'],
    ['coalesce(name, amount)', 'unknown'],
    ["map(name, {'a': 1}, 0)", 'number'],
    ['name', 'string'],
    ['seen_at', 'timestamp'],
    ['year(seen_at)', 'number'],
    ['is_null(name)', 'boolean'],
    ['whatever', 'unknown'],
  ])('%s is %s', (source, dtype) => {
    const columns = { amount: 'number', flag: 'boolean', name: 'string', seen_at: 'timestamp', whatever: 'unknown' } as const;
    expect(compileExpression(source, { columns }).dtype).toBe(dtype);
  });
});

describe('compileExpression: definition errors name the position and what was expected', () => {
  const error = (source: string, columns?: readonly string[]): FeatureEngineError => {
    try {
      compileExpression(source, { columns });
    } catch (e) {
      if (e instanceof FeatureEngineError) return e;
      throw e;
    }
    throw new Error(`${source} compiled`);
  };

  it.each<[string, string, string, number]>([
    ['1 +', 'EXPRESSION_SYNTAX', 'Expected a value, a column or a function call at position 3 but found the end of the expression', 3],
    ['clamp(x, 0', 'EXPRESSION_SYNTAX', "Expected ',' or ')' to close the call to clamp() opened at position 0 at position 10 but found the end of the expression", 10],
    ['(a + b', 'EXPRESSION_SYNTAX', "Expected ')' to close the '(' at position 0 at position 6 but found the end of the expression", 6],
    ['a b', 'EXPRESSION_SYNTAX', "Expected an operator or the end of the expression at position 2 but found 'b'", 2],
    ['a = 1', 'EXPRESSION_SYNTAX', "Unexpected '=' at position 2: use '==' to compare", 2],
    ["'open", 'EXPRESSION_SYNTAX', "Unterminated string starting at position 0: expected a closing '", 0],
    ['`col', 'EXPRESSION_SYNTAX', 'Unterminated quoted column name starting at position 0: expected a closing `', 0],
    ['a < b < c', 'EXPRESSION_SYNTAX', "Comparisons cannot be chained at position 6: write 'a < b and b < c'", 6],
    ['a # b', 'EXPRESSION_SYNTAX', "Unexpected character '#' at position 2", 2],
    ['12abc', 'EXPRESSION_SYNTAX', "Invalid number '12a' at position 0: a number cannot run into a name", 0],
    ['', 'EXPRESSION_SYNTAX', 'Empty expression: expected a value, a column or a function call', 0],
    ['[1, 2]', 'EXPRESSION_SYNTAX', 'A list [...] at position 0 is only allowed as the boundaries of bucketize()', 0],
    ["{'a': 1}", 'EXPRESSION_SYNTAX', 'A mapping {...} at position 0 is only allowed as the second argument of map()', 0],
    ["map(x, {a: 1})", 'EXPRESSION_SYNTAX', "Expected a string, number or boolean key at position 8 but found 'a'", 8],
    ['lg(x)', 'EXPRESSION_UNKNOWN_FUNCTION', "Unknown function 'lg' at position 0 (did you mean 'log'?); known functions: abs, bucketize, ceil, clamp,", 0],
    ['clamp(x, 1)', 'EXPRESSION_ARGUMENTS', 'clamp() takes 3 arguments but got 2 at position 0: clamp(x, lo, hi) — null when lo > hi', 0],
    ['log()', 'EXPRESSION_ARGUMENTS', 'log() takes 1 argument but got 0 at position 0', 0],
    ['bucketize(x, [10, 5])', 'EXPRESSION_ARGUMENTS', 'bucketize() boundaries must be strictly increasing; 5 follows 10 at position 13', 13],
    ['bucketize(x, [a])', 'EXPRESSION_ARGUMENTS', 'bucketize() boundaries must be number literals; found column at position 14', 14],
    ['bucketize(x, 5)', 'EXPRESSION_ARGUMENTS', 'bucketize() expects a list of numbers like [0, 10, 100] at position 13', 13],
    ["map(x, 'a')", 'EXPRESSION_ARGUMENTS', "map() expects a mapping like {'a': 1, 'b': 2} as argument 2 at position 7", 7],
    ["map(x, {'1': 1, 1: 2})", 'EXPRESSION_ARGUMENTS', 'map() has the key 1 twice at position 7', 7],
    ["'a' + 1", 'EXPRESSION_TYPE', "Operator '+' (use concat() to join text) expects number or boolean or timestamp but got string at position 0", 0],
    ["if(1, 2, 3)", 'EXPRESSION_TYPE', 'if() condition expects boolean but got number at position 3', 3],
    ["upper(3)", 'EXPRESSION_TYPE', 'upper() expects string but got number at position 6', 6],
    ["not 'x'", 'EXPRESSION_TYPE', "Operator 'not' expects boolean but got string at position 0", 0],
  ])('%j', (source, code, message, position) => {
    const e = error(source);
    expect(e.message).toContain(message);
    expect(e.code).toBe(code);
    expect(e.position).toBe(position);
  });

  it('lists the known columns for an unknown one, with a suggestion', () => {
    const e = error('amout * 2', ['amount', 'category']);
    expect(e.code).toBe('EXPRESSION_UNKNOWN_COLUMN');
    expect(e.message).toBe("Unknown column 'amout' at position 0 (did you mean 'amount'?); known columns: amount, category");
  });

  it('type-checks declared columns', () => {
    expect(() => compileExpression('name * 2', { columns: { name: 'string' } })).toThrow("Operator '*' expects number or boolean or timestamp but got string at position 0");
  });

  it('bounds length and nesting so a hostile expression cannot exhaust the stack', () => {
    expect(error('('.repeat(500) + '1' + ')'.repeat(500)).code).toBe('EXPRESSION_TOO_COMPLEX');
    expect(error('-'.repeat(500) + '1').code).toBe('EXPRESSION_TOO_COMPLEX');
    expect(error('not '.repeat(500) + 'true').code).toBe('EXPRESSION_TOO_COMPLEX');
    expect(error('1' + ' + 1'.repeat(3000)).code).toBe('EXPRESSION_TOO_COMPLEX');
    expect(compileExpression('1' + ' + 1'.repeat(1000)).evaluate({})).toBe(1001);
  });
});

describe('compileFeatureSet', () => {
  it('evaluates every feature and names the feature a definition error belongs to', () => {
    const set = compileFeatureSet({ log_amount: 'log1p(amount)', big: 'amount > 50' });
    expect(set.references).toEqual(['amount']);
    expect(set.evaluate({ amount: 0 })).toEqual({ log_amount: 0, big: false });
    expect(() => compileFeatureSet({ ok: '1', broken: 'log(' })).toThrow(/^Feature "broken": Expected a value/);
  });
});
