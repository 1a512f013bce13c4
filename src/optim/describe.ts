// Optimizer settings as text, from the registry's labels: the report's full line and the CLI's
// status-line summary.
import type { OptimizerConfig } from './config.js';
import { getOptimizer, type HyperSpec, type HyperValue, type OptimizerSpec } from './registry.js';

/**
 * "Adam (lr 0.0001, betas 0.9/0.999, eps 1e-8, weight decay 0)": every setting, a switch only when
 * on. `brief`: "SGD lr 0.1 momentum 0.9", the learning rate and the settings off their defaults.
 */
export function describeOptimizer(config: OptimizerConfig, detail: 'full' | 'brief' = 'full'): string {
  const spec: OptimizerSpec = getOptimizer(config.name);
  const settings = config as unknown as Readonly<Record<string, HyperValue>>;
  const shown = spec.hyper.filter((h) => {
    const value = settings[h.key]!;
    if (h.type === 'boolean') return value === true;
    return detail === 'full' || h.key === 'lr' || !sameValue(value, h.default);
  });
  const parts = shown.map((h) => describeSetting(h, settings[h.key]!));
  if (detail === 'brief') return [spec.label, ...parts].join(' ');
  return `${spec.label} (${parts.join(', ')})`;
}

function describeSetting(h: HyperSpec, value: HyperValue): string {
  if (h.type === 'boolean') return h.label;
  return `${h.label} ${Array.isArray(value) ? value.join('/') : String(value)}`;
}

function sameValue(value: HyperValue, fallback: HyperValue | undefined): boolean {
  return Array.isArray(value) && Array.isArray(fallback) ? value.every((v, i) => v === fallback[i]) : value === fallback;
}
