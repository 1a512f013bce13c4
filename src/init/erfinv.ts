// The error function and its inverse as trunc_normal_ meets them in PyTorch 1.13 on glibc:
// Python's math.erf (glibc's double erf, for the bounds in float64), and the float32 erfinv_
// kernel (ATen's calc_erfinv<float>, which calls glibc's erff, expf and logf).
//
// The erf and erff below follow glibc 2.36's sysdeps/ieee754/dbl-64/s_erf.c and
// sysdeps/ieee754/flt-32/s_erff.c, themselves Sun's fdlibm:
//   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//   Developed at SunPro, a Sun Microsystems, Inc. business.
//   Permission to use, copy, modify, and distribute this software is freely granted, provided
//   that this notice is preserved.
// (float conversion by Ian Lance Taylor, Cygnus Support; the double's evaluation order modified
// by Naohiko Shimizu, Tokai University). erf's exp is exp64 below (correctly rounded; glibc's is
// within 0.511 ulp, so erf differs from glibc's in its last bit on about 1 argument in 40,000);
// the expf (erff's and erfinv's) and logf (erfinv's) are ports of glibc's own. Measured against this machine's glibc 2.36 through
// ctypes and against torch.erfinv (tests/reference/torch-init.json): erff, expf, logf and
// erfinvFloat bit for bit on 82,000, 100,000, 150,000 and 125,000 arguments.

import { fmaDouble, fmaFloat } from '../random/torch-generator.js';

const fr = Math.fround;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new Uint32Array(f64.buffer); // little-endian: [low, high]

function floatBits(x: number): number {
  f32[0] = x;
  return u32[0] as number;
}

function floatFromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0] as number;
}

// ---------------------------------------------------------------- double erf (Python's math.erf)

const ERX = 0.8450629115104675;
const EFX = 0.1283791670955126;
const PP = [0.12837916709551256, -0.3250421072470015, -0.02848174957559851, -0.005770270296489442, -2.3763016656650163e-5];
const QQ = [0, 0.39791722395915535, 0.0650222499887673, 0.005081306281875766, 0.00013249473800432164, -3.960228278775368e-6];
const PA = [
  -0.0023621185607526594, 0.41485611868374833, -0.3722078760357013, 0.31834661990116175, -0.11089469428239668, 0.035478304325618236,
  -0.002166375594868791,
];
const QA = [0, 0.10642088040084423, 0.540397917702171, 0.07182865441419627, 0.12617121980876164, 0.01363708391202905, 0.011984499846799107];
const RA = [
  -0.009864944034847148, -0.6938585727071818, -10.558626225323291, -62.375332450326006, -162.39666946257347, -184.60509290671104,
  -81.2874355063066, -9.814329344169145,
];
const SA = [
  0, 19.651271667439257, 137.65775414351904, 434.56587747522923, 645.3872717332679, 429.00814002756783, 108.63500554177944,
  6.570249770319282, -0.0604244152148581,
];
const RB = [
  -0.0098649429247001, -0.799283237680523, -17.757954917754752, -160.63638485582192, -637.5664433683896, -1025.0951316110772,
  -483.5191916086514,
];
const SB = [
  0, 30.33806074348246, 325.7925129965739, 1536.729586084437, 3199.8582195085955, 2553.0504064331644, 474.52854120695537,
  -22.44095244658582,
];

