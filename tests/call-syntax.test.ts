// The CLI's call syntax (src/call-syntax.ts): what parses to what, every refusal with its field,
// text and column, and formatCall → parseCall round trips (fast-check, fixed seeds).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type CallExpr, type CallValue, formatCall, formatCallExpr, parseCall } from '../src/call-syntax.js';
import { throwsInputFor } from './helpers/throws.js';

const FC = (numRuns: number, seed: number) => ({ numRuns, seed, endOnFailure: true, includeErrorInReport: true });
const call = (name: string, options: Record<string, CallValue> = {}, args: CallValue[] = []): CallExpr => ({ name, args, options });

test('a bare name and an empty call are the same: no arguments', () => {
  assert.equal(parseCall('zeros', '--init'), call('zeros'));
  assert.equal(parseCall('zeros()', '--init'), call('zeros'));
  assert.equal(parseCall('  zeros ( )  ', '--init'), call('zeros'));
});

test('keyword arguments: numbers as written, bare words as strings, nested calls', () => {
  assert.equal(parseCall('leaky_relu(negativeSlope=0.2)', 'f'), call('leaky_relu', { negativeSlope: 0.2 }));
  assert.equal(
    parseCall('kaiming_uniform(a=-0.5, mode=fan_out, nonlinearity=relu)', 'f'),
    call('kaiming_uniform', { a: -0.5, mode: 'fan_out', nonlinearity: 'relu' }),
  );
  assert.equal(
    parseCall('xavier_uniform(gain=calculate_gain(tanh))', 'f'),
    call('xavier_uniform', { gain: call('calculate_gain', {}, ['tanh']) }),
  );
  assert.equal(
    parseCall('xavier_normal( gain = calculate_gain( leaky_relu , 0.2 ) )', 'f'),
    call('xavier_normal', { gain: call('calculate_gain', {}, ['leaky_relu', 0.2]) }),
  );
  // Numbers: JavaScript's decimal literals, signs, exponents, leading/trailing dots.
  const values = parseCall('n(a=1e-3, b=-0.5, c=+2, d=.5, e=5., f=1E+2, g=-0, h=0.1)', 'f').options;
  assert.equal(values, { a: 1e-3, b: -0.5, c: 2, d: 0.5, e: 5, f: 100, g: -0, h: 0.1 });
  assert.ok(Object.is(values.g, -0));
  // Keys keep their written order; positional arguments come first and are returned for the caller to judge.
  assert.equal(Object.keys(parseCall('n(z=1, a=2, m=3)', 'f').options), ['z', 'a', 'm']);
  assert.equal(parseCall('n(1, two, k=3)', 'f'), call('n', { k: 3 }, [1, 'two']));
  // Nested, a word is a string and a word with parentheses a call; 16 levels of calls are fine.
  assert.equal(parseCall('n(a=b, c=d())', 'f'), call('n', { a: 'b', c: call('d') }));
  assert.is(formatCall('n', { a: 'b', c: call('d') }), 'n(a=b, c=d())');
  assert.ok(parseCall(`${'f(a='.repeat(15)}g()${')'.repeat(15)}`, 'f'));
  // A key __proto__ is an own option, not the object's prototype.
  const proto = parseCall('n(__proto__=1)', 'f').options;
  assert.ok(Object.hasOwn(proto, '__proto__'));
  assert.is(Object.getPrototypeOf(proto), Object.prototype);
});

test('refusals name the field and the text, and say what is wrong at which column', () => {
  const cases: [string, string][] = [
    ['', 'expected a name, found end of text at column 1'],
    ['   ', 'expected a name, found end of text at column 4'],
    ['1abc', 'expected a name, found "1" at column 1'],
    ['zeros(', 'expected a value (a number, a word or a call), found end of text at column 7'],
    ['xavier_uniform(gain=1', 'expected "," or ")", found end of text at column 22'],
    ['xavier_uniform(gain=1,)', 'expected a value (a number, a word or a call), found ")" at column 23'],
    ['xavier_uniform(gain=)', 'found ")" at column 21'],
    ['xavier_uniform(gain=1) x', 'unexpected "x" after the call at column 24'],
    ['uniform(a=1, a=2)', 'repeats the option a at column 14'],
    ['uniform(a=1, 2)', 'positional argument after keyword arguments at column 14'],
    ['uniform(a=NaN)', 'NaN is not a finite number at column 11'],
    ['uniform(a=Infinity)', 'Infinity is not a finite number at column 11'],
    ['uniform(a=-Infinity)', 'found "-" at column 11'],
    ['uniform(a=1e999)', '1e999 is not a finite number at column 11'],
    ['uniform(a=0x1f)', 'malformed number "0x" at column 11'],
    ['uniform(a=1_000)', 'malformed number "1_" at column 11'],
    ['uniform(a=1.2.3)', 'malformed number "1.2." at column 11'],
    ['uniform(a=- 1)', 'found "-" at column 11'],
    ['uniform(a="x")', 'found "\\"" at column 11'],
    ['uniform(a b)', 'expected "," or ")", found "b" at column 11'],
    ['uniform a', 'unexpected "a" after the call at column 9'],
    ['nan', 'nan is not a name at column 1'],
    [`${'f(a='.repeat(16)}g()${')'.repeat(16)}`, 'calls nest deeper than 16 at column 66'],
  ];
  for (const [text, fragment] of cases) {
    const error = throwsInputFor(() => parseCall(text, '--init'), '--init', fragment);
    assert.is(error.value, text);
    assert.ok(error.message.endsWith(`got ${JSON.stringify(text)}`), error.message);
  }
  throwsInputFor(() => parseCall(5 as unknown as string, '--init'), '--init', 'must be a call');
});

