/**
 * Tokenizer of the feature expression language (the language is described in compile-expression.ts).
 * Hand-written on purpose: the language is tiny, and positions in error messages come for free.
 */
import { FeatureEngineError } from '../engine.error';

export type TokenKind = 'number' | 'string' | 'identifier' | 'keyword' | 'operator' | 'punctuation' | 'end';

export interface Token {
  kind: TokenKind;
  /** Decoded text: the identifier's name without backticks, the string's value without quotes. */
  text: string;
  /** Offset of the first character in the source. */
  position: number;
  /** Parsed value of a number literal. */
  value?: number;
  /** The identifier was written in backticks. */
  quoted?: boolean;
}

export const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

// Longest first so that "<=" is not read as "<" then "=".
const OPERATORS = ['==', '!=', '<>', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!'];
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':']);
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(ch)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source);
      if (!m) throw syntax(`Unexpected character '${ch}' at position ${i}`, i);
      i += m[0].length;
      if (i < source.length && /[A-Za-z_]/.test(source[i])) {
        throw syntax(`Invalid number '${m[0]}${source[i]}' at position ${start}: a number cannot run into a name`, start);
      }
      tokens.push({ kind: 'number', text: m[0], value: Number(m[0]), position: start });
      continue;
    }
    if (ch === "'" || ch === '"') {
      const { text, end } = readQuoted(source, i, ch, 'string');
      tokens.push({ kind: 'string', text, position: start });
      i = end;
      continue;
    }
    if (ch === '`') {
      const { text, end } = readQuoted(source, i, '`', 'quoted column name');
      if (text.length === 0) throw syntax(`Empty quoted column name at position ${start}`, start);
      tokens.push({ kind: 'identifier', text, position: start, quoted: true });
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      IDENTIFIER.lastIndex = i;
      const word = IDENTIFIER.exec(source)![0];
      i += word.length;
      const lower = word.toLowerCase();
      tokens.push(KEYWORDS.has(lower) ? { kind: 'keyword', text: lower, position: start } : { kind: 'identifier', text: word, position: start });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'operator', text: op, position: start });
      i += op.length;
      continue;
    }
    if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: 'punctuation', text: ch, position: start });
      i++;
      continue;
    }
    if (ch === '=') throw syntax(`Unexpected '=' at position ${i}: use '==' to compare`, i);
    throw syntax(`Unexpected character '${ch}' at position ${i}`, i);
  }
  tokens.push({ kind: 'end', text: 'end of expression', position: source.length });
  return tokens;
}

/**
 * Reads a quoted run starting at `start` (the opening quote). The quote character is escaped by
 * doubling it (SQL style: 'it''s', `a``b`); backslash escapes \n \t \\ \' \" are also accepted in strings.
 */
function readQuoted(source: string, start: number, quote: string, what: string): { text: string; end: number } {
  let text = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === quote) {
      if (source[i + 1] === quote) {
        text += quote;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    if (ch === '\\' && quote !== '`' && i + 1 < source.length) {
      const next = source[i + 1];
      text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
      continue;
    }
    text += ch;
    i++;
  }
  throw syntax(`Unterminated ${what} starting at position ${start}: expected a closing ${quote}`, start);
}

function syntax(message: string, position: number): FeatureEngineError {
  return new FeatureEngineError('EXPRESSION_SYNTAX', message, position);
}
