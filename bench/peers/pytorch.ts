// Peer "PyTorch eager": runs bench/peers/pytorch_study.py with the first Python that imports
// torch and sklearn, feeding it the study and actlab's initial weights; it times itself.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StateDict } from '../../src/index.js';

const SCRIPT = fileURLToPath(new URL('./pytorch_study.py', import.meta.url));
const PYTHONS = ['/usr/bin/python3', 'python3'];

export interface TorchResult {
  torch: string;
  sklearn: string;
  python: string;
  threads: number;
  epochs: number;
  /** Wall time of the whole study's training loops, ms. */
  ms: number;
  importMs: number;
  runs: { activation: string; ms: number; accuracy: number; bce: number }[];
  /** The interpreter used. */
  executable: string;
}

/** The first interpreter where `import torch, sklearn` works, or undefined. */
export function findPython(): string | undefined {
  return PYTHONS.find((python) => spawnSync(python, ['-c', 'import torch, sklearn'], { stdio: 'ignore' }).status === 0);
}

export interface TorchStudy {
  activations: readonly string[];
  layers: readonly number[];
  epochs: number;
  batchSize: number;
  lr: number;
  samples: number;
  init: StateDict;
}

export function runTorchStudy(python: string, study: TorchStudy): TorchResult {
  const result = spawnSync(python, [SCRIPT], { input: JSON.stringify(study), encoding: 'utf8', maxBuffer: 16 << 20 });
  if (result.status !== 0) throw new Error(`${python} ${SCRIPT} failed (${result.status}): ${result.stderr}`);
  const line = result.stdout.trim().split('\n').at(-1)!;
  return { ...(JSON.parse(line) as Omit<TorchResult, 'executable'>), executable: python };
}
