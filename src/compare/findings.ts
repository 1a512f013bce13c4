import type { Dataset } from '../datasets/dataset.js';
import { TARGET_ACCURACY } from './summary.js';
import type { ActivationSummary, Collapse, RunResult } from './types.js';

/** Accuracy within this of the majority-class share counts as "at chance". */
const CHANCE_MARGIN = 0.03;
/** A first/output gradient ratio below this is called vanishing. */
export const VANISHING_RATIO = 1e-2;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
/** 10^-3.8 style, the way the tutorial reads gradient ratios. */
export const powerOfTenText = (x: number): string => `10^${Math.log10(x).toFixed(1)}`;

/** The share of the majority label: what always guessing one class scores. */
export function chanceLevel(data: Dataset): number {
  let ones = 0;
  for (let i = 0; i < data.nSamples; i++) ones += data.y[i]!;
  return Math.max(ones, data.nSamples - ones) / data.nSamples;
}

/** A share of saturated samples above this is called out: the BCE then mostly measures saturation. */
export const SATURATED_SHARE_NOTED = 0.01;

/**
 * Plain sentences stating what the numbers show, each derived from them. First one per diverged
 * or saturated activation (never cut), then 2–4 more: the best activation, the most vanishing
 * gradient, how fast 90% was reached, and dead units — over the runs that stayed finite.
 */
export function findings(all: ActivationSummary[], data: Dataset, epochs: number): string[] {
  const warnings = [...all.flatMap(divergenceSentence), ...saturationSentence(all)];
  const summaries = all.filter((s) => s.finalAccuracy.values.length > 0);
  const sentences: string[] = [];
  const chance = chanceLevel(data);
  const atChance = (s: ActivationSummary) => Math.abs(s.finalAccuracy.mean - chance) <= CHANCE_MARGIN;
  const byAccuracy = [...summaries].sort((a, b) => b.finalAccuracy.mean - a.finalAccuracy.mean);
  const best = byAccuracy[0];
  if (best) {
    const learnt = byAccuracy.filter((s) => !atChance(s));
    const weakest = learnt.at(-1)!;
    if (atChance(best)) {
      sentences.push(
        `No activation beat chance (${pct(chance)}) in ${epochs} epochs; the best, ${best.activation}, ended at ${pct(best.finalAccuracy.mean)}.`,
      );
    } else {
      const others =
        learnt.length > 1
          ? `; ${learnt.length - 1} more beat chance, down to ${weakest.activation} at ${pct(weakest.finalAccuracy.mean)}`
          : '';
      sentences.push(
        `${best.activation} ended with the highest accuracy, ${pct(best.finalAccuracy.mean)} (BCE ${best.finalBce.mean.toFixed(3)})${others}.`,
      );
    }
  }
  // A ratio of 0 or NaN (a layer whose gradient was exactly 0) has no power of ten to report.
  const ratios = summaries.filter((s) => Number.isFinite(s.gradRatio.mean) && s.gradRatio.mean > 0);
  const vanishing = ratios.sort((a, b) => a.gradRatio.mean - b.gradRatio.mean)[0];
  if (vanishing && vanishing.gradRatio.mean < VANISHING_RATIO) {
    sentences.push(
      `With ${vanishing.activation}, the first layer's mean |grad| ended at ${powerOfTenText(vanishing.gradRatio.mean)} of the output layer's — a vanishing gradient — and its accuracy ${atChance(vanishing) ? `stayed at chance (${pct(vanishing.finalAccuracy.mean)})` : `reached ${pct(vanishing.finalAccuracy.mean)}`}.`,
    );
  } else if (vanishing) {
    sentences.push(
      `No gradient vanished: every activation's first-layer mean |grad| ended within ${powerOfTenText(vanishing.gradRatio.mean)} of its output layer's or closer.`,
    );
  }
  const reached = summaries.filter((s) => s.epochTo90 !== null).sort((a, b) => a.epochTo90! - b.epochTo90!);
  if (reached.length > 0) {
    const first = reached[0]!;
    sentences.push(
      `${first.activation} was first to reach ${pct(TARGET_ACCURACY)} accuracy, at epoch ${first.epochTo90}` +
        (reached.length < summaries.length ? `; ${summaries.length - reached.length} of ${summaries.length} never did.` : '.'),
    );
  } else if (best && !atChance(best)) {
    sentences.push(`None reached ${pct(TARGET_ACCURACY)} accuracy within ${epochs} epochs.`);
  }
  const deadest = summaries.filter((s) => s.deadShare && s.deadShare.mean > 0).sort((a, b) => b.deadShare!.mean - a.deadShare!.mean)[0];
  if (deadest && sentences.length < 4) {
    sentences.push(
      `${deadest.activation} ended with ${pct(deadest.deadShare!.mean)} of its hidden units dead (never positive on the data).`,
    );
  }
  return [...warnings, ...sentences.slice(0, 4)];
}

