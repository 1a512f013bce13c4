// The mechanism telemetry's series (history.mechanism, src/train/mechanism.ts) as the worker posts
// them: per series, each layer's entries from an epoch on — the same slices of the same numbers, so
// the page's copy is bit for bit the worker's Trainer's.
import type { Mechanism } from '../../src/train/mechanism.js';

/** The per-layer, per-epoch series of a Mechanism (every key but the histograms). */
export type MechanismSeries = Partial<Record<Exclude<keyof Mechanism, 'histograms'>, number[][]>>;

/** The entries of every series of `m` from epoch `from` on. */
export function mechanismSince(m: Mechanism, from: number): MechanismSeries {
  const out: MechanismSeries = {};
  for (const [key, series] of Object.entries(m) as [keyof MechanismSeries | 'histograms', unknown][]) {
    if (key === 'histograms' || !Array.isArray(series)) continue;
    out[key] = (series as number[][]).map((layer) => layer.slice(from));
  }
  return out;
}

/** Appends a posted slice to the page's copy (creating the series on the first one). */
export function appendMechanism(target: Mechanism, delta: MechanismSeries): void {
  for (const [key, series] of Object.entries(delta) as [keyof MechanismSeries, number[][]][]) {
    target[key] ??= series.map(() => []);
    const into = target[key];
    series.forEach((layer, l) => {
      into[l] = [...(into[l] ?? []), ...layer];
    });
  }
}