test('formatCall writes the canonical text: no parentheses without options, ", " between them', () => {
  assert.is(formatCall('default', {}), 'default');
  assert.is(formatCall('leaky_relu', { negativeSlope: 0.2 }), 'leaky_relu(negativeSlope=0.2)');
  assert.is(
    formatCall('kaiming_normal', { a: 0, mode: 'fan_out', nonlinearity: 'relu' }),
    'kaiming_normal(a=0, mode=fan_out, nonlinearity=relu)',
  );
  assert.is(formatCall('xavier_uniform', { gain: 5 / 3 }), 'xavier_uniform(gain=1.6666666666666667)');
  assert.is(formatCall('n', { a: -0, b: 1e-7, c: 1e21 }), 'n(a=-0, b=1e-7, c=1e+21)');
  assert.is(formatCallExpr(parseCall('x(gain=calculate_gain(leaky_relu, 0.2))', 'f')), 'x(gain=calculate_gain(leaky_relu, 0.2))');
  throwsInputFor(() => formatCall('n', { a: Number.NaN }), 'n.a', 'must be a finite number');
  throwsInputFor(() => formatCall('n', { a: 'two words' }), 'n.a', 'must be a word');
  throwsInputFor(() => formatCall('n', { a: 'Infinity' }), 'n.a', 'must be a word');
  throwsInputFor(() => formatCall('n', { 'a-b': 1 }), 'n.a-b', 'must be a word');
  throwsInputFor(() => formatCall('9lives', {}), 'name', 'must be a word');
  throwsInputFor(() => formatCall('n', { a: true as unknown as number }), 'n.a', 'must be a number, a word or a call');
});

// ---------------------------------------------------------------- properties

const wordArb = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/).filter((w) => !/^(?:nan|inf|infinity)$/i.test(w));
const numberArb = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0.1, 0.2, 1e-3, -0.5, 5 / 3, Math.SQRT2, -0, 1e-300, 5e-324, Number.MAX_VALUE),
);
/** The call as parseCall builds it: plain objects (fast-check's records have no prototype). */
function plain(value: CallValue): CallValue {
  if (typeof value !== 'object') return value;
  const options: Record<string, CallValue> = {};
  for (const [k, v] of Object.entries(value.options)) options[k] = plain(v);
  return { name: value.name, args: value.args.map(plain), options };
}
const { expr: rawExprArb } = fc.letrec<{ expr: CallExpr; value: CallValue }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, numberArb, wordArb, tie('expr')),
  expr: fc.record({
    name: wordArb,
    args: fc.array(tie('value'), { maxLength: 3 }),
    options: fc.dictionary(
      wordArb.filter((k) => k !== '__proto__'),
      tie('value'),
      { maxKeys: 4 },
    ),
  }),
}));
const exprArb = rawExprArb.map((e) => plain(e) as CallExpr);

test('formatCall → parseCall gives the call back, values to the bit (-0 included)', () => {
  fc.assert(
    fc.property(exprArb, (expr) => {
      const text = formatCallExpr(expr);
      const back = parseCall(text, 'f');
      assert.equal(back, expr, text);
      assert.is(formatCallExpr(back), text);
      const sameZeros = (a: CallValue, b: CallValue): void => {
        if (typeof a === 'number') assert.ok(Object.is(a, b), `${a} vs ${String(b)} in ${text}`);
        else if (typeof a === 'object' && typeof b === 'object') {
          a.args.forEach((v, i) => {
            sameZeros(v, b.args[i] as CallValue);
          });
          for (const k of Object.keys(a.options)) sameZeros(a.options[k] as CallValue, b.options[k] as CallValue);
        }
      };
      sameZeros(expr, back);
    }),
    FC(500, 31),
  );
});

test('whitespace around any token changes nothing', () => {
  fc.assert(
    fc.property(exprArb, fc.array(fc.constantFrom(' ', '  ', '\t', '\n'), { minLength: 1, maxLength: 8 }), (expr, spaces) => {
      const text = formatCallExpr(expr);
      let k = 0;
      const spaced = text.replace(/[(),=]/g, (c) => `${spaces[k++ % spaces.length]}${c}${spaces[k++ % spaces.length]}`);
      assert.equal(parseCall(` ${spaced} `, 'f'), expr, spaced);
    }),
    FC(300, 37),
  );
});

test('any text either parses or is an InputError naming the field (never another exception)', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'abz_019.,=()+-eE \t'.split('')), maxLength: 30 }), (text) => {
      try {
        const expr = parseCall(text, '--x');
        // What parses formats to text that parses to the same call.
        assert.equal(parseCall(formatCallExpr(expr), '--x'), expr);
      } catch (error) {
        assert.is((error as Error).name, 'InputError', String(error));
        assert.ok((error as Error).message.startsWith('--x '), String(error));
        assert.match((error as Error).message, / at column \d+, got /);
      }
    }),
    FC(2000, 41),
  );
});

test.run();
