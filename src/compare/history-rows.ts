import type { RunResult } from './types.js';

/** One row of the long-format history: a run's epoch. */
export interface HistoryRow {
  activation: string;
  seed: number;
  epoch: number;
  bce: number;
  accuracy: number;
  /** On the validation rows, with validation only. */
  val_bce?: number;
  val_accuracy?: number;
  /** grad_0 … grad_L: mean |∂loss/∂W| of each layer, first layer first. */
  [grad: `grad_${number}`]: number;
}

/** The runs' histories in long format: activation, seed, epoch, bce, accuracy, grad_0…grad_L. */
export function historyRows(runs: RunResult[]): HistoryRow[] {
  return runs.flatMap((run) =>
    run.history.bce.map((bce, epoch) => {
      const row: HistoryRow = { activation: run.activation, seed: run.seed, epoch, bce, accuracy: run.history.accuracy[epoch]! };
      if (run.history.valBce && run.history.valAccuracy) {
        row.val_bce = run.history.valBce[epoch]!;
        row.val_accuracy = run.history.valAccuracy[epoch]!;
      }
      run.history.grad.forEach((series, l) => {
        row[`grad_${l}`] = series[epoch]!;
      });
      return row;
    }),
  );
}

/**
 * The same rows as CSV with a header; numbers in full precision (shortest round-trip form). With
 * validation, val_bce and val_accuracy follow accuracy. A label with a comma (a per-layer list,
 * an activation with options) is quoted.
 */
export function historyCsv(rows: HistoryRow[], layers: number): string {
  const gradColumns = Array.from({ length: layers }, (_, l) => `grad_${l}` as const);
  const held = rows.some((r) => r.val_bce !== undefined);
  const header = ['activation', 'seed', 'epoch', 'bce', 'accuracy', ...(held ? ['val_bce', 'val_accuracy'] : []), ...gradColumns];
  const quoted = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = rows.map((r) =>
    [
      quoted(r.activation),
      r.seed,
      r.epoch,
      r.bce,
      r.accuracy,
      ...(held ? [r.val_bce, r.val_accuracy] : []),
      ...gradColumns.map((c) => r[c]),
    ].join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}
