import { diffSchemas } from './schema-diff';

describe('diffSchemas', () => {
  it('lists added, retyped (breaking unless widening) and dropped columns', () => {
    const before = [
      { name: 'id', type: 'integer' as const },
      { name: 'price', type: 'integer' as const },
      { name: 'city', type: 'category' as const },
      { name: 'flag', type: 'boolean' as const },
      { name: 'gone', type: 'text' as const },
    ];
    const after = [
      { name: 'id', type: 'integer' as const },
      { name: 'price', type: 'number' as const },
      { name: 'city', type: 'text' as const },
      { name: 'flag', type: 'category' as const },
      { name: 'new', type: 'timestamp' as const },
    ];
    expect(diffSchemas(before, after)).toEqual([
      { column: 'price', change: 'retyped', from: 'integer', to: 'number', breaking: false },
      { column: 'city', change: 'retyped', from: 'category', to: 'text', breaking: false },
      { column: 'flag', change: 'retyped', from: 'boolean', to: 'category', breaking: true },
      { column: 'new', change: 'added', to: 'timestamp', breaking: false },
      { column: 'gone', change: 'dropped', from: 'text', breaking: true },
    ]);
    expect(diffSchemas(before, before)).toEqual([]);
  });
});
