// One colour per activation, shared by every figure, the report's table and the playground's
// swatches: each registry row's `color`. Apart from theme.ts so that the public API can export it
// without vega-lite's types.
import { ACTIVATIONS } from '../../activations/registry.js';

const ACTIVATION_COLORS: ReadonlyMap<string, string> = new Map(ACTIVATIONS.map((spec) => [spec.name, spec.color]));
const SPARE_COLORS = ['#393b79', '#ad494a', '#637939', '#8c6d31', '#7b4173', '#3182bd', '#e6550d', '#31a354'];

/** Colours for `names`, in order: the activation's own colour, or a spare one for unknown names. */
export function activationColors(names: readonly string[]): string[] {
  let spare = 0;
  return names.map((name) => ACTIVATION_COLORS.get(name) ?? SPARE_COLORS[spare++ % SPARE_COLORS.length]!);
}
