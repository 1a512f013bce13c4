/**
 * PyTorch 1.13's CPU generator (at::CPUGeneratorImpl), draw for draw and bit for bit: what
 * `torch.manual_seed(seed)` seeds, and the float32 `uniform_` and `normal_` that fill a contiguous
 * CPU tensor from it, so an initialisation can be reproduced without PyTorch.
 *
 * Every detail below was confirmed against Debian's PyTorch 1.13 (CPU capability AVX2, the one
 * scripts/pytorch-reference.py pins; the AVX-512 build gives the same bits) by
 * tests/torch-generator.test.ts and the references in tests/reference/torch-rng.json. PyTorch's
 * DEFAULT (no AVX2) build is not reproduced: it rounds x * (to - from) + from in two steps and takes
 * libm's float log/sin/cos for normal_ from 16 elements on, so its last bits differ.
 * Two details are not what the C++ source seems to say at first sight:
 * the build contracts `a * b + c` into fused multiply-adds (GCC's default -ffp-contract=fast in the
 * AVX2 kernels, which are compiled with -mfma), and the small-tensor normal uses log(1 - u), not
 * log1p(-u), in 1.13.
 */

import { InputError } from '../validate.js';
import { Mt19937 } from './mt19937.js';

/** A seed of torch.manual_seed: an unsigned 64-bit integer, as a number or a bigint. */
export type TorchSeed = number | bigint;

const TWO_POW_64 = 1n << 64n;
const SEED_RULE = 'must be an integer in [0, 2^64 - 1] (a number or a bigint)';

/** The seed as a bigint in [0, 2^64), or an InputError naming `field`. */
export function torchSeedValue(field: string, value: unknown): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= TWO_POW_64) throw new InputError(field, value, SEED_RULE);
    return value;
  }
  // 2^64 is a double too, so the upper bound is checked on the exact bigint.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new InputError(field, value, SEED_RULE);
  const seed = BigInt(value);
  if (seed >= TWO_POW_64) throw new InputError(field, value, SEED_RULE);
  return seed;
}

// 2^-24 and 2^-53: uniform_real_distribution's DIVISOR for float and for double.
// see: aten/src/ATen/core/TransformationHelper.h uniform_real (MASK = 2^digits - 1, DIVISOR = 2^-digits)
const FLOAT_DIVISOR = 2 ** -24;
const DOUBLE_DIVISOR = 2 ** -53;
const FLOAT_MASK = 0xffffff;
const HIGH_21_BITS = 0x1fffff;

/** The largest finite float32: from, to, mean and std are cast to float, so beyond it they are refused. */
const FLOAT32_MAX = 3.4028234663852886e38;

export class TorchGenerator {
  /** The seed as given (torch.initial_seed()); only its low 32 bits reach the twister. */
  readonly seed: bigint;
  private readonly engine: Mt19937;
  // normal_distribution<double> makes two values and keeps the second in the generator, across
  // calls and tensors, until manual_seed resets it. (The float cache is never used by these paths.)
  // see: aten/src/ATen/CPUGeneratorImpl.h next_double_normal_sample_,
  // aten/src/ATen/core/DistributionsHelper.h maybe_get_next_double_normal_sample
  private nextDoubleNormal: number | undefined = undefined;

  // see: aten/src/ATen/CPUGeneratorImpl.cpp CPUGeneratorImpl::set_current_seed (engine_ = mt19937(seed)),
  // aten/src/ATen/core/MT19937RNGEngine.h init_with_uint32: state_[0] = seed & 0xffffffff, then Knuth's
  // recurrence, the very init_genrand of numpy's RandomState; so manual_seed(2^32 + 5) == manual_seed(5).
  constructor(seed: TorchSeed, field = 'seed') {
    this.seed = torchSeedValue(field, seed);
    this.engine = new Mt19937(Number(this.seed & 0xffffffffn), field);
  }

  /** One tempered 32-bit output of the twister. */
  // see: aten/src/ATen/CPUGeneratorImpl.cpp CPUGeneratorImpl::random
  random(): number {
    return this.engine.nextUint32();
  }

