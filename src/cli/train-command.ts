import { describeActivations, resolveHiddenActivations } from '../activations/hidden.js';
import { type Backend, loadCore } from '../core/load.js';
import { jsonText } from '../json.js';
import { runSpec, type TrainingSpec } from '../spec/spec.js';
import { divergedWhere } from '../train/divergence.js';
import type { History } from '../train/train.js';
import type { CliIo } from './io.js';
import { readSpecFile } from './read-spec.js';

export interface TrainFlags {
  json?: boolean;
  backend: Backend | 'auto';
  every: number;
}

/** `actlab train SPEC.json`: runs the spec; a tutorial-style log, or only JSON with --json. */
export async function trainCommand(specPath: string, flags: TrainFlags, io: CliIo): Promise<void> {
  const spec = readSpecFile(specPath);
  const core = await loadCore({ backend: flags.backend });
  const log = (line: string): void => io.out(line + '\n');
  const every = flags.every;
  const epochs = spec.config.epochs;
  const onEpoch = flags.json
    ? undefined
    : (epoch: number, history: History): void => {
        if ((epoch + 1) % every === 0 || epoch + 1 === epochs || history.diverged) log(epochLine(epoch, history));
      };
  const started = performance.now();
  const result = runSpec(core, spec, onEpoch);
  const elapsed = performance.now() - started;
  if (flags.json) {
    const stateGrad = result.stateGrad ? { stateGrad: result.stateGrad } : {};
    log(
      jsonText({
        bce: result.bce,
        accuracy: result.accuracy,
        ...(result.valBce ? { valBce: result.valBce, valAccuracy: result.valAccuracy } : {}),
        ...(result.mechanism ? { mechanism: result.mechanism } : {}),
        grad: result.grad,
        ...stateGrad,
        diverged: result.diverged,
        final: result.final,
      }),
    );
    return;
  }
  if (result.diverged) {
    log(
      `Training diverged at epoch ${result.diverged.epoch}: ${divergedWhere(result.diverged)} became NaN or ±Infinity; it stopped there.`,
    );
  }
  log(`Mean |grad| per layer, last epoch: ${result.grad.map((g, l) => `layer${l} ${g[g.length - 1]!.toExponential(2)}`).join(', ')}`);
  log(
    `Trained ${result.bce.length} epochs of ${spec.data.nSamples} samples (${activationLabel(spec)}, batch ${spec.config.batchSize}) in ${elapsed.toFixed(0)} ms on the ${core.backend} kernels.`,
  );
}

function epochLine(epoch: number, history: History): string {
  const line = `Epoch ${epoch}: BCE=${history.bce[epoch]!.toFixed(4)}, Accuracy=${(history.accuracy[epoch]! * 100).toFixed(2)}%`;
  if (!history.valBce || !history.valAccuracy) return line;
  return `${line}, Val BCE=${history.valBce[epoch]!.toFixed(4)}, Val Accuracy=${(history.valAccuracy[epoch]! * 100).toFixed(2)}%`;
}

/** The spec's hidden activations as runs name them: `relu`, `leaky_relu(negativeSlope=0.2)`, `[relu, tanh]`. */
function activationLabel(spec: TrainingSpec): string {
  const { activation, activationOptions, layers } = spec.config;
  const hidden = Array.isArray(activation) ? layers.length - 2 : Math.max(1, layers.length - 2);
  return describeActivations(resolveHiddenActivations(activation, activationOptions, hidden));
}
