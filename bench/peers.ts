// Suite "peers": the same study — same data, network, initial weights and training loop — in
// actlab, plain TypeScript, TensorFlow.js (cpu and wasm backends) and PyTorch eager, in one run,
// each on one thread; and a 256×256×256 matrix product in actlab and in each tfjs backend.
import { type History, loadCore } from '../src/index.js';
import { ceiling } from './ceiling.js';
import { type SuiteReport, sampleLabel, timeCases, timeOnce } from './harness.js';
import { denseCase } from './kernels.js';
import { trainPlain } from './peers/plain-ts.js';
import { findPython, runTorchStudy, type TorchResult } from './peers/pytorch.js';
import { loadTf, matMulCase, trainTf, useBackend } from './peers/tfjs.js';
import { circles, initialStateDict, STUDY, studySteps, trainStudy } from './study.js';
import { duration, num, percent, relative, type Table } from './table.js';

export const PEER_NAMES = ['plain-ts', 'tfjs-cpu', 'tfjs-wasm', 'pytorch'] as const;
export type PeerName = (typeof PEER_NAMES)[number];

export interface PeerOptions {
  peers: PeerName[];
  /** Epochs timed for TensorFlow.js (extrapolated to the study's 300). */
  tfjsEpochs: number;
  /** Epochs timed for PyTorch (extrapolated to 300 when fewer). */
  torchEpochs: number;
}

interface PeerRow {
  peer: string;
  /** Epochs actually timed, and their wall time. */
  epochs: number;
  ms: number;
  /** The 300-epoch study: measured, or extrapolated linearly from `epochs`. */
  studyMs: number;
  /** Largest |final accuracy − actlab's at the same epoch| over the five runs, in points. */
  accuracyGap?: number;
  how: string;
  info?: Record<string, unknown>;
}

const MATMUL = 256;