  /** Two outputs, the first one as the high word. */
  // see: aten/src/ATen/CPUGeneratorImpl.cpp CPUGeneratorImpl::random64,
  // aten/src/ATen/core/DistributionsHelper.h detail::make64BitsFrom32Bits(hi, lo)
  random64(): bigint {
    const hi = this.random();
    const lo = this.random();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * `tensor.uniform_(from, to)` on a contiguous float32 CPU tensor: one 32-bit draw per element, in order.
   * Returns the tensor.
   */
  // see: aten/src/ATen/native/DistributionTemplates.h uniform_impl_ (the checks),
  // aten/src/ATen/native/cpu/DistributionTemplates.h uniform_kernel (from and to cast to float),
  // aten/src/ATen/core/DistributionsHelper.h uniform_real_distribution<float> (random(), not random64())
  uniform_(tensor: Float32Array, from = 0, to = 1): Float32Array {
    checkFloat32('from', from);
    checkFloat32('to', to);
    if (!(from <= to)) throw new InputError('from', from, `must be <= to (${to}): uniform_ draws from [from, to)`);
    // PyTorch checks the width in float64 against float's max: wider, to - from would be Infinity in float.
    if (to - from > FLOAT32_MAX) throw new InputError('to', to, `must be within float32's max (about 3.4e38) of from (${from})`);
    const lo = Math.fround(from);
    const range = Math.fround(Math.fround(to) - lo);
    for (let i = 0; i < tensor.length; i++) tensor[i] = uniformFloat(this.random(), lo, range);
    return tensor;
  }

  /**
   * `tensor.normal_(mean, std)` on a contiguous float32 CPU tensor. From 16 elements on, PyTorch fills
   * the tensor with uniforms and Box–Mullers them in blocks of 16 (AVX2 polynomials, float32); below
   * that, each element is a normal_distribution<double> (libm, float64, cached second value). Returns
   * the tensor.
   */
  // see: aten/src/ATen/native/cpu/DistributionTemplates.h normal_kernel
  normal_(tensor: Float32Array, mean = 0, std = 1): Float32Array {
    checkFloat32('mean', mean);
    checkFloat32('std', std);
    if (std < 0) throw new InputError('std', std, 'must be >= 0');
    if (tensor.length >= 16) this.normalFill(tensor, Math.fround(mean), Math.fround(std));
    else for (let i = 0; i < tensor.length; i++) tensor[i] = this.normalDouble(mean, std);
    return tensor;
  }

  /** uniform_real_distribution<double>(0, 1): the low 53 bits of random64(), times 2^-53. */
  // see: aten/src/ATen/core/TransformationHelper.h uniform_real<double>
  private uniformDouble(): number {
    const hi = this.random() & HIGH_21_BITS;
    const lo = this.random();
    return (hi * 2 ** 32 + lo) * DOUBLE_DIVISOR;
  }

  // Uniforms for every element first, then each whole block of 16 in place; when the size is not a
  // multiple of 16, 16 fresh uniforms overwrite the last 16 elements (already normals in part) and
  // that block is transformed again. So a tensor of n elements takes n, or n + 16, draws.
  // see: aten/src/ATen/native/cpu/DistributionTemplates.h normal_fill_AVX2
  private normalFill(data: Float32Array, mean: number, std: number): void {
    const size = data.length;
    for (let i = 0; i < size; i++) data[i] = uniformFloat(this.random(), 0, 1);
    for (let i = 0; i + 16 <= size; i += 16) normalFill16(data, i, mean, std);
    if (size % 16 !== 0) {
      const start = size - 16;
      for (let i = start; i < size; i++) data[i] = uniformFloat(this.random(), 0, 1);
      normalFill16(data, start, mean, std);
    }
  }

  // Box–Muller in float64, u1 for the angle and u2 for the radius; `val * std + mean` is one fused
  // multiply-add in the AVX2 build. Mean and std stay doubles here (not cast to float).
  // Not bit-exact by construction: Math.log/sin/cos are V8's (fdlibm) where PyTorch calls glibc's,
  // and they differ by 1 float64 ulp on 3–7% of arguments (measured on 200,000 each; never more), so
  // ~5% of the float64 values differ in their last bits. After the cast to float32 all of 300,000
  // measured values were identical: a float32 result can only differ when its float64 value lies
  // within a few float64 ulps of a float32 rounding boundary (odds about 2^-28 per value), and then
  // by 1 float32 ulp (more only where mean and val * std cancel to a result far below both).
  // see: aten/src/ATen/core/DistributionsHelper.h normal_distribution<double>::operator(),
  // aten/src/ATen/core/TransformationHelper.h normal (val * std + mean)
  private normalDouble(mean: number, std: number): number {
    let value = this.nextDoubleNormal;
    if (value !== undefined) {
      this.nextDoubleNormal = undefined;
    } else {
      const u1 = this.uniformDouble();
      const u2 = this.uniformDouble();
      const r = Math.sqrt(-2 * Math.log(1 - u2));
      const theta = 2 * Math.PI * u1;
      this.nextDoubleNormal = r * Math.sin(theta);
      value = r * Math.cos(theta);
    }
    return fmaDouble(value, std, mean);
  }
}

function checkFloat32(field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX) {
    throw new InputError(field, value, 'must be a finite number within float32 range (about ±3.4e38)');
  }
}

