// The playground page: settings form ⇄ URL, one training worker per activation, live charts.

import {
  type ActivationName,
  activationColors,
  activationsSpec,
  type BoundaryGrid,
  boundarySpec,
  DATASET_NAMES,
  type Dataset,
  datasetDefaults,
  getActivation,
  type History,
  historySpec,
  isActivationName,
  makeDataset,
  OPTIMIZERS,
  powerOfTen,
  type RunResult,
  type StateDict,
  sampleNote,
  VANISHING_RATIO,
} from '../../src/index.js';
import { Chart, fit, pinEpochs } from './charts.js';
import { CompareView } from './compare.js';
import type { FromWorker, PageState, RunConfig, ToWorker, WorkerState } from './protocol.js';
import {
  ACTIVATION_NAMES,
  activationsOf,
  checkNumber,
  checkOptions,
  DEFAULTS,
  LIMITS,
  layersOf,
  normaliseOptions,
  optimizerOf,
  optionsOf,
  type Settings,
  SPEEDS,
  settingsFromQuery,
  settingsToQuery,
} from './state.js';

/** One activation's run, as the page knows it. */
export interface RunView {
  activation: ActivationName;
  worker: Worker;
  ready: boolean;
  state: WorkerState;
  history: History;
  grid: BoundaryGrid | undefined;
  trainMs: number;
  runMs: number;
  final: StateDict;
  deadShare: number | null;
  saturatedShare: number;
  error: string | undefined;
}

const GRID_STEPS = 40;
const FRAME_MS = 100;

const $ = <T extends HTMLElement>(selector: string) => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`missing element ${selector}`);
  return el;
};

const form = $<HTMLFormElement>('#settings');
const field = <T extends HTMLElement = HTMLInputElement>(name: string) => form.elements.namedItem(name) as unknown as T;
const playButton = $<HTMLButtonElement>('#play');
const stepButton = $<HTMLButtonElement>('#step');
const resetButton = $<HTMLButtonElement>('#reset');

const parsed = settingsFromQuery(location.search);
let settings: Settings = parsed.settings;
const urlProblems = parsed.problems;
let fieldProblems: Record<string, string> = {};

let data: Dataset = makeDataset(settings.dataset, { samples: settings.samples, noise: settings.noise, seed: settings.dataSeed });
let runs: RunView[] = [];
const workers: Worker[] = [];
let generation = 0;
let pageState: PageState = 'idle';
let playWhenReady = false;
/** Training time on the page clock: summed over the stretches between play and pause/done. */
let wallMs = 0;
let playingSince: number | undefined;
let backend = '';

const charts = {
  history: new Chart($('#chart-history')),
  boundary: new Chart($('#chart-boundary')),
  activation: new Chart($('#chart-activation')),
};
const compareView = new CompareView({
  overlay: new Chart($('#chart-overlay')),
  ratio: new Chart($('#chart-ratio')),
  activations: new Chart($('#chart-activations')),
  boundaries: $('#boundaries'),
  summary: $('#summary'),
  summaryText: $('#summary-text'),
  findings: $('#findings'),
});

window.__actlab = {
  state: 'idle',
  mode: settings.mode,
  history: null,
  runs: [],
  epochs: 0,
  settings,
  timing: { wallMs: 0, runMs: 0, trainMs: 0 },
  backend: '',
  errors: [],
  charts: Chart.counts,
};

// ---------- the form ----------

function fillStaticControls(): void {
  const dataset = field<HTMLSelectElement>('dataset');
  dataset.replaceChildren(...DATASET_NAMES.map((name) => new Option(name, name)));
  const activation = field<HTMLSelectElement>('activation');
  activation.replaceChildren(...ACTIVATION_NAMES.map((name) => new Option(name, name)));
  const optimizer = field<HTMLSelectElement>('optimizer');
  optimizer.replaceChildren(...OPTIMIZERS.map((o) => new Option(o.label, o.name)));
  const speed = field<HTMLSelectElement>('speed');
  speed.replaceChildren(...SPEEDS.map((s) => new Option(s === 0 ? 'as fast as possible' : `${s} epochs / s`, String(s))));
  const list = $('#compare-list');
  list.replaceChildren(
    ...ACTIVATION_NAMES.map((name) => {
      const label = document.createElement('label');
      label.className = 'check';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'compare';
      box.value = name;
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = activationColors([name])[0]!;
      label.append(box, swatch, document.createTextNode(name));
      return label;
    }),
  );
}

