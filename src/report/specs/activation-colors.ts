// One colour per activation, shared by every figure, the report's table and the playground's
// swatches. Apart from theme.ts so that the public API can export it without vega-lite's types.

/** A fixed colour per activation, so an activation looks the same in every figure. */
const ACTIVATION_COLORS: Readonly<Record<string, string>> = {
  relu: '#3366cc',
  sigmoid: '#d62728',
  tanh: '#2ca02c',
  relu6: '#ff7f0e',
  leaky_relu: '#17becf',
  elu: '#9467bd',
  gelu: '#8c564b',
  silu: '#e377c2',
  softplus: '#bcbd22',
  hardtanh: '#1b5e20',
  hardswish: '#6a3d9a',
  identity: '#7f7f7f',
};
const SPARE_COLORS = ['#393b79', '#ad494a', '#637939', '#8c6d31', '#7b4173', '#3182bd', '#e6550d', '#31a354'];

/** Colours for `names`, in order: the activation's own colour, or a spare one for unknown names. */
export function activationColors(names: readonly string[]): string[] {
  let spare = 0;
  return names.map((name) => ACTIVATION_COLORS[name] ?? SPARE_COLORS[spare++ % SPARE_COLORS.length]!);
}
