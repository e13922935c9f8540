/**
 * Recursive-descent (precedence-climbing) parser of the feature expression language into a
 * small AST. Grammar, loosest binding first:
 *
 *   expr       := or
 *   or         := and ( ('or' | '||') and )*
 *   and        := not ( ('and' | '&&') not )*
 *   not        := ('not' | '!') not | comparison
 *   comparison := additive ( ('==' | '!=' | '<>' | '<' | '<=' | '>' | '>=') additive )?   -- no chaining
 *   additive   := term ( ('+' | '-') term )*
 *   term       := unary ( ('*' | '/' | '%') unary )*
 *   unary      := ('-' | '+') unary | primary
 *   primary    := number | string | true | false | null | column | call | '(' expr ')'
 *               | '[' expr (',' expr)* ']'                 -- list, only as a function argument
 *               | '{' literal ':' expr (',' ...)* '}'     -- mapping, only as a function argument
 *   call       := identifier '(' (expr (',' expr)*)? ')'
 *   column     := identifier | `quoted name`
 */
import { FeatureEngineError } from '../engine.error';
import { type Token, tokenize } from './lexer';

export type LiteralValue = number | string | boolean | null;

export type ExpressionNode =
  | { kind: 'literal'; value: LiteralValue; position: number }
  | { kind: 'column'; name: string; position: number }
  | { kind: 'unary'; op: '-' | 'not'; operand: ExpressionNode; position: number }
  | { kind: 'binary'; op: BinaryOperator; left: ExpressionNode; right: ExpressionNode; position: number }
  | { kind: 'logical'; op: 'and' | 'or'; left: ExpressionNode; right: ExpressionNode; position: number }
  | { kind: 'call'; name: string; args: ExpressionNode[]; position: number }
  | { kind: 'list'; items: ExpressionNode[]; position: number }
  | { kind: 'mapping'; entries: Array<{ key: LiteralValue; value: ExpressionNode }>; position: number };

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator;

/** Bounds that keep a hostile expression from exhausting the stack or the CPU at compile time. */
export const MAX_EXPRESSION_LENGTH = 10_000;
export const MAX_NESTING_DEPTH = 64;

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<>', '<', '<=', '>', '>=']);