/** uniform_real<float>: 24 random bits scaled to [0, 1), then x * (to - from) + from as one float fma. */
// see: aten/src/ATen/core/TransformationHelper.h uniform_real (dist_acctype<float> is float on CPU)
function uniformFloat(bits: number, from: number, range: number): number {
  return fmaFloat((bits & FLOAT_MASK) * FLOAT_DIVISOR, range, from);
}

// --- normal_fill_16_AVX2 and avx_mathfun, one lane at a time ---------------------------------------

const fr = Math.fround;
// _mm256_set1_ps(2.0f * c10::pi<double>): 2π in double, then rounded to float.
const TWO_PI = fr(2 * Math.PI);

// Pairs (j, j + 8) of the block at `at`: u1 = 1 - data[j] in (0, 1] for the log, u2 = data[j + 8].
// see: aten/src/ATen/native/cpu/DistributionTemplates.h normal_fill_16_AVX2
function normalFill16(data: Float32Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const u1 = fr(1 - (data[j] as number));
    const u2 = data[j + 8] as number;
    const radius = fr(Math.sqrt(-2 * log256(u1)));
    sincos256(fr(TWO_PI * u2));
    data[j] = fmaFloat(fr(radius * cosOut), std, mean);
    data[j + 8] = fmaFloat(fr(radius * sinOut), std, mean);
  }
}

// Cephes' logf as avx_mathfun writes it, with the fused multiply-adds GCC made of it: each
// multiply whose only use is an add, taken in source order (so y * z fuses, e * q1 is rounded).
// see: aten/src/ATen/native/cpu/avx_mathfun.h log256_ps
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
  3.3333331174e-1,
].map(fr);
const LOG_Q1 = fr(-2.1219444e-4);
const LOG_Q2 = 0.693359375;
// Constants as avx_mathfun spells them where float64 can (0.707106781186547524 is √½ = Math.SQRT1_2,
// -3.77489497744594108e-8 is the double -3.774894977445941e-8): the same doubles, so the same floats.
const SQRTHF = fr(Math.SQRT1_2);
const MIN_NORM_POS = 2 ** -126;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function log256(input: number): number {
  // Arguments here are in [2^-24, 1], so the NaN mask for x <= 0 never applies.
  f32[0] = Math.max(input, MIN_NORM_POS);
  const bits = u32[0] as number;
  u32[0] = (bits & ~0x7f800000) | 0x3f000000; // the mantissa with the exponent of 0.5
  let x = f32[0] as number;
  let e = (bits >>> 23) - 0x7f + 1;
  const below = x < SQRTHF;
  const tmp = below ? x : 0;
  x = fr(x - 1);
  if (below) e -= 1;
  x = fr(x + tmp);
  const z = fr(x * x);
  let y = LOG_P[0] as number;
  for (let k = 1; k < LOG_P.length; k++) y = fmaFloat(y, x, LOG_P[k] as number);
  y = fr(y * x);
  y = fmaFloat(y, z, fr(e * LOG_Q1));
  y = fmaFloat(z, -0.5, y);
  x = fr(x + y);
  return fmaFloat(e, LOG_Q2, x);
}

// Cephes' sincosf as avx_mathfun writes it, with the same contraction rule: the cosine's last
// y * z fuses into the subtraction of z * 0.5 (an fmsub), the sine's y2 * x into the add of x.
// see: aten/src/ATen/native/cpu/avx_mathfun.h sincos256_ps
const FOPI = fr(1.27323954473516);
const DP1 = -0.78515625;
const DP2 = -2.4187564849853516e-4; // -2.4187564849853515625e-4, a float already
const DP3 = fr(-3.774894977445941e-8);
const SINCOF = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(fr);
const COSCOF = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(fr);

