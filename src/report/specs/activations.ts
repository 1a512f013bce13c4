// The activation functions and their derivatives over [-7, 7] (wide enough to show relu6 capping at 6), from the registry's float64
// references: the tutorial's ReLU/sigmoid/tanh and ReLU/ReLU6/LeakyReLU plots. Platform-neutral.
import { type ActivationEntry, describeActivation } from '../../activations/hidden.js';
import { resolveActivationOptions } from '../../activations/registry.js';
import { activationColors } from './activation-colors.js';
import { CONFIG, type ColorDef, type LayerItem, PANEL_WIDTH, type Panel, type PositionDef, round, vegaLite } from './theme.js';
import type { VegaLiteSpec } from './vega-lite-spec.js';

const X_MIN = -7;
const X_MAX = 7;
const SAMPLES = 281;

const SOLID = [1, 0];
const DASHES = [
  [7, 4],
  [2, 3],
  [10, 3, 2, 3],
  [4, 2],
];
/** Share of the samples on which one curve (f or f′) must coincide with an earlier one to be dashed. */
const OVERLAP_SHARE = 0.4;

/** The larger of the shares of samples where f, resp. f′, of the two curves agree to within 1e-3. */
function overlapShare(a: { f: number[]; df: number[] }, b: { f: number[]; df: number[] }): number {
  const share = (u: number[], v: number[]) => u.filter((value, i) => Math.abs(value - v[i]!) < 1e-3).length / u.length;
  return Math.max(share(a.f, b.f), share(a.df, b.df));
}

/**
 * Two panels side by side, f(x) and f′(x) for x in [-7, 7] (281 points), one colour per activation.
 * Each entry is a name or { name, options } (so one activation may appear with two option sets);
 * `options` overrides a named entry's options by name, e.g. { leaky_relu: { negativeSlope: 0.1 } }.
 * The legend names each as runs do: `leaky_relu(negativeSlope=0.1)` when an option is off its default.
 */
export function activationsSpec(entries: readonly ActivationEntry[], options: Record<string, Record<string, unknown>> = {}): VegaLiteSpec {
  const resolved = entries.map((entry) =>
    typeof entry === 'string' ? resolveActivationOptions(entry, options[entry]) : resolveActivationOptions(entry.name, entry.options),
  );
  const unique = resolved.filter((a, k) => resolved.findIndex((b) => describeActivation(b) === describeActivation(a)) === k);
  const labels: string[] = [];
  const rows: { x: number; f: number; df: number; activation: string }[] = [];
  const curves: { f: number[]; df: number[] }[] = [];
  for (const activation of unique) {
    const { spec, options: opts } = activation;
    const label = describeActivation(activation);
    labels.push(label);
    const curve = { f: [] as number[], df: [] as number[] };
    for (let i = 0; i < SAMPLES; i++) {
      // Computed from the index so that 0 and the other kinks land exactly on a sample.
      const x = round(X_MIN + ((X_MAX - X_MIN) * i) / (SAMPLES - 1), 10);
      const row = { x, f: round(spec.f(x, opts)), df: round(spec.df(x, opts)), activation: label };
      rows.push(row);
      curve.f.push(row.f);
      curve.df.push(row.df);
    }
    curves.push(curve);
  }
  // A curve that runs on top of an earlier one over a good part of the range (relu6 and
  // leaky_relu on relu, identity on relu for x > 0) would hide it: those get a dash pattern.
  let dashes = 0;
  const dashFor = curves.map((curve, k) => {
    const hides = curves.slice(0, k).some((earlier) => overlapShare(curve, earlier) >= OVERLAP_SHARE);
    return hides ? DASHES[dashes++ % DASHES.length]! : SOLID;
  });
  const color: ColorDef = {
    field: 'activation',
    type: 'nominal',
    title: 'activation',
    scale: { domain: labels, range: activationColors(labels) },
    sort: labels,
  };
  const dash: NonNullable<Extract<LayerItem, { encoding?: unknown }>['encoding']>['strokeDash'] = {
    field: 'activation',
    type: 'nominal',
    title: 'activation',
    scale: { domain: labels, range: dashFor },
    sort: labels,
  };
  const x: PositionDef = {
    field: 'x',
    type: 'quantitative',
    title: 'input x (pre-activation)',
    scale: { domain: [X_MIN, X_MAX], nice: false },
  };
  // The x = 0 and y = 0 lines: one datum each (with the panel's data there would be a rule per row).
  const axes: LayerItem[] = [
    {
      data: { values: [{}] },
      mark: { type: 'rule', color: '#bdbdbd', strokeWidth: 1, aria: false },
      encoding: { x: { datum: 0, type: 'quantitative' } },
    },
    {
      data: { values: [{}] },
      mark: { type: 'rule', color: '#bdbdbd', strokeWidth: 1, aria: false },
      encoding: { y: { datum: 0, type: 'quantitative' } },
    },
  ];
  const panel = (field: 'f' | 'df', title: string, yTitle: string): Panel => ({
    width: PANEL_WIDTH,
    height: 250,
    title: { text: title, fontSize: 13, anchor: 'middle' as const },
    layer: [
      ...axes,
      {
        mark: { type: 'line' as const, clip: true, strokeWidth: 2.2 },
        encoding: { x, y: { field, type: 'quantitative' as const, title: yTitle }, color, strokeDash: dash },
      },
    ],
  });
  const shrinking = unique.some((a) => a.spec.name === 'sigmoid') ? ' (sigmoid′ is at most 0.25)' : '';
  return vegaLite({
    config: CONFIG,
    title: {
      text: 'Activation functions f and their derivatives f′',
      subtitle: [
        'Backpropagation multiplies the gradient by f′ at every layer: where f′ is well below 1' + shrinking + ',',
        'the gradient shrinks layer after layer; where f′ = 0 it stops.',
      ],
    },
    data: { values: rows },
    hconcat: [panel('f', 'f(x)', 'output f(x)'), panel('df', 'f′(x): the factor backprop multiplies by', 'slope f′(x)')],
    resolve: { scale: { color: 'shared' } },
  });
}