/** Writes `settings` into the form (after load, reset to defaults, or a normalised change). */
function showSettings(): void {
  const s = settings;
  field<HTMLSelectElement>('dataset').value = s.dataset;
  for (const key of ['samples', 'noise', 'dataSeed', 'hidden', 'width', 'lr', 'momentum', 'batchSize', 'epochs', 'seed'] as const) {
    const input = field(key);
    if (!fieldProblems[key]) {
      input.value = String(s[key]);
      input.removeAttribute('aria-invalid');
    }
  }
  field<HTMLSelectElement>('activation').value = s.activation;
  field<HTMLSelectElement>('optimizer').value = s.optimizer;
  const speed = field<HTMLSelectElement>('speed');
  if (!Array.from(speed.options).some((o) => o.value === String(s.speed)))
    speed.append(new Option(`${s.speed} epochs / s`, String(s.speed)));
  speed.value = String(s.speed);
  for (const box of Array.from(form.querySelectorAll<HTMLInputElement>('input[name=compare]')))
    box.checked = (s.compare as readonly string[]).includes(box.value);
  document.body.dataset.mode = s.mode;
  document.body.dataset.optimizer = s.optimizer;
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('.modes button'))) {
    button.setAttribute('aria-pressed', String(button.dataset.mode === s.mode));
  }
  $('#single-view').hidden = s.mode !== 'single';
  $('#compare-view').hidden = s.mode !== 'compare';
  $('#shape').textContent = `${layersOf(s).join(' → ')}  ·  ${describeParams(s)}`;
  showOptionInputs();
}

function describeParams(s: Settings): string {
  const layers = layersOf(s);
  let n = 0;
  for (let l = 0; l + 1 < layers.length; l++) n += layers[l + 1]! * (layers[l]! + 1);
  return `${n} weights`;
}

/** Number inputs for the options of the activation(s) in use, from the registry. */
function showOptionInputs(): void {
  const box = $('#activation-options');
  const names = activationsOf(settings).filter((name) => Object.keys(getActivation(name).options).length > 0);
  box.replaceChildren(
    ...names.map((name) => {
      const group = document.createElement('div');
      group.className = 'row option-row';
      for (const [option, value] of Object.entries(optionsOf(settings, name))) {
        const label = document.createElement('label');
        const input = document.createElement('input');
        input.type = 'number';
        input.step = 'any';
        input.name = `${name}.${option}`;
        input.dataset.activation = name;
        input.dataset.option = option;
        input.value = fieldProblems[input.name]
          ? (document.querySelector<HTMLInputElement>(`[name="${CSS.escape(input.name)}"]`)?.value ?? String(value))
          : String(value);
        if (fieldProblems[input.name]) input.setAttribute('aria-invalid', 'true');
        label.append(document.createTextNode(settings.mode === 'compare' ? `${name} ${option}` : option), input);
        group.append(label);
      }
      return group;
    }),
  );
}

function showProblems(): void {
  const box = $('#problems');
  const messages = [...urlProblems.map((p) => `Ignored in the URL: ${p}`), ...Object.values(fieldProblems)];
  for (const run of runs) if (run.error) messages.push(`${run.activation}: ${run.error}`);
  box.hidden = messages.length === 0;
  box.replaceChildren(
    ...messages.map((m) => {
      const p = document.createElement('p');
      p.textContent = m;
      return p;
    }),
  );
  window.__actlab.errors = messages;
}

/** Reads one changed control into `settings`; returns false when the value is rejected. */
function readControl(target: HTMLInputElement | HTMLSelectElement): boolean {
  const name = target.name;
  const next: Settings = structuredClone(settings);
  delete fieldProblems[name];
  target.removeAttribute('aria-invalid');
  if (name === 'dataset') {
    next.dataset = target.value as Settings['dataset'];
    next.noise = datasetDefaults(target.value).noise;
    delete fieldProblems.noise;
  } else if (name === 'activation') {
    next.activation = getActivation(target.value).name;
  } else if (name === 'optimizer') {
    next.optimizer = target.value as Settings['optimizer'];
  } else if (name === 'compare') {
    next.compare = Array.from(form.querySelectorAll<HTMLInputElement>('input[name=compare]:checked'))
      .map((b) => b.value)
      .filter(isActivationName);
    if (next.compare.length === 0) {
      fieldProblems.compare = 'Pick at least one activation to compare.';
      return false;
    }
  } else if (name in LIMITS) {
    const key = name as keyof typeof LIMITS;
    const value = checkNumber(key, target.value);
    if (typeof value === 'string') {
      fieldProblems[name] = value;
      target.setAttribute('aria-invalid', 'true');
      return false;
    }
    next[key] = value;
  } else if (target.dataset.activation && target.dataset.option) {
    const activation = target.dataset.activation;
    const value = target.value.trim() === '' ? NaN : Number(target.value);
    const options = { ...optionsOf(next, activation), [target.dataset.option]: value };
    const problem = Number.isFinite(value)
      ? checkOptions(activation, options)
      : `${name} must be a number, got ${JSON.stringify(target.value)}`;
    if (problem) {
      fieldProblems[name] = `${activation}: ${problem}`;
      target.setAttribute('aria-invalid', 'true');
      return false;
    }
    next.options = normaliseOptions({ ...next.options, [activation]: options });
  } else {
    return false;
  }
  settings = next;
  // The URL's ignored parameters are gone from the address once the page rewrites it.
  urlProblems.length = 0;
  return true;
}

