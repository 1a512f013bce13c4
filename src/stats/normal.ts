// The standard normal distribution function, as scipy.special.ndtr (scipy.stats.norm.cdf) computes it
// in scipy 1.10: Cephes' ndtr, erf and erfc, the same rational approximations in the same order, so
// the normal-approximation p-values of the Wilcoxon test match scipy's to the last bit or two (only
// the exp() of the platform's libm can differ). Cephes states a peak relative error of 3.4e-14 for
// ndtr on [-13, 0]; matching scipy is the point here, not beating it.
// see: scipy/special/cephes/ndtr.c (Cephes Math Library 2.2, S. L. Moshier)

const P = [
  2.461969814735305e-10, 0.5641895648310689, 7.463210564422699, 48.63719709856814, 196.5208329560771, 526.4451949954773, 934.5285271719576,
  1027.5518868951572, 557.5353353693994,
];
const Q = [
  13.228195115474499, 86.70721408859897, 354.9377788878199, 975.7085017432055, 1823.9091668790973, 2246.3376081871097, 1656.6630919416134,
  557.5353408177277,
];
const R = [0.5641895835477551, 1.275366707599781, 5.019050422511805, 6.160210979930536, 7.4097426995044895, 2.9788666537210022];
const S = [2.2605286322011726, 9.396035249380015, 12.048953980809666, 17.08144507475659, 9.608968090632859, 3.369076451000815];
const T = [9.604973739870516, 90.02601972038427, 2232.005345946843, 7003.325141128051, 55592.30130103949];
const U = [33.56171416475031, 521.3579497801527, 4594.323829709801, 22629.000061389095, 49267.39426086359];
/** Cephes' MAXLOG: ln(DBL_MAX). */
const MAXLOG = 709.782712893384;

/** c[0]·x^n + … + c[n], by Horner's rule (Cephes polevl). */
function polevl(x: number, c: readonly number[]): number {
  let y = c[0]!;
  for (let i = 1; i < c.length; i++) y = y * x + c[i]!;
  return y;
}

/** x^n + c[0]·x^(n−1) + … + c[n−1]: a leading coefficient of 1 left out of `c` (Cephes p1evl). */
function p1evl(x: number, c: readonly number[]): number {
  let y = x + c[0]!;
  for (let i = 1; i < c.length; i++) y = y * x + c[i]!;
  return y;
}

/** The error function, Cephes' erf. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return -erf(-x);
  if (Math.abs(x) > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, T)) / p1evl(z, U);
}

/** The complementary error function 1 − erf(x), Cephes' erfc (0 beyond its underflow). */
export function erfc(a: number): number {
  if (Number.isNaN(a)) return Number.NaN;
  const x = a < 0 ? -a : a;
  if (x < 1) return 1 - erf(a);
  let z = -a * a;
  if (z < -MAXLOG) return a < 0 ? 2 : 0;
  z = Math.exp(z);
  const p = x < 8 ? polevl(x, P) : polevl(x, R);
  const q = x < 8 ? p1evl(x, Q) : p1evl(x, S);
  let y = (z * p) / q;
  if (a < 0) y = 2 - y;
  if (y !== 0) return y;
  return a < 0 ? 2 : 0;
}

/** P(Z ≤ x) for a standard normal Z, as scipy.special.ndtr(x). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const a = x * Math.SQRT1_2;
  const z = Math.abs(a);
  if (z < Math.SQRT1_2) return 0.5 + 0.5 * erf(a);
  const y = 0.5 * erfc(z);
  return a > 0 ? 1 - y : y;
}

/** P(Z > x), as scipy.stats.norm.sf(x) = ndtr(−x). */
export function normalSf(x: number): number {
  return normalCdf(-x);
}
