// One-activation mode's mechanism charts: the backpropagated signal mean |∂L/∂z| per layer over the
// epochs (log scale) and the saturated and dead shares per layer over the epochs, drawn with the
// report's own spec builders (src/report/specs/mechanism.ts: signalSpec, saturationSpec) from the
// run's history.mechanism, which the worker gathers with telemetry { gradients, activations }.
import type { RunResult } from '../../src/index.js';
import { saturationSpec, signalSpec } from '../../src/report/specs/mechanism.js';
import type { Mechanism } from '../../src/train/mechanism.js';
import { type Chart, fit, pinEpochs } from './charts.js';

/** The rows each mechanism chart was last drawn from (its spec's data), by chart: `signal`, `saturated`, `dead`. */
export type MechanismChartData = Record<'signal' | 'saturated' | 'dead', unknown[]>;

declare global {
  interface Window {
    /** For tests and the console: the rows the mechanism charts were last drawn from; null before the first draw. */
    __actlabMechanismData: () => MechanismChartData | null;
  }
}

let drawn: MechanismChartData | null = null;
window.__actlabMechanismData = () => drawn;

interface Values {
  data?: { values?: unknown[] };
  hconcat?: { data?: { values?: unknown[] } }[];
}

/**
 * Draws the signal and saturation charts of a run (`result`, its history holding `mechanism`),
 * their epoch axes pinned to the whole run. Nothing is drawn before the first epoch.
 */
export function drawMechanism(
  charts: { signal: Chart; saturation: Chart },
  result: RunResult,
  mechanism: Mechanism | undefined,
  epochs: number,
  label: string,
): Promise<void>[] {
  if (!mechanism?.signal || !mechanism.saturated || !mechanism.dead || (mechanism.signal[0]?.length ?? 0) === 0) {
    if (drawn) clearMechanism(charts);
    return [];
  }
  const run: RunResult = { ...result, activation: label, history: { ...result.history, mechanism } };
  const signal = signalSpec([run]);
  const saturation = saturationSpec([run]);
  const values = (spec: unknown) => spec as Values;
  drawn = {
    signal: structuredClone(values(signal).data?.values ?? []),
    saturated: structuredClone(values(saturation).hconcat?.[0]?.data?.values ?? []),
    dead: structuredClone(values(saturation).hconcat?.[1]?.data?.values ?? []),
  };
  return [
    charts.signal.update(
      pinEpochs(fit(signal, { width: 600, height: 170, subtitle: false, title: `${label}: the backpropagated signal per layer` }), epochs),
    ),
    charts.saturation.update(
      pinEpochs(
        fit(saturation, { width: 285, height: 150, subtitle: false, title: `${label}: saturated and dead units per layer` }),
        epochs,
      ),
    ),
  ];
}

/** Forgets the last drawing (a reset: the charts are cleared). */
export function clearMechanism(charts: { signal: Chart; saturation: Chart }): void {
  drawn = null;
  charts.signal.clear();
  charts.saturation.clear();
}