/** erf in float64, operation for operation glibc's (so Python's math.erf on Linux), up to its exp. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x)) return x > 0 ? 1 : -1;
  f64[0] = x;
  const hx = u64[1] as number;
  const ix = hx & 0x7fffffff;
  const negative = x < 0 || Object.is(x, -0);
  const p = PP as [number, number, number, number, number];
  const q = QQ as number[];
  if (ix < 0x3feb0000) {
    // |x| < 0.84375
    if (ix < 0x3e300000) {
      // |x| < 2^-28
      if (ix < 0x00800000) return 0.0625 * (16.0 * x + 16.0 * EFX * x);
      return x + EFX * x;
    }
    const z = x * x;
    const r1 = p[0] + z * p[1];
    const z2 = z * z;
    const r2 = p[2] + z * p[3];
    const z4 = z2 * z2;
    const s1 = 1 + z * q[1]!;
    const s2 = q[2]! + z * q[3]!;
    const s3 = q[4]! + z * q[5]!;
    const r = r1 + z2 * r2 + z4 * p[4];
    const s = s1 + z2 * s2 + z4 * s3;
    return x + x * (r / s);
  }
  if (ix < 0x3ff40000) {
    // 0.84375 <= |x| < 1.25
    const s = Math.abs(x) - 1;
    const pa = PA as number[];
    const qa = QA as number[];
    const P1 = pa[0]! + s * pa[1]!;
    const s2 = s * s;
    const Q1 = 1 + s * qa[1]!;
    const s4 = s2 * s2;
    const P2 = pa[2]! + s * pa[3]!;
    const s6 = s4 * s2;
    const Q2 = qa[2]! + s * qa[3]!;
    const P3 = pa[4]! + s * pa[5]!;
    const Q3 = qa[4]! + s * qa[5]!;
    const P = P1 + s2 * P2 + s4 * P3 + s6 * pa[6]!;
    const Q = Q1 + s2 * Q2 + s4 * Q3 + s6 * qa[6]!;
    return negative ? -ERX - P / Q : ERX + P / Q;
  }
  if (ix >= 0x40180000) return negative ? 1e-300 - 1 : 1 - 1e-300; // |x| >= 6
  const ax = Math.abs(x);
  const s = 1 / (ax * ax);
  let R: number;
  let S: number;
  if (ix < 0x4006db6e) {
    // |x| < 1/0.35
    const ra = RA as number[];
    const sa = SA as number[];
    const R1 = ra[0]! + s * ra[1]!;
    const s2 = s * s;
    const S1 = 1 + s * sa[1]!;
    const s4 = s2 * s2;
    const R2 = ra[2]! + s * ra[3]!;
    const s6 = s4 * s2;
    const S2 = sa[2]! + s * sa[3]!;
    const s8 = s4 * s4;
    const R3 = ra[4]! + s * ra[5]!;
    const S3 = sa[4]! + s * sa[5]!;
    const R4 = ra[6]! + s * ra[7]!;
    const S4 = sa[6]! + s * sa[7]!;
    R = R1 + s2 * R2 + s4 * R3 + s6 * R4;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4 + s8 * sa[8]!;
  } else {
    const rb = RB as number[];
    const sb = SB as number[];
    const R1 = rb[0]! + s * rb[1]!;
    const s2 = s * s;
    const S1 = 1 + s * sb[1]!;
    const s4 = s2 * s2;
    const R2 = rb[2]! + s * rb[3]!;
    const s6 = s4 * s2;
    const S2 = sb[2]! + s * sb[3]!;
    const R3 = rb[4]! + s * rb[5]!;
    const S3 = sb[4]! + s * sb[5]!;
    const S4 = sb[6]! + s * sb[7]!;
    R = R1 + s2 * R2 + s4 * R3 + s6 * rb[6]!;
    S = S1 + s2 * S2 + s4 * S3 + s6 * S4;
  }
  // z = ax with its low 32 bits cleared.
  f64[0] = ax;
  u64[0] = 0;
  const z = f64[0] as number;
  const r = exp64(-z * z - 0.5625) * exp64((z - ax) * (z + ax) + R / S);
  return negative ? r / ax - 1 : 1 - r / ax;
}

// exp for erf: V8's Math.exp differs from glibc's in the last bit on about 10% of arguments; this one,
// rounded once from a double-double evaluation (x = k·ln2 + r, Taylor series of e^(r/16), squared
// four times), on about 0.1% (glibc's exp is within 0.511 ulp, not always correctly rounded).
const LN2_LO = 2.3190468138462996e-17; // ln 2 - Math.LN2

function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  return [p, productError(a, b, p)];
}

function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  return [s, sumError(a, b, s)];
}

function ddAdd(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [s, e] = twoSum(ah, bh);
  return twoSum(s, e + al + bl);
}

function ddMul(ah: number, al: number, bh: number, bl: number): [number, number] {
  const [p, e] = twoProduct(ah, bh);
  return twoSum(p, e + ah * bl + al * bh);
}

/** e^x in float64, correctly rounded but for rare cases (|x| < 700; Math.exp beyond, which erf never reaches). */
export function exp64(x: number): number {
  if (!(Math.abs(x) < 700)) return Math.exp(x);
  const k = Math.round(x / Math.LN2);
  let [rh, rl] = twoProduct(-k, Math.LN2);
  [rh, rl] = ddAdd(x, 0, rh, rl);
  [rh, rl] = ddAdd(rh, rl, -k * LN2_LO, 0);
  const sh = rh / 16;
  const sl = rl / 16;
  let [th, tl] = [1, 0];
  let [ph, pl] = [1, 0];
  for (let n = 1; n <= 14; n++) {
    [ph, pl] = ddMul(ph, pl, sh, sl);
    [ph, pl] = [ph / n, pl / n];
    [th, tl] = ddAdd(th, tl, ph, pl);
  }
  for (let i = 0; i < 4; i++) [th, tl] = ddMul(th, tl, th, tl);
  return (th + tl) * 2 ** k;
}

