// The CLI's call syntax for a named thing with options: `name`, `name()`, `name(key=value, ...)`.
// A value is a finite number (decimal or scientific, as written: `1e-3`, `-0.5`, `.5`), a bare word
// (a string: `fan_out`, `tanh`) or a nested call (`calculate_gain(leaky_relu, 0.2)`), and any call
// may take positional arguments before its keyword ones; the caller decides which it accepts. Used
// by `--init`/`--bias-init` (src/init/registry.ts initFromCall), by `--activations` (src/cli/activation-list.ts)
// and for activation labels (src/activations/hidden.ts); platform-neutral, so the browser bundle has it.
import { InputError } from './validate.js';

/** An argument: a number, a bare word, or a nested call. */
export type CallValue = number | string | CallExpr;

/** `name(args..., key=value, ...)`; `name` and `name()` have no args and no options. */
export interface CallExpr {
  name: string;
  /** Positional arguments, in order. */
  args: CallValue[];
  /** Keyword arguments, in the order written. */
  options: Record<string, CallValue>;
}

/** What a name, a key or a bare word must look like. */
const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_]/;
/** A number token: JavaScript's decimal literals with an optional sign (no hex, no separators, no Infinity). */
const NUMBER_AT = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
/** Bare words that would read as non-finite numbers; refused rather than taken as strings. */
const NON_FINITE_WORD = /^(?:nan|inf|infinity)$/i;
/** Nesting deeper than this is refused (no sane option needs it; it bounds the recursion). */
const MAX_DEPTH = 16;

/**
 * The call `text` spells, or an InputError naming `field` and the text, whose rule says what is wrong
 * and where: `expected ")" at column 21` (columns count from 1).
 */
export function parseCall(text: string, field: string): CallExpr {
  if (typeof text !== 'string') throw new InputError(field, text, 'must be a call such as name or name(key=value, ...)');
  const parser = new Parser(text, field);
  parser.skipSpace();
  const expr = parser.call(0);
  parser.skipSpace();
  if (!parser.atEnd()) parser.fail(`unexpected ${parser.shown()} after the call`);
  return expr;
}

class Parser {
  private at = 0;
  constructor(
    private readonly text: string,
    private readonly field: string,
  ) {}

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at++;
  }

  /** The character at the cursor as a message shows it. */
  shown(): string {
    return this.atEnd() ? 'end of text' : JSON.stringify(this.text[this.at]);
  }

  fail(what: string, column = this.at + 1): never {
    throw new InputError(this.field, this.text, `${what} at column ${column}`);
  }

  private word(what: string): string {
    const start = this.at;
    if (this.atEnd() || !WORD_START.test(this.text[this.at] as string)) this.fail(`expected ${what}, found ${this.shown()}`);
    while (this.at < this.text.length && WORD_CHAR.test(this.text[this.at] as string)) this.at++;
    return this.text.slice(start, this.at);
  }

  /** name, or name(arguments); the cursor is on the name. */
  call(depth: number): CallExpr {
    const start = this.at;
    const name = this.word('a name');
    if (NON_FINITE_WORD.test(name)) this.fail(`${name} is not a name`, start + 1);
    const expr: CallExpr = { name, args: [], options: {} };
    this.skipSpace();
    if (this.text[this.at] !== '(') return expr;
    if (depth >= MAX_DEPTH) this.fail(`calls nest deeper than ${MAX_DEPTH}`);
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === ')') {
      this.at++;
      return expr;
    }
    let keyword = false;
    for (;;) {
      this.skipSpace();
      const argStart = this.at;
      // key=value when a word is followed by "=", else a positional value.
      let key: string | undefined;
      if (!this.atEnd() && WORD_START.test(this.text[this.at] as string)) {
        const save = this.at;
        const word = this.word('an argument');
        this.skipSpace();
        if (this.text[this.at] === '=') {
          key = word;
          this.at++;
        } else this.at = save;
      }
      const value = this.value(depth + 1);
      if (key === undefined && keyword) this.fail('positional argument after keyword arguments', argStart + 1);
      if (key === undefined) expr.args.push(value);
      else {
        if (Object.hasOwn(expr.options, key)) this.fail(`repeats the option ${key}`, argStart + 1);
        keyword = true;
        // Defined, not assigned: a key __proto__ is an option like any other.
        Object.defineProperty(expr.options, key, { value, enumerable: true, writable: true, configurable: true });
      }
      this.skipSpace();
      const next = this.text[this.at];
      if (next === ',') {
        this.at++;
        continue;
      }
      if (next === ')') {
        this.at++;
        return expr;
      }
      this.fail(`expected "," or ")", found ${this.shown()}`);
    }
  }

  private value(depth: number): CallValue {
    this.skipSpace();
    const start = this.at;
    NUMBER_AT.lastIndex = this.at;
    const number = NUMBER_AT.exec(this.text);
    if (number) {
      this.at += number[0].length;
      if (!this.atEnd() && (WORD_CHAR.test(this.text[this.at] as string) || this.text[this.at] === '.')) {
        this.fail(`malformed number ${JSON.stringify(this.text.slice(start, this.at + 1))}`, start + 1);
      }
      const value = Number(number[0]);
      if (!Number.isFinite(value)) this.fail(`${number[0]} is not a finite number`, start + 1);
      return value;
    }
    if (this.atEnd() || !WORD_START.test(this.text[this.at] as string)) {
      this.fail(`expected a value (a number, a word or a call), found ${this.shown()}`);
    }
    const word = this.word('a value');
    if (NON_FINITE_WORD.test(word)) this.fail(`${word} is not a finite number`, start + 1);
    const save = this.at;
    this.skipSpace();
    if (this.text[this.at] === '(') {
      this.at = start;
      return this.call(depth);
    }
    this.at = save;
    return word;
  }
}

/**
 * The canonical text of a call: `name` without options, else `name(key=value, key=value)` in the
 * order given, positional `args` first (a nested call without arguments is `name()`: a bare word
 * there is a string). Numbers are written as JavaScript's shortest round-trip
 * form (String(x); -0 as "-0"), so parseCall(formatCall(...)) gives the very values back.
 */
export function formatCall(name: string, options: Readonly<Record<string, CallValue>> = {}, args: readonly CallValue[] = []): string {
  checkWord(name, 'name');
  const parts = args.map((value, i) => formatValue(value, `${name}[${i}]`));
  for (const [key, value] of Object.entries(options)) {
    checkWord(key, `${name}.${key}`);
    parts.push(`${key}=${formatValue(value, `${name}.${key}`)}`);
  }
  return parts.length === 0 ? name : `${name}(${parts.join(', ')})`;
}

/** formatCall of a parsed (or built) CallExpr. */
export function formatCallExpr(expr: CallExpr): string {
  return formatCall(expr.name, expr.options, expr.args);
}

function formatValue(value: CallValue, field: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InputError(field, value, 'must be a finite number');
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (typeof value === 'string') {
    checkWord(value, field);
    return value;
  }
  if (typeof value === 'object' && value !== null && typeof value.name === 'string') {
    // A nested call keeps its parentheses: a bare word there is a string.
    const text = formatCallExpr(value);
    return text === value.name ? `${text}()` : text;
  }
  throw new InputError(field, value, 'must be a number, a word or a call');
}

function checkWord(word: unknown, field: string): void {
  if (typeof word !== 'string' || !WORD.test(word) || NON_FINITE_WORD.test(word)) {
    throw new InputError(field, word, 'must be a word (letters, digits and _, not starting with a digit; not NaN or Infinity)');
  }
}
