// Numbers and text as the report page and the playground's summary table show them. Kept apart
// from html.ts so the table builder (summary-table.ts) and the page can share them without a cycle.
import type { Stat } from '../compare/types.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** "97.3%"; "—" for a missing (non-finite) share. */
export const pct = (x: number, digits = 1) => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : '—');

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

/** "3.2e-7", "1.3e1". */
export const sci = (x: number) => (Number.isFinite(x) ? x.toExponential(1).replace('e+', 'e') : String(x));

/** "97.3% ± 1.2" with several seeds (the ± is the 95% CI half-width, in percentage points). */
export function formatAccuracy(s: Stat, seeds: number): string {
  return seeds > 1 && s.values.length > 1 ? `${pct(s.mean)} ± ${fixed(100 * s.ci95, 1)}` : pct(s.mean);
}

/** "0.0831 ± 0.0040" with several seeds. */
export function formatBce(s: Stat, seeds: number): string {
  return seeds > 1 && s.values.length > 1 ? `${fixed(s.mean, 4)} ± ${fixed(s.ci95, 4)}` : fixed(s.mean, 4);
}

/** "1.6e-4 (10⁻³·⁸)": the ratio and its power of ten to one decimal. */
export function formatRatio(x: number): string {
  if (Number.isNaN(x)) return '—';
  if (x === Infinity) return '∞';
  if (x <= 0) return '0';
  const exponent = Math.log10(x)
    .toFixed(1)
    .replace(/^-0\.0$/, '0.0');
  return `${sci(x)} (${powerOfTen(exponent)})`;
}

/** "840 ms", or "12.3 s" from 10 s up. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '.': '·',
};

/** "10⁻³" for -3; "10⁻³·⁸" for -3.8 or "-3.8" (the middle dot stands in for a superscript decimal point). */
export function powerOfTen(exponent: number | string): string {
  return '10' + [...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}