// ---------------------------------------------------------------- float erff (glibc's, for calc_erfinv)

const F = (values: number[]): number[] => values.map(fr);
const ERXF = fr(8.4506291151e-1);
const EFXF = fr(1.2837916613e-1);
const PPF = F([1.2837916613e-1, -3.2504209876e-1, -2.8481749818e-2, -5.770270247e-3, -2.3763017452e-5]);
const QQF = F([3.9791721106e-1, 6.50222525e-2, 5.0813062117e-3, 1.3249473704e-4, -3.9602282413e-6]);
const PAF = F([-2.3621185683e-3, 4.1485610604e-1, -3.7220788002e-1, 3.1834661961e-1, -1.1089469492e-1, 3.5478305072e-2, -2.1663755178e-3]);
const QAF = F([1.0642088205e-1, 5.4039794207e-1, 7.1828655899e-2, 1.2617121637e-1, 1.3637083583e-2, 1.1984500103e-2]);
const RAF = F([
  -9.8649440333e-3, -6.938585639e-1, -1.0558626175e1, -6.2375331879e1, -1.6239666748e2, -1.8460508728e2, -8.1287437439e1, -9.8143291473,
]);
const SAF = F([
  1.965127182e1, 1.3765776062e2, 4.3456588745e2, 6.4538726807e2, 4.2900814819e2, 1.0863500214e2, 6.5702495575, -6.0424413532e-2,
]);
const RBF = F([-9.864943102e-3, -7.9928326607e-1, -1.7757955551e1, -1.6063638306e2, -6.3756646729e2, -1.0250950928e3, -4.8351919556e2]);
const SBF = F([3.0338060379e1, 3.2579251099e2, 1.5367296143e3, 3.1998581543e3, 2.553050293e3, 4.7452853394e2, -2.2440952301e1]);
const TINYF = fr(1e-30);
// Each polynomial as hornerFloat takes it: its constant term, then the rest.
const PP0 = PPF[0] as number;
const PP_REST = PPF.slice(1);
const PA0 = PAF[0] as number;
const PA_REST = PAF.slice(1);
const RA0 = RAF[0] as number;
const RA_REST = RAF.slice(1);
const RB0 = RBF[0] as number;
const RB_REST = RBF.slice(1);

/** c0 + s·(c1 + s·(c2 + ...)) in float32, each operation rounded (glibc's libm is built without contraction). */
function hornerFloat(s: number, c: readonly number[], c0: number): number {
  let acc = c[c.length - 1] as number;
  for (let k = c.length - 2; k >= 0; k--) acc = fr((c[k] as number) + fr(s * acc));
  return fr(c0 + fr(s * acc));
}

