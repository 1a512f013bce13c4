import { alignedTable } from '../io/aligned-table.js';
import { powerOfTenText } from './findings.js';
import type { ActivationSummary, Stat } from './types.js';

const withCi = (s: Stat, format: (x: number) => string, seeds: number) =>
  s.values.length > 1 && seeds > 1 ? `${format(s.mean)} ± ${format(s.ci95)}` : format(s.mean);

/** A gradient ratio as "1.2e-4 (10^-3.9)"; "0" and "—" where a power of ten says nothing. */
export function ratioText(ratio: number): string {
  if (ratio === 0) return '0';
  return Number.isFinite(ratio) && ratio > 0 ? `${ratio.toExponential(1)} (${powerOfTenText(ratio)})` : '—';
}

/** "diverged at epoch 3", with "(2 of 5 seeds)" when not every seed did. */
export function divergedText({ diverged }: ActivationSummary): string {
  if (!diverged) return '';
  const some = diverged.seeds.length < diverged.of ? ` (${diverged.seeds.length} of ${diverged.of} seeds)` : '';
  return `diverged at epoch ${diverged.epoch}${some}`;
}

/**
 * The summary table as aligned plain text, one row per activation. A row whose every seed
 * diverged says so instead of showing numbers; when only some seeds did, a note under the table
 * says which, and the row is over the others.
 */
export function summaryTable(summaries: ActivationSummary[], seeds: number): string {
  // With held-out rows: the validation accuracy and the generalisation gap after the accuracy.
  const held = summaries.some((s) => s.finalValAccuracy !== null);
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  const points = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
  const header = [
    'activation',
    'accuracy',
    ...(held ? ['val accuracy', 'gap (points)'] : []),
    'BCE',
    '≥90% at epoch',
    'grad first/output',
    'dead units',
    'train ms',
  ];
  const rows = summaries.map((s) => {
    const ms = withCi(s.ms, (x) => x.toFixed(0), seeds);
    if (s.finalAccuracy.values.length === 0) return [s.activation, divergedText(s), ...(held ? ['—', '—'] : []), '—', '—', '—', '—', ms];
    return [
      s.diverged ? `${s.activation} *` : s.activation,
      withCi(s.finalAccuracy, percent, seeds),
      ...(held
        ? [
            s.finalValAccuracy ? withCi(s.finalValAccuracy, percent, seeds) : '—',
            s.generalisationGap ? withCi(s.generalisationGap, points, seeds) : '—',
          ]
        : []),
      withCi(s.finalBce, (x) => x.toFixed(4), seeds),
      s.epochTo90 === null ? 'never' : String(s.epochTo90),
      ratioText(s.gradRatio.mean),
      s.deadShare ? `${(100 * s.deadShare.mean).toFixed(0)}%` : '—',
      ms,
    ];
  });
  const notes = summaries
    .filter((s) => s.diverged && s.finalAccuracy.values.length > 0)
    .map((s) => `* ${s.activation} ${divergedText(s)}: its row is over the other ${s.finalAccuracy.values.length}.`);
  return [...alignedTable(header, rows, { right: (c) => c > 0 }), ...notes].join('\n');
}
