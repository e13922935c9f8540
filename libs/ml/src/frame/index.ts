export { type Row, cell, columnNames } from './row';
export { MISSING_TOKENS, isMissing, parseNumber, parseBoolean, parseTimestamp, categoryKey, valueKind, type ValueKind } from './values';
export { hashRows } from './rows-hash';
export { type ColumnType, type ColumnProfile, TYPE_DOMINANCE, profileColumn, profileColumns, inferColumnTypes } from './column-types';