/** glibc's erff: float32 in, float32 out, every step rounded to float32. */
export function erff(input: number): number {
  const x = fr(input);
  const hx = floatBits(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7f800000) return Number.isNaN(x) ? x : x > 0 ? 1 : -1;
  if (ix < 0x3f580000) {
    // |x| < 0.84375
    if (ix < 0x31800000) {
      if (ix < 0x04000000) return fr(0.0625 * fr(fr(16 * x) + fr(fr(16 * EFXF) * x)));
      return fr(x + fr(EFXF * x));
    }
    const z = fr(x * x);
    const r = hornerFloat(z, PP_REST, PP0);
    const s = hornerFloat(z, QQF, 1);
    const y = fr(r / s);
    return fr(x + fr(x * y));
  }
  if (ix < 0x3fa00000) {
    // 0.84375 <= |x| < 1.25
    const s = fr(Math.abs(x) - 1);
    const P = hornerFloat(s, PA_REST, PA0);
    const Q = hornerFloat(s, QAF, 1);
    return hx >= 0 ? fr(ERXF + fr(P / Q)) : fr(-ERXF - fr(P / Q));
  }
  if (ix >= 0x40c00000) return hx >= 0 ? fr(1 - TINYF) : fr(TINYF - 1); // |x| >= 6
  const ax = Math.abs(x);
  const s = fr(1 / fr(ax * ax));
  let R: number;
  let S: number;
  if (ix < 0x4036db6e) {
    R = hornerFloat(s, RA_REST, RA0);
    S = hornerFloat(s, SAF, 1);
  } else {
    R = hornerFloat(s, RB_REST, RB0);
    S = hornerFloat(s, SBF, 1);
  }
  const z = floatFromBits(floatBits(ax) & 0xfffff000);
  const e1 = expf(fr(fr(-z * z) - 0.5625));
  const e2 = expf(fr(fr(fr(z - ax) * fr(z + ax)) + fr(R / S)));
  const r = fr(e1 * e2);
  return hx >= 0 ? fr(1 - fr(r / ax)) : fr(fr(r / ax) - 1);
}

// expf as glibc 2.36 computes it, likewise Szabolcs Nagy's for Arm's optimized-routines (math/expf.c
// and math/exp2f_data.c, MIT OR Apache-2.0 WITH LLVM-exception; glibc's e_expf.c, built with -mfma
// on such CPUs): 2^(k/32) from a table times a cubic in float64, within 0.502 ulp, so not always
// Math.exp rounded (they differ on about 1 argument in 2,000).
/** 2^(i/32), the doubles whose bits glibc's table holds (less i << 47). */
const EXP2F_TAB = [
  1,
  1.0218971486541166,
  1.0442737824274138,
  1.0671404006768237,
  1.0905077326652577,
  1.1143867425958924,
  1.1387886347566916,
  1.1637248587775775,
  1.189207115002721,
  1.215247359980469,
  1.241857812073484,
  1.2690509571917332,
  1.2968395546510096,
  1.3252366431597413,
  1.3542555469368927,
  1.383909881963832,
  Math.SQRT2,
  1.4451808069770467,
  1.4768261459394993,
  1.5091644275934228,
  1.5422108254079407,
  1.5759808451078865,
  1.6104903319492543,
  1.645755478153965,
  1.681792830507429,
  1.718619298122478,
  1.7562521603732995,
  1.7947090750031072,
  1.8340080864093424,
  1.8741676341103,
  1.9152065613971474,
  1.9571441241754002,
];
const EXPF_N = 32;
// 0x1.c6af84b912394p-5, 0x1.ebfce50fac4f3p-3, 0x1.62e42ff0c52d6p-1, each over a power of N; 0x1.71547652b82fep+0 · N.
const EXPF_C = [0.05550361559341535 / EXPF_N ** 3, 0.2402284522445722 / EXPF_N ** 2, 0.6931471806916203 / EXPF_N] as const;
const EXPF_INV_LN2_N = Math.LOG2E * EXPF_N;
const EXPF_SHIFT = 1.5 * 2 ** 52;

/** glibc's expf (its FMA build), for float32 arguments. */
export function expf(input: number): number {
  const x = fr(input);
  if (!(Math.abs(x) < 88)) {
    if (Number.isNaN(x)) return x;
    if (x > 88.72283172607422) return Number.POSITIVE_INFINITY; // x > log(2^128)
    if (x < -103.97207641601562) return 0; // x < log(2^-150)
  }
  // x·N/ln2 = k + r, r in [-1/2, 1/2]: the product feeds two adds, so both are fused.
  const kd = fma64(EXPF_INV_LN2_N, x, EXPF_SHIFT) - EXPF_SHIFT;
  const r = fma64(EXPF_INV_LN2_N, x, -kd);
  const i = ((kd % EXPF_N) + EXPF_N) % EXPF_N;
  const scale = (EXP2F_TAB[i] as number) * 2 ** ((kd - i) / EXPF_N);
  const z = fma64(EXPF_C[0], r, EXPF_C[1]);
  const r2 = r * r;
  let y = fma64(EXPF_C[2], r, 1);
  y = fma64(z, r2, y);
  return fr(y * scale);
}

