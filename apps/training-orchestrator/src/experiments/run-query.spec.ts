import { parseFilter, parseOrderBy, RunQueryException } from './run-query';

describe('run search language', () => {
  it('parses clauses joined by AND, with numbers and quoted strings', () => {
    expect(parseFilter(`metrics.rmse<3 and params.algorithm='gbdt' AND attributes.status != "failed" and params.lr >= 1e-3`)).toEqual([
      { field: { kind: 'metric', name: 'rmse' }, op: '<', value: 3 },
      { field: { kind: 'param', name: 'algorithm' }, op: '=', value: 'gbdt' },
      { field: { kind: 'attribute', name: 'status' }, op: '!=', value: 'failed' },
      { field: { kind: 'param', name: 'lr' }, op: '>=', value: 0.001 },
    ]);
    expect(parseFilter("status = 'succeeded'")).toEqual([{ field: { kind: 'attribute', name: 'status' }, op: '=', value: 'succeeded' }]);
    expect(parseFilter('')).toEqual([]);
  });

  it('keeps quotes and operators inside strings as data', () => {
    expect(parseFilter(`params.note = 'a < b and \\'c\\''`)[0]!.value).toBe("a < b and 'c'");
  });

  it.each([
    ['metrics.rmse <', /expected "<key> <op> <value>"/],
    ['metrics.rmse < abc', /is not a number or a quoted string/],
    ["metrics.rmse < 'low'", /metrics compare with numbers/],
    ['metrics.rmse < 3 or metrics.mae < 2', /expected AND/],
    ['metrics.rmse < 3 and', /dangling AND/],
    ["tags.x = 'y'", /keys start with metrics/],
    ["attributes.password = 'x'", /unknown attribute/],
    ["metrics.a;drop = 1", /cannot read|not a valid key|expected/],
  ])('rejects %p with a message naming the problem', (input, message) => {
    expect(() => parseFilter(input)).toThrow(RunQueryException);
    expect(() => parseFilter(input)).toThrow(message);
  });

  it('parses orderBy terms with optional direction', () => {
    expect(parseOrderBy('metrics.rmse, attributes.createdAt desc')).toEqual([
      { field: { kind: 'metric', name: 'rmse' }, direction: 'ASC' },
      { field: { kind: 'attribute', name: 'createdAt' }, direction: 'DESC' },
    ]);
    expect(() => parseOrderBy('metrics.rmse sideways')).toThrow(/is not ASC or DESC/);
  });
});
