import type { DatasetColumnType, DatasetSchemaChange } from '@foresight/contracts';

export interface ColumnType {
  name: string;
  type: DatasetColumnType;
}

/** Type changes every reader of the old type still reads: all integers are numbers, all categories text. */
const WIDENINGS = new Set(['integer>number', 'category>text']);

/**
 * What changed from the previous version's columns to the new ones: added columns (always
 * safe: earlier versions read them as null), dropped ones and retyped ones (breaking unless
 * the new type widens the old). Ordered as the new version lists its columns, drops last.
 */
export function diffSchemas(previous: readonly ColumnType[], next: readonly ColumnType[]): DatasetSchemaChange[] {
  const before = new Map(previous.map((c) => [c.name, c.type]));
  const after = new Set(next.map((c) => c.name));
  const changes: DatasetSchemaChange[] = [];
  for (const { name, type } of next) {
    const old = before.get(name);
    if (old === undefined) changes.push({ column: name, change: 'added', to: type, breaking: false });
    else if (old !== type) changes.push({ column: name, change: 'retyped', from: old, to: type, breaking: !WIDENINGS.has(`${old}>${type}`) });
  }
  for (const { name, type } of previous) {
    if (!after.has(name)) changes.push({ column: name, change: 'dropped', from: type, breaking: true });
  }
  return changes;
}
