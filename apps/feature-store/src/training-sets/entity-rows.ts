import type { FieldError } from '@foresight/contracts';
import { entityIdOf } from '@foresight/feature-store-client';
import { ValidationException } from '@foresight/platform';
import { instantToMs } from '../engine';

export const ENTITY_ID_COLUMN = 'entityId';
export const TIMESTAMP_COLUMN = 'timestamp';
const MAX_ERRORS = 20;

type Cell = number | string | boolean | null;

/**
 * The labelled rows of a training set, held column by column (an array per column and typed
 * arrays for times and order: a million rows of a few columns take tens of MB, where row
 * objects would take hundreds), with each row's entity id per entity the selected views key by,
 * and the order (entity, time) the point-in-time join walks them in.
 *
 * A row names its entity by the entity's join keys as columns (several views of different
 * entities can then share one row), else by `entityId`. Its `timestamp` must be a timestamp.
 */
export class EntityRowTable {
  private readonly cells: Cell[][];
  private readonly times: number[] = [];
  private readonly ids: Map<string, string[]>;
  private readonly errors: FieldError[] = [];
  private errorCount = 0;
  private size = 0;

  constructor(
    readonly columns: readonly string[],
    private readonly entities: ReadonlyArray<{ name: string; joinKeys: readonly string[] }>,
    private readonly where: string,
  ) {
    this.cells = columns.map(() => []);
    this.ids = new Map(entities.map((e) => [e.name, []]));
  }

  get length(): number {
    return this.size;
  }

  add(row: Readonly<Record<string, unknown>>): void {
    const index = this.size + this.errorCount;
    const time = instantToMs(row[TIMESTAMP_COLUMN]);
    if (time === undefined) return this.reject(index, `"${TIMESTAMP_COLUMN}" is ${JSON.stringify(row[TIMESTAMP_COLUMN] ?? null)}, not a timestamp`);
    const ids: string[] = [];
    for (const { name, joinKeys } of this.entities) {
      const id = entityOf(row, joinKeys);
      if (id === undefined) return this.reject(index, `names no "${name}" entity: give "${ENTITY_ID_COLUMN}" or the join key${joinKeys.length > 1 ? 's' : ''} ${joinKeys.map((k) => `"${k}"`).join(', ')}`);
      ids.push(id);
    }
    this.entities.forEach((e, k) => this.ids.get(e.name)!.push(ids[k]!));
    this.times.push(time);
    this.columns.forEach((column, c) => this.cells[c]!.push(cellOf(row[column])));
    this.size++;
  }

  /** Throws a 400 listing the first bad rows, if any were added. */
  checkValid(): void {
    if (this.errorCount === 0) return;
    throw new ValidationException(`${this.errorCount} entity row${this.errorCount > 1 ? 's are' : ' is'} invalid: ${this.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, this.errors);
  }

  time(i: number): number {
    return this.times[i]!;
  }

  entityId(entity: string, i: number): string {
    return this.ids.get(entity)![i]!;
  }

  /** The row's own columns as an object (the start of its training-set row). */
  passthrough(i: number): Record<string, Cell> {
    const out: Record<string, Cell> = {};
    this.columns.forEach((column, c) => (out[column] = this.cells[c]![i]!));
    return out;
  }

  /**
   * Row indices ordered by (entity of `entity`, time, position): each entity's rows are then
   * consecutive and in time order. Entities are ranked once so the sort compares numbers.
   */
  order(entity: string): Uint32Array {
    const ids = this.ids.get(entity)!;
    const ranks = new Map<string, number>();
    [...new Set(ids)].sort().forEach((id, r) => ranks.set(id, r));
    const rank = Float64Array.from(ids, (id) => ranks.get(id)!);
    const times = this.times;
    const order = Uint32Array.from({ length: this.size }, (_, i) => i);
    return order.sort((a, b) => rank[a]! - rank[b]! || times[a]! - times[b]! || a - b);
  }

  private reject(index: number, message: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_ERRORS) this.errors.push({ path: `${this.where}.${index}`, message });
  }
}

function entityOf(row: Readonly<Record<string, unknown>>, joinKeys: readonly string[]): string | undefined {
  if (joinKeys.every((k) => present(row[k]))) return entityIdOf(joinKeys, row);
  const id = row[ENTITY_ID_COLUMN];
  return present(id) ? String(id) : undefined;
}

const present = (v: unknown): boolean => v !== null && v !== undefined && v !== '';

function cellOf(v: unknown): Cell {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return null;
}
