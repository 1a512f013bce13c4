// The summary table as HTML, one row per activation: the report page and the playground both
// build it here, so they show the same cells, flags and divergence marks. Platform-neutral:
// returns strings; the styles are SUMMARY_TABLE_CSS, scoped to the table so a page's own rules
// for .tag or .dot are not disturbed.
import { VANISHING_RATIO } from '../compare/findings.js';
import { divergedText } from '../compare/table.js';
import type { ActivationSummary } from '../compare/types.js';
import { escapeHtml, formatAccuracy, formatBce, formatMs, formatRatio, pct, sci } from './format.js';
import { activationColors } from './specs/activation-colors.js';

/**
 * The table's styles. Colours come from the page's --line, --muted and --warn custom properties
 * when it defines them (the report and the playground do), else from the fallbacks here.
 */
export const SUMMARY_TABLE_CSS = `
.table-wrap { overflow-x: auto; }
table.summary { border-collapse: collapse; width: 100%; background: #fff; font-variant-numeric: tabular-nums; }
table.summary th, table.summary td { padding: 8px 10px; border-bottom: 1px solid var(--line, #e3e6ea); text-align: left; vertical-align: middle; }
table.summary thead th { font-size: 13px; color: var(--muted, #5b6470); font-weight: 600; border-bottom: 2px solid #cfd4da; }
table.summary th[scope="row"] { white-space: nowrap; }
table.summary td.num { text-align: right; white-space: nowrap; }
table.summary td.acc { position: relative; min-width: 130px; }
table.summary td.acc .bar { position: absolute; left: 0; top: 6px; bottom: 6px; background: #dbe7fb; border-radius: 3px; }
table.summary td.acc .v { position: relative; }
table.summary td.best .v { font-weight: 700; }
table.summary td.warn, p.note.warn { color: var(--warn, #b42318); }
table.summary .tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; background: #fde8e6; color: var(--warn, #b42318); margin-left: 4px; }
table.summary .muted { color: var(--muted, #5b6470); }
table.summary .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 8px; vertical-align: baseline; }
`;

/** The accuracy, "diverged at epoch E" when no seed is left, or the accuracy marked * when some seeds diverged. */
export function accuracyCell(s: ActivationSummary, seeds: number): string {
  if (s.finalAccuracy.values.length === 0) return divergedText(s);
  return s.diverged ? `${formatAccuracy(s.finalAccuracy, seeds)} *` : formatAccuracy(s.finalAccuracy, seeds);
}

/** Under the table: which activations lost seeds to divergence ('' when none did). */
export function divergedNote(summaries: readonly ActivationSummary[]): string {
  const notes = summaries
    .filter((s) => s.diverged)
    .map((s) => `${s.activation} ${divergedText(s)}` + (s.finalAccuracy.values.length > 0 ? ' (*: over the other seeds)' : ''));
  return notes.length > 0
    ? `<p class="note warn">Diverged — a weight, an output or the loss became NaN or ±Infinity, and training stopped: ${escapeHtml(notes.join('; '))}.</p>`
    : '';
}

/** A gap in accuracy points, signed: "+1.8". */
function gapText(gap: number): string {
  return `${gap >= 0 ? '+' : ''}${(100 * gap).toFixed(1)}`;
}

/**
 * One activation's row. Its data attributes carry the unformatted mean gradient ratio and
 * accuracy, for scripts and tests that read the table rather than its rounded text.
 */
export function summaryRowHtml(s: ActivationSummary, seeds: number, best: number, color: string, held = false): string {
  // No bar for a row without a final accuracy (every seed diverged).
  const accWidth = Number.isFinite(s.finalAccuracy.mean) ? Math.max(0, Math.min(100, 100 * s.finalAccuracy.mean)) : 0;
  const vanishing = s.gradRatio.mean < VANISHING_RATIO;
  const ratioTitle = s.gradRatio.values.length > 1 ? ` title="${escapeHtml(`per seed: ${s.gradRatio.values.map(sci).join(', ')}`)}"` : '';
  const data = [
    `data-activation="${escapeHtml(s.activation)}"`,
    `data-grad-ratio="${escapeHtml(s.gradRatio.mean)}"`,
    `data-accuracy="${escapeHtml(s.finalAccuracy.mean)}"`,
  ];
  const cells = [
    `<th scope="row"><span class="dot" style="background:${escapeHtml(color)}"></span>${escapeHtml(s.activation)}</th>`,
    `<td class="num acc${s.finalAccuracy.mean === best ? ' best' : ''}"><span class="bar" style="width:${accWidth.toFixed(1)}%"></span><span class="v">${escapeHtml(accuracyCell(s, seeds))}</span></td>`,
    ...(held
      ? [
          `<td class="num">${s.finalValAccuracy ? escapeHtml(formatAccuracy(s.finalValAccuracy, seeds)) : '<span class="muted">—</span>'}</td>`,
          `<td class="num">${s.generalisationGap ? escapeHtml(gapText(s.generalisationGap.mean)) : '<span class="muted">—</span>'}</td>`,
        ]
      : []),
    `<td class="num">${escapeHtml(formatBce(s.finalBce, seeds))}</td>`,
    `<td class="num">${s.epochTo90 === null ? '<span class="muted">never</span>' : escapeHtml(s.epochTo90)}</td>`,
    `<td class="num${vanishing ? ' warn' : ''}"${ratioTitle}>${escapeHtml(formatRatio(s.gradRatio.mean))}${vanishing ? ' <span class="tag">vanishing</span>' : ''}</td>`,
    `<td class="num">${s.deadShare ? escapeHtml(pct(s.deadShare.mean, 0)) : '<span class="muted">n/a</span>'}</td>`,
    `<td class="num">${escapeHtml(formatMs(s.ms.mean))}</td>`,
  ];
  return `<tr ${data.join(' ')}>${cells.join('')}</tr>`;
}

/**
 * The summary table in a scrolling wrapper, followed by the divergence note when a seed diverged.
 * `seeds` > 1 shows means ± 95% CI. Every text is escaped.
 */
export function summaryTableHtml(summaries: readonly ActivationSummary[], seeds: number): string {
  // Over the activations that have an accuracy: one whose every seed diverged (NaN) must not hide the best.
  const best = Math.max(...summaries.map((s) => s.finalAccuracy.mean).filter(Number.isFinite));
  const colors = activationColors(summaries.map((s) => s.activation));
  const ci = seeds > 1 ? ' (mean ± 95% CI)' : '';
  // With held-out rows: their accuracy and the generalisation gap (training − validation).
  const held = summaries.some((s) => s.finalValAccuracy !== null);
  const head = [
    'activation',
    `final accuracy${ci}`,
    ...(held ? [`validation accuracy${ci}`, 'generalisation gap (points)'] : []),
    `final BCE${ci}`,
    'first epoch ≥ 90%',
    'gradient first / output layer',
    'dead units',
    'training time per run',
  ];
  return [
    '<div class="table-wrap"><table class="summary">',
    `<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${summaries.map((s, i) => summaryRowHtml(s, seeds, best, colors[i]!, held)).join('')}</tbody>`,
    '</table></div>',
    divergedNote(summaries),
  ]
    .filter((line) => line !== '')
    .join('\n');
}
