import { evaluateActivation } from '../activations/kernels.js';
import { getActivation, resolveActivationOptions } from '../activations/registry.js';
import { type Backend, loadCore } from '../core/load.js';
import { InputError } from '../validate.js';
import type { CliIo } from './io.js';

export { ACTIVATION_OPTION_NAMES } from './activation-options.js';

export interface ActivationFlags {
  at: number[];
  json?: boolean;
  backend: Backend | 'auto';
  options: Record<string, number | string>;
}

/** `actlab activation NAME --at ...`: f and f′ from the Wasm kernels at the given points. */
export async function activationCommand(name: string, flags: ActivationFlags, io: CliIo): Promise<void> {
  const spec = getActivation(name);
  for (const option of Object.keys(flags.options)) {
    if (!(option in spec.options)) {
      const takes = Object.keys(spec.options);
      throw new InputError(
        `--${option}`,
        flags.options[option],
        `is not an option of ${spec.name} (${takes.length ? `it takes: ${takes.map((t) => `--${t}`).join(', ')}` : 'it takes none'})`,
      );
    }
  }
  // Checked here so that an error names the flag (--beta), not the option.
  const { values } = resolveActivationOptions(spec.name, flags.options, (option) => `--${option}`);
  const core = await loadCore({ backend: flags.backend });
  const result = evaluateActivation(core, spec.name, flags.options, flags.at);
  if (flags.json) {
    io.out(JSON.stringify(result) + '\n');
    return;
  }
  const shown = Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const fixed = spec.state
    ? ` (its weight at init, as a fresh nn.${spec.torch.module})`
    : spec.randomInTraining
      ? ' (evaluation mode: the fixed slope)'
      : '';
  const lines = [`${spec.name}${shown ? ` (${shown})` : ''}${fixed}, ${core.backend} kernels; backward reads ${spec.backwardUses}`];
  lines.push(`${'x'.padStart(12)} ${'f(x)'.padStart(14)} ${"f'(x)".padStart(14)}`);
  result.x.forEach((x, i) => {
    lines.push(`${fmt(x)} ${fmt(result.y[i]!, 14)} ${fmt(result.dydx[i]!, 14)}`);
  });
  io.out(lines.join('\n') + '\n');
}

function fmt(v: number, width = 12): string {
  const text = v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6) ? v.toExponential(6) : String(Number(v.toPrecision(8)));
  return text.padStart(width);
}