/** "relu diverged at epoch 3: ..." for an activation with a diverged seed. */
function divergenceSentence(s: ActivationSummary): string[] {
  if (!s.diverged) return [];
  const { seeds, epoch, of } = s.diverged;
  const which = seeds.length === of ? '' : ` in ${seeds.length} of ${of} seeds (${seeds.map((k) => `seed ${k}`).join(', ')})`;
  const rest =
    seeds.length === of ? 'it has no final accuracy or loss and is left out of the comparison' : 'its figures are over the other seeds';
  return [
    `${s.activation} diverged${which} at epoch ${epoch}: its weights or outputs became NaN or ±Infinity, so training stopped there; ${rest}.`,
  ];
}

/** Outputs saturated at the wrong end cost BCE 16.6 to 100 each: say so, in one sentence, where that is what the BCE measures. */
function saturationSentence(summaries: readonly ActivationSummary[]): string[] {
  const saturated = summaries.filter((s) => s.saturatedShare.mean > SATURATED_SHARE_NOTED);
  if (saturated.length === 0) return [];
  const list = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0]!);
  const which = list(
    saturated.map((s) => `${s.activation} (${pct(s.saturatedShare.mean)} of the samples, BCE ${s.finalBce.mean.toFixed(2)})`),
  );
  return [
    `Outputs saturated for ${which}: they ended at the wrong end, 0 or 1 to within float32's last step, where each costs BCE between 16.6 and its clamp of 100, so ${saturated.length > 1 ? 'those losses mostly measure' : 'that loss mostly measures'} saturation.`,
  ];
}

/** The "why nonlinear" result in one sentence: the equivalent layer, the measured gap, the accuracy. */
export function collapseSentence(collapse: Collapse, data: Dataset): string {
  const terms = collapse.weight
    .map((w, f) => `${f === 0 ? (w < 0 ? '−' : '') : w < 0 ? ' − ' : ' + '}${Math.abs(w).toPrecision(3)}·x${f + 1}`)
    .join('');
  const bias = `${collapse.bias < 0 ? ' − ' : ' + '}${Math.abs(collapse.bias).toPrecision(3)}`;
  return (
    `Why nonlinear: the identity network ${collapse.layers.join('→')} multiplies out into one linear layer, logit = ${terms}${bias}; ` +
    `the two differ by at most ${collapse.maxAbsDiff.toExponential(1)} on the data, and it reached ${pct(collapse.accuracy)} (chance: ${pct(chanceLevel(data))}).`
  );
}

/** A share of saturated hidden unit-rows above this is said to account for the shrinking signal. */
const SATURATION_EXPLAINS = 0.2;

/**
 * Sentences from the mechanism telemetry (--telemetry), for the activation whose backpropagated
 * signal shrinks most from the output layer to layer 0 at epoch 0: by how much, and whether its
 * hidden units were saturated (then saturation explains it) or not (then the slopes themselves,
 * at most the activation's largest one, and the weights do); and the most dead units at the end.
 * Nothing when the runs gathered no mechanism telemetry.
 */
export function mechanismFindings(runs: readonly RunResult[], activations: readonly string[]): string[] {
  const sentences: string[] = [];
  const first = (activation: string) => runs.find((r) => r.activation === activation && !r.history.diverged && r.history.mechanism?.signal);
  const ratios = activations.flatMap((activation) => {
    const run = first(activation);
    const signal = run?.history.mechanism?.signal;
    if (!signal || signal.length < 2) return [];
    const ratio = signal[0]![0]! / signal.at(-1)![0]!;
    return Number.isFinite(ratio) && ratio > 0 ? [{ activation, run: run!, ratio }] : [];
  });
  const weakest = ratios.sort((a, b) => a.ratio - b.ratio)[0];
  if (weakest) {
    const saturated = weakest.run.history.mechanism!.saturated;
    const hidden = saturated ? saturated.slice(0, -1).map((s) => s[0]!) : [];
    const share = hidden.length > 0 ? hidden.reduce((a, b) => a + b, 0) / hidden.length : undefined;
    const why =
      share === undefined
        ? ''
        : share >= SATURATION_EXPLAINS
          ? `; ${pct(share)} of its hidden unit-rows are saturated, so saturation accounts for much of the shrinkage`
          : `; ${pct(share)} of its hidden unit-rows are saturated, so the shrinkage comes from the slope f′ and the weights each layer multiplies it by`;
    sentences.push(
      `With ${weakest.activation}, the signal reaching layer 0 is ${powerOfTenText(weakest.ratio)} of the output layer's at epoch 0${why}.`,
    );
  }
  const dead = activations.flatMap((activation) => {
    const run = first(activation);
    const series = run?.history.mechanism?.dead;
    if (!series || series.length < 2) return [];
    const last = series.slice(0, -1).map((s, l) => ({ l, share: s.at(-1)! }));
    const most = last.sort((a, b) => b.share - a.share)[0]!;
    return most.share > 0 ? [{ activation, ...most }] : [];
  });
  const deadest = dead.sort((a, b) => b.share - a.share)[0];
  if (deadest)
    sentences.push(`${deadest.activation} ends with ${pct(deadest.share)} of layer ${deadest.l}'s units dead (a zero slope on every row).`);
  return sentences;
}