export async function runPeers(options: PeerOptions): Promise<SuiteReport> {
  // The ceiling first, while nothing else of ours has run (cached when the ceiling suite ran).
  const top = await ceiling();
  const core = await loadCore({ backend: 'simd' });
  const data = circles();
  const init = initialStateDict(core);
  const steps = studySteps(data.nSamples);
  const wanted = new Set(options.peers);

  // actlab, the reference: the same measurement as the e2e suite, and its histories for the accuracy check.
  const reference = trainStudy(core, data);
  const [tActlab] = await timeCases(
    'peers: actlab study (SIMD, 1 thread)',
    'peers-actlab',
    [{ name: 'actlab study', fn: () => trainStudy(core, data), warmup: 3, warmupMs: 1500 }],
    { maxTime: 2, minSamples: 5 },
  );
  // The median whatever --stat says: the peers' single long runs absorb the machine's load too.
  const actlabMs = tActlab!.medianMs;
  /** Largest |final accuracy − actlab's at that epoch| over the runs, in percentage points. */
  const gap = (finals: number[], epochs: number) =>
    Math.max(...finals.map((accuracy, i) => Math.abs(accuracy - reference[i]!.accuracy[epochs - 1]!))) * 100;
  const finals = (histories: History[]) => histories.map((h) => h.accuracy.at(-1)!);
  const rows: PeerRow[] = [
    {
      peer: 'actlab (SIMD Wasm)',
      epochs: STUDY.epochs,
      ms: actlabMs,
      studyMs: actlabMs,
      accuracyGap: 0,
      how: "benny, median of the samples (the peers' single runs absorb any load too)",
    },
  ];

  // Plain TypeScript: far slower, timed once after a short warm-up study.
  if (wanted.has('plain-ts')) {
    console.log('peers: plain TypeScript study');
    let histories: History[] = [];
    const plain = (epochs: number) => () => {
      histories = STUDY.activations.map((a) =>
        trainPlain(STUDY.layers, a, init, data, { epochs, batchSize: STUDY.batchSize, lr: STUDY.lr }),
      );
    };
    await plain(10)();
    const ms = await timeOnce(plain(STUDY.epochs));
    rows.push({
      peer: 'plain TypeScript (Float32Array, no Wasm)',
      epochs: STUDY.epochs,
      ms,
      studyMs: ms,
      accuracyGap: gap(finals(histories), STUDY.epochs),
      how: 'one run after a 10-epoch warm-up study',
    });
  }

  // TensorFlow.js: each backend trains `tfjsEpochs` epochs per run, extrapolated to 300.
  const matMuls: { name: string; gflops: number; ms: number }[] = [];
  const tfBackends = (['cpu', 'wasm'] as const).filter((b) => wanted.has(`tfjs-${b}`));
  if (tfBackends.length) {
    const tf = await loadTf();
    for (const backend of tfBackends) {
      const info = await useBackend(tf, backend);
      console.log(`peers: TensorFlow.js ${tf.version.tfjs} ${backend} backend, ${options.tfjsEpochs} epochs per run`, info);
      let histories: History[] = [];
      const study = (epochs: number) => () => {
        histories = STUDY.activations.map((a) =>
          trainTf(tf, STUDY.layers, a, init, data, { epochs, batchSize: STUDY.batchSize, lr: STUDY.lr }),
        );
      };
      await study(1)();
      const epochs = Math.min(options.tfjsEpochs, STUDY.epochs);
      const ms = await timeOnce(study(epochs));
      rows.push({
        peer: `TensorFlow.js ${tf.version.tfjs} ${backend}${backend === 'wasm' ? ` (${info.simd ? 'SIMD' : 'no SIMD'}, ${info.threads} thread)` : ''}`,
        epochs,
        ms,
        studyMs: (ms * STUDY.epochs) / epochs,
        accuracyGap: gap(finals(histories), epochs),
        how: `one run of ${epochs} epochs after a 1-epoch warm-up${epochs < STUDY.epochs ? `, ×${num(STUDY.epochs / epochs, 3)}` : ''}`,
        info,
      });
      const mm = matMulCase(tf, MATMUL);
      const [t] = await timeCases(
        `peers: tfjs ${backend} matMul ${MATMUL}³`,
        `peers-matmul-tfjs-${backend}`,
        [{ name: `tfjs ${backend} matMul`, fn: mm.run, warmup: 50 }],
        { maxTime: 1, minSamples: 5 },
      );
      mm.dispose();
      matMuls.push({ name: `TensorFlow.js ${backend}: tf.matMul + dataSync`, ms: t!.ms, gflops: (2 * MATMUL ** 3) / (t!.ms * 1e6) });
    }
  }

  // PyTorch eager, in its own process.
  let torch: TorchResult | undefined;
  let torchSkipped: string | undefined;
  if (wanted.has('pytorch')) {
    const python = findPython();
    if (!python) {
      torchSkipped = "PyTorch: skipped (python3 -c 'import torch, sklearn' failed)";
      console.log(torchSkipped);
    } else {
      const epochs = Math.min(options.torchEpochs, STUDY.epochs);
      console.log(`peers: PyTorch eager via ${python}, ${epochs} epochs per run`);
      torch = runTorchStudy(python, { ...STUDY, epochs, init });
      rows.push({
        peer: `PyTorch ${torch.torch} eager (${torch.threads} thread)`,
        epochs,
        ms: torch.ms,
        studyMs: (torch.ms * STUDY.epochs) / epochs,
        accuracyGap: gap(
          torch.runs.map((r) => r.accuracy),
          epochs,
        ),
        how: `one run in its own process after a 1-epoch warm-up${epochs < STUDY.epochs ? `, ×${num(STUDY.epochs / epochs, 3)}` : ''}; imports (${duration(torch.importMs)}) not counted`,
        info: { ...torch },
      });
    }
  }

  // actlab's denseForward at 256×256×256 against the tfjs matMuls.
  const scalarCore = await loadCore({ backend: 'scalar' });
  const size = { batch: MATMUL, nIn: MATMUL, nOut: MATMUL };
  const [simdDense, scalarDense] = [denseCase(core, size), denseCase(scalarCore, size)];
  const tDense = await timeCases(
    `peers: actlab denseForward ${MATMUL}³`,
    'peers-matmul-actlab',
    [
      { name: 'actlab denseForward SIMD', fn: simdDense.forward, warmup: 50 },
      { name: 'actlab denseForward scalar', fn: scalarDense.forward, warmup: 10 },
    ],
    { maxTime: 1, minSamples: 5 },
  );
  matMuls.unshift(
    {
      name: 'actlab denseForward, SIMD',
      ms: tDense[0]!.ms / simdDense.reps,
      gflops: (2 * MATMUL ** 3 * simdDense.reps) / (tDense[0]!.ms * 1e6),
    },
    {
      name: 'actlab denseForward, scalar build',
      ms: tDense[1]!.ms / scalarDense.reps,
      gflops: (2 * MATMUL ** 3 * scalarDense.reps) / (tDense[1]!.ms * 1e6),
    },
  );

  const tables: Table[] = [
    {
      title: `Peers: the study (5 activations × ${STUDY.epochs} epochs, ${steps.toLocaleString('en-US')} steps, telemetry and per-epoch evaluation), one thread`,
      columns: ['implementation', 'epochs timed', 'study (300 epochs)', 'µs per step', 'vs actlab', 'max |Δ acc| vs actlab'],
      rows: rows.map((r) => [
        r.peer,
        String(r.epochs),
        `${r.epochs < STUDY.epochs ? '≈ ' : ''}${duration(r.studyMs)}`,
        num((r.studyMs * 1000) / steps, 3),
        r === rows[0] ? '1×' : relative(r.studyMs, actlabMs),
        r.accuracyGap === undefined ? '—' : `${r.accuracyGap.toFixed(1)} pp`,
      ]),
      notes: [
        ...rows.map((r) => `${r.peer}: ${r.how}`),
        '≈: extrapolated linearly from the epochs timed (every epoch does the same work)',
        "every implementation starts from actlab's seed-0 weights on the same make_circles data; |Δ acc| compares final accuracies at the epoch timed",
        ...(torchSkipped ? [torchSkipped] : []),
      ],
    },
    {
      title: `Matrix product ${MATMUL}×${MATMUL}×${MATMUL} (2·n³ flops), ceiling ${num(top.gflops, 3)} GFLOP/s`,
      columns: ['implementation', 'ms', 'GFLOP/s', '% ceiling', 'vs actlab SIMD'],
      rows: matMuls.map((m, i) => [
        m.name,
        num(m.ms, 3),
        num(m.gflops, 3),
        percent(m.gflops / top.gflops),
        i === 0 ? '1×' : relative(m.ms, matMuls[0]!.ms),
      ]),
      notes: [
        `actlab: z[256][256] = W·x + b on feature-major x; tfjs: matMul of two 256×256 tensors, read back with dataSync; ${sampleLabel()}`,
      ],
    },
  ];
  return {
    suite: 'peers',
    tables,
    data: { actlabMs, steps, rows, matMuls, ceilingGflops: top.gflops, ...(torchSkipped ? { torchSkipped } : {}) },
  };
}
