// Identity: y = z, dz = dy. Backward reads neither z nor y (the registry lists 'z').
// The loops of ./map.ts make it a copy through registers, bit for bit (NaN payloads included: f32
// loads and stores never canonicalise), and y == z (dz == dy) in place is safe.
import { Activation, NoOptions } from './map';

/** The identity's forms, for the loops of ./map.ts: no options; f′ = 1 reads nothing ('z' by convention). */
@final export class Identity extends NoOptions implements Activation {
  /** f′ reads neither buffer; z by convention. */
  @inline backwardUsesY(): bool { return false; }

  /** x itself. */
  @inline f(x: f32, a: f32, b: f32, c: f32): f32 { return x; }

  /** The f32x4 twin of f. */
  @inline fx4(x: v128, a: v128, b: v128, c: v128): v128 { return x; }

  /** dy itself. */
  @inline df(x: f32, dy: f32, a: f32, b: f32, c: f32): f32 { return dy; }

  /** The f32x4 twin of df. */
  @inline dfx4(x: v128, dy: v128, a: v128, b: v128, c: v128): v128 { return dy; }
}