// sincos256's two results, without allocating per call.
let sinOut = 0;
let cosOut = 0;

function sincos256(theta: number): void {
  // theta = 2π·u >= 0 here, so the sine's input sign bit is 0.
  let x = Math.abs(theta);
  let j = Math.trunc(fr(x * FOPI)); // _mm256_cvttps_epi32
  j = (j + 1) & ~1;
  const y = j; // exact in float: j < 2^24
  const sinNegative = (j & 4) !== 0;
  const cosNegative = (~(j - 2) & 4) !== 0;
  const sinPoly = (j & 2) === 0;
  x = fmaFloat(y, DP1, x);
  x = fmaFloat(y, DP2, x);
  x = fmaFloat(y, DP3, x);
  const z = fr(x * x);
  let c = fmaFloat(COSCOF[0] as number, z, COSCOF[1] as number);
  c = fmaFloat(c, z, COSCOF[2] as number);
  c = fr(c * z);
  c = fmaFloat(c, z, -fr(z * 0.5));
  c = fr(c + 1);
  let s = fmaFloat(SINCOF[0] as number, z, SINCOF[1] as number);
  s = fmaFloat(s, z, SINCOF[2] as number);
  s = fr(s * z);
  s = fmaFloat(s, x, x);
  const sine = sinPoly ? s : c;
  const cosine = sinPoly ? c : s;
  sinOut = sinNegative ? -sine : sine;
  cosOut = cosNegative ? -cosine : cosine;
}

// --- fused multiply-adds ---------------------------------------------------------------------------

/**
 * fmaf(a, b, c) for float32 a, b, c: a * b is exact in float64 (24 + 24 bits), a * b + c is rounded once
 * to float64, and that double rounding is undone where it matters: when the float64 sum lies exactly
 * halfway between two floats, the error term (TwoSum) says which way the exact sum lies.
 */
export function fmaFloat(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = fr(s);
  if (r === s || !Number.isFinite(s)) return r;
  const v = s - p;
  const err = p - (s - v) + (c - v);
  if (err === 0) return r;
  const other = r > s ? nextFloatDown(r) : nextFloatUp(r);
  if ((r + other) / 2 !== s) return r; // not a tie: the float64 rounding kept the side
  return err > 0 ? Math.max(r, other) : Math.min(r, other);
}

function nextFloatUp(x: number): number {
  f32[0] = x;
  if (x === 0) return 2 ** -149;
  u32[0] = (u32[0] as number) + (x > 0 ? 1 : -1);
  return f32[0] as number;
}

function nextFloatDown(x: number): number {
  return -nextFloatUp(-x);
}

/**
 * fma(a, b, c) in float64, correctly rounded: the exact a * b + c in bigints, rounded once. Slow, but
 * only the per-element path (< 16 values a call) uses it.
 */
export function fmaDouble(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const product = ma * mb;
  if (product === 0n) return a * b + c; // the signs of zeros, as the hardware gives them
  if (mc === 0n) return bigTimesPow2(product, ea + eb);
  const lo = Math.min(ea + eb, ec);
  return bigTimesPow2((product << BigInt(ea + eb - lo)) + (mc << BigInt(ec - lo)), lo);
}

/** t = m * 2^e with m a bigint (t finite). */
function decompose(t: number): [bigint, number] {
  if (t === 0) return [0n, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, t);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return [negative ? -mant : mant, e];
}

/** n * 2^e rounded to the nearest float64, ties to even; subnormal results keep fewer bits. */
function bigTimesPow2(n: bigint, e: number): number {
  if (n === 0n) return 0;
  const negative = n < 0n;
  let m = negative ? -n : n;
  const bitsLen = m.toString(2).length;
  let shift = bitsLen - 53;
  if (e + shift < -1074) shift = -1074 - e; // subnormal result: fewer bits
  if (shift > 0) {
    const rest = m & ((1n << BigInt(shift)) - 1n);
    m >>= BigInt(shift);
    const half = 1n << BigInt(shift - 1);
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
    e += shift;
  }
  // In two steps, so that 2^e alone never underflows where the product does not.
  const half = Math.trunc(e / 2);
  const value = Number(m) * 2 ** half * 2 ** (e - half);
  return negative ? -value : value;
}