// logf as glibc 2.36 computes it: Szabolcs Nagy's for Arm's optimized-routines (math/logf.c and
// math/logf_data.c there, MIT OR Apache-2.0 WITH LLVM-exception; glibc's
// sysdeps/ieee754/flt-32/e_logf.c), in float64 from a 16-entry table. Not correctly rounded
// (0.818 ulp), so not Math.log rounded: on an x86-64 CPU with FMA glibc picks its build with
// -mfma (e_logf-fma.c), where every `a * b + c` below is one fused multiply-add.
const LOGF_TAB: readonly (readonly [invc: number, logc: number])[] = [
  [1.398907162146528, -0.33569133332882284],
  [1.3403141896637998, -0.2929040563774074],
  [1.286432210124115, -0.2518726580937369],
  [1.2367150214269895, -0.21245868807117255],
  [1.1906977166711752, -0.17453945183745634],
  [1.1479821020556429, -0.1380057072319758],
  [1.1082251448272158, -0.10275976698545139],
  [1.0711297413057381, -0.06871392447020525],
  [1.036437278977283, -0.0357891387398228],
  [1, 0],
  [0.9492859795739057, 0.05204517742929496],
  [0.8951049428609004, 0.11081431298787942],
  [0.8476821620351103, 0.1652495223695143],
  [0.8050314851692001, 0.21687389031699977],
  [0.7664671008843108, 0.2659635028121397],
  [0.731428603316328, 0.3127556664073557],
];
const LOGF_LN2 = Math.LN2; // 0x1.62e42fefa39efp-1
const LOGF_A = [-0.25089342214237154, 0.333456765744066, -0.4999997485802103] as const;
const LOGF_OFF = 0x3f330000;

/** glibc's logf (its FMA build), for float32 arguments. */
export function logf(input: number): number {
  const x = fr(input);
  let ix = floatBits(x);
  if (ix === 0x3f800000) return 0;
  if (ix - 0x00800000 >= 0x7f800000 - 0x00800000) {
    // x < 2^-126, or inf or nan
    if (x === 0) return Number.NEGATIVE_INFINITY;
    if (ix === 0x7f800000) return x;
    if ((ix & 0x80000000) !== 0 || ix * 2 >= 0xff000000) return Number.NaN;
    ix = floatBits(fr(x * 2 ** 23)) - (23 << 23); // a subnormal, normalised
  }
  const tmp = (ix - LOGF_OFF) >>> 0;
  const i = (tmp >>> 19) % 16;
  const k = (tmp | 0) >> 23;
  const iz = (ix - (tmp & (0x1ff << 23))) >>> 0;
  const [invc, logc] = LOGF_TAB[i] as readonly [number, number];
  const z = floatFromBits(iz);
  const r = fma64(z, invc, -1);
  const y0 = fma64(k, LOGF_LN2, logc);
  const r2 = r * r;
  let y = fma64(LOGF_A[1], r, LOGF_A[2]);
  y = fma64(LOGF_A[0], r2, y);
  y = fma64(y, r2, y0 + r);
  return fr(y);
}

// ---------------------------------------------------------------- calc_erfinv<float>

const CENTRAL_RANGE = fr(0.7);
const EA = F([0.886226899, -1.645349621, 0.914624893, -0.140543331]);
const EB = F([-2.118377725, 1.442710462, -0.329097515, 0.012229801]);
const EC = F([-1.970840454, -1.624906493, 3.429567803, 1.641345311]);
const ED = F([3.5438892, 1.6370678]);
// static_cast<T>(2.0) / static_cast<T>(std::sqrt(c10::pi<double>)): a float division.
const TWO_OVER_SQRT_PI = fr(2 / fr(Math.sqrt(Math.PI)));