export function parseExpression(source: string): ExpressionNode {
  if (typeof source !== 'string' || source.trim().length === 0) {
    throw new FeatureEngineError('EXPRESSION_SYNTAX', 'Empty expression: expected a value, a column or a function call', 0);
  }
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new FeatureEngineError('EXPRESSION_TOO_COMPLEX', `Expression is ${source.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`, MAX_EXPRESSION_LENGTH);
  }
  return new Parser(tokenize(source)).parseAll();
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): ExpressionNode {
    const node = this.expression();
    const next = this.peek();
    if (next.kind !== 'end') throw this.expected('an operator or the end of the expression', next);
    return node;
  }

  private expression(): ExpressionNode {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new FeatureEngineError('EXPRESSION_TOO_COMPLEX', `Expression nests deeper than ${MAX_NESTING_DEPTH} levels at position ${this.peek().position}`, this.peek().position);
    }
    const node = this.or();
    this.depth--;
    return node;
  }

  private or(): ExpressionNode {
    return this.logicalChain('or', '||', () => this.and());
  }

  private and(): ExpressionNode {
    return this.logicalChain('and', '&&', () => this.not());
  }

  private logicalChain(word: 'and' | 'or', symbol: string, operand: () => ExpressionNode): ExpressionNode {
    let left = operand();
    while (this.matchWord(word) || this.matchOperator(symbol)) {
      const position = this.previous().position;
      left = { kind: 'logical', op: word, left, right: operand(), position };
    }
    return left;
  }

  private not(): ExpressionNode {
    if (this.matchWord('not') || this.matchOperator('!')) {
      const position = this.previous().position;
      return { kind: 'unary', op: 'not', operand: this.nested(() => this.not()), position };
    }
    return this.comparison();
  }

  private comparison(): ExpressionNode {
    const left = this.additive();
    const token = this.peek();
    if (token.kind !== 'operator' || !COMPARISONS.has(token.text)) return left;
    this.index++;
    const op = (token.text === '<>' ? '!=' : token.text) as ComparisonOperator;
    const node: ExpressionNode = { kind: 'binary', op, left, right: this.additive(), position: token.position };
    const after = this.peek();
    if (after.kind === 'operator' && COMPARISONS.has(after.text)) {
      throw new FeatureEngineError('EXPRESSION_SYNTAX', `Comparisons cannot be chained at position ${after.position}: write 'a < b and b < c'`, after.position);
    }
    return node;
  }

  private additive(): ExpressionNode {
    return this.arithmeticChain(['+', '-'], () => this.term());
  }

  private term(): ExpressionNode {
    return this.arithmeticChain(['*', '/', '%'], () => this.unary());
  }

  private arithmeticChain(ops: readonly ArithmeticOperator[], operand: () => ExpressionNode): ExpressionNode {
    let left = operand();
    while (ops.some((op) => this.matchOperator(op))) {
      const token = this.previous();
      left = { kind: 'binary', op: token.text as ArithmeticOperator, left, right: operand(), position: token.position };
    }
    return left;
  }

  private unary(): ExpressionNode {
    if (this.matchOperator('-')) {
      const position = this.previous().position;
      const operand = this.nested(() => this.unary());
      // Fold "-3" into a literal so that lists and mappings accept negative numbers as constants.
      if (operand.kind === 'literal' && typeof operand.value === 'number') return { kind: 'literal', value: -operand.value, position };
      return { kind: 'unary', op: '-', operand, position };
    }
    if (this.matchOperator('+')) return this.nested(() => this.unary());
    return this.primary();
  }

  private primary(): ExpressionNode {
    const token = this.advance();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: token.value!, position: token.position };
      case 'string':
        return { kind: 'literal', value: token.text, position: token.position };
      case 'keyword':
        if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true', position: token.position };
        if (token.text === 'null') return { kind: 'literal', value: null, position: token.position };
        throw this.expected('a value, a column or a function call', token);
      case 'identifier':
        // A backtick-quoted name is always a column, even before '(' — so a column may be called `log`.
        if (this.peek().kind === 'punctuation' && this.peek().text === '(' && !token.quoted) return this.call(token);
        return { kind: 'column', name: token.text, position: token.position };
      case 'punctuation':
        if (token.text === '(') {
          const inner = this.expression();
          this.expect(')', `')' to close the '(' at position ${token.position}`);
          return inner;
        }
        if (token.text === '[') return this.list(token);
        if (token.text === '{') return this.mapping(token);
        throw this.expected('a value, a column or a function call', token);
      default:
        throw this.expected('a value, a column or a function call', token);
    }
  }

  private call(name: Token): ExpressionNode {
    this.index++; // '('
    const args: ExpressionNode[] = [];
    if (!this.matchPunctuation(')')) {
      do args.push(this.expression());
      while (this.matchPunctuation(','));
      this.expect(')', `',' or ')' to close the call to ${name.text}() opened at position ${name.position}`);
    }
    return { kind: 'call', name: name.text.toLowerCase(), args, position: name.position };
  }

  private list(open: Token): ExpressionNode {
    const items: ExpressionNode[] = [];
    if (!this.matchPunctuation(']')) {
      do items.push(this.expression());
      while (this.matchPunctuation(','));
      this.expect(']', `',' or ']' to close the list opened at position ${open.position}`);
    }
    return { kind: 'list', items, position: open.position };
  }

  private mapping(open: Token): ExpressionNode {
    const entries: Array<{ key: LiteralValue; value: ExpressionNode }> = [];
    if (!this.matchPunctuation('}')) {
      do {
        const keyToken = this.advance();
        const key = keyToken.kind === 'string' ? keyToken.text : keyToken.kind === 'number' ? keyToken.value! : keyToken.kind === 'keyword' && (keyToken.text === 'true' || keyToken.text === 'false') ? keyToken.text === 'true' : undefined;
        if (key === undefined) throw this.expected('a string, number or boolean key', keyToken);
        this.expect(':', `':' after the key at position ${keyToken.position}`);
        entries.push({ key, value: this.expression() });
      } while (this.matchPunctuation(','));
      this.expect('}', `',' or '}' to close the mapping opened at position ${open.position}`);
    }
    return { kind: 'mapping', entries, position: open.position };
  }

  private nested(parse: () => ExpressionNode): ExpressionNode {
    if (++this.depth > MAX_NESTING_DEPTH) {
      throw new FeatureEngineError('EXPRESSION_TOO_COMPLEX', `Expression nests deeper than ${MAX_NESTING_DEPTH} levels at position ${this.peek().position}`, this.peek().position);
    }
    const node = parse();
    this.depth--;
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private previous(): Token {
    return this.tokens[this.index - 1];
  }

  private advance(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private matchWord(word: string): boolean {
    const token = this.peek();
    if (token.kind === 'keyword' && token.text === word) return this.step();
    return false;
  }

  private matchOperator(op: string): boolean {
    const token = this.peek();
    if (token.kind === 'operator' && token.text === op) return this.step();
    return false;
  }

  private matchPunctuation(p: string): boolean {
    const token = this.peek();
    if (token.kind === 'punctuation' && token.text === p) return this.step();
    return false;
  }

  private step(): true {
    this.index++;
    return true;
  }

  private expect(p: string, what: string): void {
    if (!this.matchPunctuation(p)) throw this.expected(what, this.peek());
  }

  private expected(what: string, found: Token): FeatureEngineError {
    const shown = found.kind === 'end' ? 'the end of the expression' : found.kind === 'string' ? JSON.stringify(found.text) : `'${found.text}'`;
    return new FeatureEngineError('EXPRESSION_SYNTAX', `Expected ${what} at position ${found.position} but found ${shown}`, found.position);
  }
}