function writeUrl(): void {
  const extra: Record<string, string> = {};
  const current = new URLSearchParams(location.search);
  if (current.has('autostart')) extra.autostart = current.get('autostart')!;
  history.replaceState(null, '', `${location.pathname}?${settingsToQuery(settings, extra)}${location.hash}`);
  window.__actlab.settings = settings;
}

form.addEventListener('change', (event) => {
  const target = event.target as HTMLInputElement | HTMLSelectElement;
  const speedOnly = target.name === 'speed';
  const ok = readControl(target);
  showProblems();
  if (!ok) return;
  writeUrl();
  if (speedOnly) {
    for (const run of runs) send(run, { type: 'speed', id: generation, speed: settings.speed });
    return;
  }
  showSettings();
  // A change while training restarts the run with the new settings and keeps training.
  const wasTraining = pageState === 'training';
  reset();
  if (wasTraining) play();
});
form.addEventListener('submit', (event) => event.preventDefault());

for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('.modes button'))) {
  button.addEventListener('click', () => {
    const mode = button.dataset.mode as Settings['mode'];
    if (mode === settings.mode) return;
    settings = { ...settings, mode };
    writeUrl();
    showSettings();
    reset();
  });
}

$('#tutorial-link').addEventListener('click', (event) => {
  event.preventDefault();
  settings = structuredClone({ ...DEFAULTS, mode: settings.mode, compare: settings.compare, speed: settings.speed }) as Settings;
  fieldProblems = {};
  urlProblems.length = 0;
  writeUrl();
  showSettings();
  showProblems();
  reset();
});

playButton.addEventListener('click', () => (pageState === 'training' ? pause() : play()));
stepButton.addEventListener('click', () => step());
resetButton.addEventListener('click', () => reset());
document.addEventListener('keydown', (event) => {
  // Space toggles training, unless typing in a control.
  if (event.key !== ' ' || (event.target as HTMLElement).closest('input, select, textarea, button')) return;
  event.preventDefault();
  if (pageState === 'training') pause();
  else play();
});

// ---------- the runs ----------

function runConfig(activation: ActivationName): RunConfig {
  return {
    dataset: settings.dataset,
    samples: settings.samples,
    noise: settings.noise,
    dataSeed: settings.dataSeed,
    layers: layersOf(settings),
    activation,
    activationOptions: optionsOf(settings, activation),
    seed: settings.seed,
    optimizer: optimizerOf(settings),
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    speed: settings.speed,
    gridSteps: GRID_STEPS,
  };
}

function send(run: RunView, message: ToWorker): void {
  run.worker.postMessage(message);
}

function makeWorker(index: number): Worker {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: `actlab-${index}` });
  worker.onmessage = (event: MessageEvent<FromWorker>) => onWorkerMessage(index, event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    const run = runs[index];
    if (run) run.error = event.message || 'the training worker failed to start';
    showProblems();
    updateState();
  };
  return worker;
}

/** Back to epoch 0 with the current settings: new data, fresh models in the workers. */
function reset(): void {
  generation++;
  playWhenReady = false;
  wallMs = 0;
  playingSince = undefined;
  data = makeDataset(settings.dataset, { samples: settings.samples, noise: settings.noise, seed: settings.dataSeed });
  // The charts drop their subtitles: say here when the scatters show a sample of the points.
  document.querySelectorAll('.sample-note').forEach((note) => {
    note.textContent = sampleNote(data.nSamples);
  });
  const names = activationsOf(settings);
  while (workers.length < names.length) workers.push(makeWorker(workers.length));
  while (workers.length > names.length) workers.pop()!.terminate();
  runs = names.map((activation, i) => ({
    activation,
    worker: workers[i]!,
    ready: false,
    state: 'idle',
    history: { bce: [], accuracy: [], grad: [], diverged: null },
    grid: undefined,
    trainMs: 0,
    runMs: 0,
    final: {},
    deadShare: null,
    saturatedShare: 0,
    error: undefined,
  }));
  for (const run of runs) send(run, { type: 'init', id: generation, config: runConfig(run.activation) });
  pageState = 'idle';
  drawStatic();
  updateState();
}

