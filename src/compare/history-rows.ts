import type { RunResult } from './types.js';

/** One row of the long-format history: a run's epoch. */
export interface HistoryRow {
  activation: string;
  seed: number;
  epoch: number;
  bce: number;
  accuracy: number;
  /** grad_0 … grad_L: mean |∂loss/∂W| of each layer, first layer first. */
  [grad: `grad_${number}`]: number;
}

/** The runs' histories in long format: activation, seed, epoch, bce, accuracy, grad_0…grad_L. */
export function historyRows(runs: RunResult[]): HistoryRow[] {
  return runs.flatMap((run) =>
    run.history.bce.map((bce, epoch) => {
      const row: HistoryRow = { activation: run.activation, seed: run.seed, epoch, bce, accuracy: run.history.accuracy[epoch]! };
      run.history.grad.forEach((series, l) => {
        row[`grad_${l}`] = series[epoch]!;
      });
      return row;
    }),
  );
}

/** The same rows as CSV with a header; numbers in full precision (shortest round-trip form). */
export function historyCsv(rows: HistoryRow[], layers: number): string {
  const gradColumns = Array.from({ length: layers }, (_, l) => `grad_${l}` as const);
  const header = ['activation', 'seed', 'epoch', 'bce', 'accuracy', ...gradColumns];
  const lines = rows.map((r) => [r.activation, r.seed, r.epoch, r.bce, r.accuracy, ...gradColumns.map((c) => r[c])].join(','));
  return [header.join(','), ...lines].join('\n') + '\n';
}
