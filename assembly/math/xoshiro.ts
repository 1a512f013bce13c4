// xoshiro128**: a small, fast, seeded generator of 32-bit words, for the random activations (RReLU)
// that draw inside a training epoch without crossing back into JS. Its four-word state lives in the
// caller's memory, seeded by the façade from the run's own generator, so a seed gives the same
// draws in every build (scalar or SIMD), in Node and in the browser.
// see: D. Blackman & S. Vigna, "Scrambled linear pseudorandom number generators" (2018), xoshiro128**.

// @ts-ignore: decorator
@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

/** The next word of the generator whose state is u32[4] at `state`; advances the state. */
// @ts-ignore: decorator
@inline export function nextU32(state: usize): u32 {
  const s0 = load<u32>(state), s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8), s3 = load<u32>(state, 12);
  const result = rotl(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  store<u32>(state, s0 ^ s3);
  store<u32>(state, s1 ^ s2, 4);
  store<u32>(state, s2 ^ t, 8);
  store<u32>(state, rotl(s3, 11), 12);
  return result;
}

/** A float32 uniform in [0, 1): the word's top 24 bits times 2^-24, exact. */
// @ts-ignore: decorator
@inline export function nextUnitF32(state: usize): f32 {
  return <f32>(nextU32(state) >>> 8) * (1.0 / 16777216.0);
}