function play(): void {
  if (runs.some((r) => r.error)) return;
  if (pageState === 'done') {
    reset();
  }
  if (!runs.every((r) => r.ready)) {
    playWhenReady = true;
    pageState = 'training';
    updateState();
    return;
  }
  pageState = 'training';
  playingSince = performance.now();
  for (const run of runs) send(run, { type: 'play', id: generation });
  updateState();
}

function pause(): void {
  playWhenReady = false;
  stopClock();
  for (const run of runs) send(run, { type: 'pause', id: generation });
  pageState = runs.length > 0 && runs.every((r) => r.history.bce.length === 0) ? 'idle' : 'paused';
  updateState();
}

function step(): void {
  if (pageState === 'done' || runs.some((r) => r.error)) return;
  playWhenReady = false;
  stopClock();
  for (const run of runs) if (run.state !== 'done') send(run, { type: 'step', id: generation });
  pageState = 'paused';
  updateState();
}

function stopClock(): void {
  if (playingSince !== undefined) wallMs += performance.now() - playingSince;
  playingSince = undefined;
}

function onWorkerMessage(index: number, message: FromWorker): void {
  const run = runs[index];
  if (!run || message.id !== generation) return; // from before the last reset
  if (message.type === 'error') {
    run.error = message.message;
    showProblems();
    if (pageState === 'training') pause();
    updateState();
    return;
  }
  if (message.type === 'ready') {
    run.ready = true;
    run.grid = message.grid;
    run.history.grad = Array.from({ length: message.layers }, () => []);
    backend = message.backend;
    if (playWhenReady && runs.every((r) => r.ready)) {
      playWhenReady = false;
      play();
    }
    scheduleDraw();
    return;
  }
  const { delta } = message;
  const h = run.history;
  // Entries arrive in order and exactly once; `from` guards against anything else.
  if (delta.from !== h.bce.length) {
    run.error = `history out of order (got epoch ${delta.from}, expected ${h.bce.length})`;
    showProblems();
    return;
  }
  h.bce.push(...delta.bce);
  h.accuracy.push(...delta.accuracy);
  h.diverged = delta.diverged;
  delta.grad.forEach((g, l) => {
    h.grad[l] = [...(h.grad[l] ?? []), ...g];
  });
  run.state = message.state;
  run.trainMs = message.trainMs;
  run.runMs = message.runMs;
  if (message.grid) run.grid = message.grid;
  if (message.final) run.final = message.final;
  if (message.deadShare !== undefined) run.deadShare = message.deadShare;
  if (message.saturatedShare !== undefined) run.saturatedShare = message.saturatedShare;
  if (runs.every((r) => r.state === 'done') && pageState !== 'done') {
    stopClock();
    pageState = 'done';
  }
  updateState();
  scheduleDraw();
}

function runResults(): RunResult[] {
  return runs.map((r) => ({
    activation: r.activation,
    seed: settings.seed,
    history: r.history,
    final: r.final,
    ms: r.trainMs,
    deadShare: r.deadShare,
    saturatedShare: r.saturatedShare,
  }));
}

/** Buttons, status line and window.__actlab. */
function updateState(): void {
  const epochs = runs.length > 0 ? Math.min(...runs.map((r) => r.history.bce.length)) : 0;
  const errored = runs.some((r) => r.error);
  playButton.textContent = pageState === 'training' ? 'Pause' : pageState === 'done' ? 'Train again' : epochs > 0 ? 'Resume' : 'Train';
  playButton.disabled = errored;
  stepButton.disabled = pageState === 'done' || errored;
  document.body.dataset.state = pageState;
  const total = settings.epochs;
  const bar = $('#progress-bar');
  bar.style.width = `${(100 * epochs) / total}%`;
  $('#progress').setAttribute('aria-valuemax', String(total));
  $('#progress').setAttribute('aria-valuenow', String(epochs));
  const trainMs = runs.reduce((sum, r) => sum + r.trainMs, 0);
  const clock = wallMs + (playingSince !== undefined ? performance.now() - playingSince : 0);
  window.__actlab = {
    // Paused once every worker has confirmed it: epochs already in flight still arrive until then.
    state: pageState === 'paused' && runs.some((r) => r.state === 'training') ? 'training' : pageState,
    mode: settings.mode,
    history: settings.mode === 'single' && runs[0] ? runs[0].history : null,
    runs: settings.mode === 'compare' ? runResults() : [],
    epochs,
    settings,
    timing: { wallMs: clock, runMs: Math.max(0, ...runs.map((r) => r.runMs)), trainMs },
    backend,
    errors: window.__actlab.errors,
    charts: Chart.counts,
  };
  showMetrics(epochs);
  $('#backend').textContent = backend ? `Kernels: ${backend === 'simd' ? 'WebAssembly SIMD' : 'scalar WebAssembly'}.` : '';
}

