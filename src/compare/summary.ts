import { meanSeries, stat } from './stats.js';
import type { ActivationSummary, RunResult } from './types.js';

/** Accuracy that counts as having learnt the task, for the "first epoch ≥ 90%" column. */
export const TARGET_ACCURACY = 0.9;

/** The first epoch whose accuracy reached TARGET_ACCURACY, or null: of one run, or of a mean curve. */
export function epochTo90(history: { readonly accuracy: readonly number[] }): number | null {
  const at = history.accuracy.findIndex((a) => a >= TARGET_ACCURACY);
  return at === -1 ? null : at;
}

/**
 * A run's last accuracy, or null when it diverged or has none that is finite: the one rule by which
 * compare's paired statistics, the sweep's table and its heat map leave a run out.
 */
export function finalAccuracyOf(history: { readonly accuracy: readonly number[]; readonly diverged: unknown }): number | null {
  const last = history.accuracy.at(-1);
  return !history.diverged && last !== undefined && Number.isFinite(last) ? last : null;
}

/** First-layer over output-layer mean |grad| in the run's last epoch. */
export function gradRatio(run: RunResult): number {
  const first = run.history.grad[0]!;
  const output = run.history.grad[run.history.grad.length - 1]!;
  return first[first.length - 1]! / output[output.length - 1]!;
}

/**
 * One table row per activation, over all of its seeds. A diverged run has no final numbers: its
 * seeds are listed in `diverged`, and the statistics are over the other seeds (NaN when none is left).
 */
export function summarize(runs: RunResult[], activations: string[]): ActivationSummary[] {
  return activations.map((activation) => {
    const all = runs.filter((r) => r.activation === activation);
    const mine = all.filter((r) => !r.history.diverged);
    const lost = all.filter((r) => r.history.diverged);
    const meanAccuracy = meanSeries(mine.map((r) => r.history.accuracy));

    const dead = mine.map((r) => r.deadShare);
    return {
      activation,
      finalAccuracy: stat(mine.map((r) => r.history.accuracy.at(-1)!)),
      finalBce: stat(mine.map((r) => r.history.bce.at(-1)!)),
      epochTo90: epochTo90({ accuracy: meanAccuracy }),
      gradRatio: stat(mine.map(gradRatio)),
      deadShare: mine.length > 0 && dead.every((d): d is number => d !== null) ? stat(dead) : null,
      ms: stat(all.map((r) => r.ms)),
      saturatedShare: stat(mine.map((r) => r.saturatedShare)),
      ...validationStats(mine),
      diverged:
        lost.length === 0
          ? null
          : { seeds: lost.map((r) => r.seed), epoch: Math.min(...lost.map((r) => r.history.diverged!.epoch)), of: all.length },
    };
  });
}

/** Final validation accuracy and the gap to the training accuracy over these runs; null without validation. */
function validationStats(runs: RunResult[]): Pick<ActivationSummary, 'finalValAccuracy' | 'generalisationGap'> {
  const held = runs.filter((r) => r.history.valAccuracy !== undefined);
  if (held.length === 0 || held.length < runs.length) return { finalValAccuracy: null, generalisationGap: null };
  return {
    finalValAccuracy: stat(held.map((r) => r.history.valAccuracy!.at(-1)!)),
    generalisationGap: stat(held.map((r) => r.history.accuracy.at(-1)! - r.history.valAccuracy!.at(-1)!)),
  };
}