/**
 * torch.erfinv on a float32 (ATen's calc_erfinv<float>, aten/src/ATen/native/Math.h): a rational
 * first guess, then two Newton steps with erff and expf. Its polynomials are evaluated as GCC
 * compiles them for PyTorch's AVX2 kernels (-mfma, -ffp-contract=fast): every `p * z + c` one
 * fused multiply-add.
 */
export function erfinvFloat(input: number): number {
  const y = fr(input);
  const yAbs = Math.abs(y);
  if (yAbs > 1 || Number.isNaN(y)) return Number.NaN;
  if (yAbs === 1) return y > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let x: number;
  if (yAbs <= CENTRAL_RANGE) {
    const z = fr(y * y);
    const num = fmaFloat(fmaFloat(fmaFloat(EA[3]!, z, EA[2]!), z, EA[1]!), z, EA[0]!);
    const dem = fmaFloat(fmaFloat(fmaFloat(fmaFloat(EB[3]!, z, EB[2]!), z, EB[1]!), z, EB[0]!), z, 1);
    x = fr(fr(y * num) / dem);
  } else {
    const z = fr(Math.sqrt(-logf(fr(fr(1 - yAbs) / 2))));
    const num = fmaFloat(fmaFloat(fmaFloat(EC[3]!, z, EC[2]!), z, EC[1]!), z, EC[0]!);
    const dem = fmaFloat(fmaFloat(ED[1]!, z, ED[0]!), z, 1);
    // std::copysign(num, y)
    const magnitude = Math.abs(num);
    x = fr((y < 0 || Object.is(y, -0) ? -magnitude : magnitude) / dem);
  }
  for (let step = 0; step < 2; step++) {
    x = fr(x - fr(fr(erff(x) - y) / fr(TWO_OVER_SQRT_PI * expf(fr(-x * x)))));
  }
  return x;
}

// ---------------------------------------------------------------- fma in float64, fast

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's
const SAFE_MAX = 2 ** 995;
const SAFE_MIN = 2 ** -900;

/** a·b − p exactly, for p = a·b rounded (Dekker's TwoProduct; no overflow or underflow in range). */
function productError(a: number, b: number, p: number): number {
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** a + b − s exactly, for s = a + b rounded (Knuth's TwoSum). */
function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

const i64 = new BigInt64Array(f64.buffer);

/** The float64 next to x (finite, non-zero) towards +∞ (`up`) or −∞. */
function neighbour(x: number, up: boolean): number {
  f64[0] = x;
  i64[0] = (i64[0] as bigint) + (x > 0 === up ? 1n : -1n);
  return f64[0] as number;
}

/**
 * fma(a, b, c) in float64, correctly rounded as fmaDouble (src/random/torch-generator.ts) is, but
 * without bigints where it can: a·b + c = s + u + w exactly (TwoProduct, TwoSum), r = s + u rounded,
 * and the remainder d + w decides between r and its neighbour unless it sits on their midpoint, or
 * a value is out of the range where those transforms are exact; then it asks fmaDouble.
 */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  if (a === 0 || b === 0) return p + c; // an exact zero product: IEEE's signed-zero sum
  if (c === 0) return p; // a·b rounded once, its sign kept even where it underflows to ±0
  const s = p + c;
  const big = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(p));
  if (!(big < SAFE_MAX) || Math.abs(p) < SAFE_MIN) return fmaDouble(a, b, c);
  const e = productError(a, b, p);
  const t = sumError(p, c, s);
  const u = t + e;
  const w = sumError(t, e, u);
  const r = s + u;
  const d = sumError(s, u, r);
  const delta = d + w;
  if (delta === 0) return r;
  if (!(Math.abs(r) >= SAFE_MIN)) return fmaDouble(a, b, c);
  const next = neighbour(r, delta > 0);
  const half = Math.abs(next - r) / 2;
  if (Math.abs(w) > half) return fmaDouble(a, b, c);
  const away = Math.abs(delta);
  if (away < half) return r;
  if (away > half) return next;
  return fmaDouble(a, b, c);
}