function metric(label: string, value: string, extra = ''): HTMLElement[] {
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  if (extra) {
    const tag = document.createElement('span');
    tag.className = 'tag';
    tag.textContent = extra;
    dd.append(' ', tag);
  }
  const div = document.createElement('div');
  div.append(dt, dd);
  return [div];
}

function showMetrics(epochs: number): void {
  const items: HTMLElement[] = [];
  const stateLabel = { idle: 'ready', training: 'training…', paused: 'paused', done: 'done' }[pageState];
  items.push(...metric('epoch', `${epochs} / ${settings.epochs}`, stateLabel));
  if (settings.mode === 'single' && runs[0]) {
    const h = runs[0].history;
    const last = h.bce.length - 1;
    items.push(...metric('BCE', last >= 0 ? h.bce[last]!.toFixed(4) : '—'));
    items.push(...metric('accuracy', last >= 0 ? `${(100 * h.accuracy[last]!).toFixed(1)}%` : '—'));
    const ratio = last >= 0 ? h.grad[0]![last]! / h.grad[h.grad.length - 1]![last]! : NaN;
    items.push(
      ...metric(
        'gradient first / output layer',
        Number.isFinite(ratio) && ratio > 0 ? powerOfTen(Math.log10(ratio).toFixed(1)) : '—',
        Number.isFinite(ratio) && ratio < VANISHING_RATIO ? 'vanishing' : '',
      ),
    );
  } else {
    items.push(...metric('runs', `${runs.length} activations, init seed ${settings.seed}`));
  }
  const timing = window.__actlab.timing;
  if (timing.trainMs > 0) items.push(...metric(runs.length > 1 ? 'compute, all workers' : 'compute', `${Math.round(timing.trainMs)} ms`));
  $('#metrics').replaceChildren(...items);
}

// ---------- drawing ----------

let drawTimer: ReturnType<typeof setTimeout> | undefined;
let lastDraw = 0;

/** Draws at most once per FRAME_MS (~10 frames a second), however fast the workers post. */
function scheduleDraw(): void {
  if (drawTimer !== undefined) return;
  drawTimer = setTimeout(
    () => {
      drawTimer = undefined;
      lastDraw = performance.now();
      void drawLive();
    },
    Math.max(0, lastDraw + FRAME_MS - performance.now()),
  );
}

/** The charts that depend only on the settings. */
function drawStatic(): void {
  if (settings.mode === 'single') {
    const name = settings.activation;
    void charts.activation.update(
      fit(activationsSpec([name], { [name]: optionsOf(settings, name) }), {
        width: 300,
        height: 76,
        legends: false,
        stack: true,
        title: `${name}: f and f′`,
      }),
    );
  } else {
    compareView.drawActivations(settings.compare, Object.fromEntries(settings.compare.map((n) => [n, optionsOf(settings, n)])));
  }
  scheduleDraw();
}

async function drawLive(): Promise<void> {
  const tasks: Promise<void>[] = [];
  if (settings.mode === 'single') {
    const run = runs[0];
    if (!run) return;
    const result = runResults()[0]!;
    if (run.history.grad.length > 0) {
      // Titles without the epoch count: the status bar has it, and an unchanged spec shape lets
      // the views update their data in place instead of being rebuilt every frame.
      const title = `${run.activation}: training over ${settings.epochs} epochs`;
      tasks.push(
        charts.history.update(pinEpochs(fit(historySpec(result), { width: 285, height: 150, subtitle: false, title }), settings.epochs)),
      );
    }
    if (run.grid) {
      const title = `${run.activation}: decision boundary`;
      tasks.push(charts.boundary.update(fit(boundarySpec(run.grid, data, { title }), { scale: 0.52 })));
    }
  } else {
    tasks.push(
      compareView.draw(
        runResults(),
        runs.map((r) => r.grid),
        data,
        settings,
        pageState === 'training',
        pageState === 'done',
      ),
    );
  }
  await Promise.all(tasks).catch((error: unknown) => {
    console.error(error);
  });
}

// ---------- start ----------

fillStaticControls();
showSettings();
showProblems();
writeUrl();
reset();
if (parsed.autostart) play();
