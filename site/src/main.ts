// The playground page: settings form ⇄ URL, one training worker per activation, live charts.

import {
  type ActivationName,
  activationColors,
  activationsSpec,
  type BoundaryGrid,
  DATASET_NAMES,
  type Dataset,
  datasetDefaults,
  getActivation,
  getInitialiser,
  getOptimizer,
  type History,
  type HyperSpec,
  type HyperValue,
  historySpec,
  isActivationName,
  makeDataset,
  OPTIMIZERS,
  type OptimizerName,
  type OptimizerSpec,
  powerOfTen,
  type RunResult,
  type StateDict,
  VANISHING_RATIO,
} from '../../src/index.js';
import type { Mechanism } from '../../src/train/mechanism.js';
import { Chart, fit, pinEpochs } from './charts.js';
import { CompareView } from './compare.js';
import { setupExport } from './export.js';
import { boundaryWithSplit, dashedValidationLegend, pointsNote, type RunSplit } from './held-out.js';
import { isLayerControl, readLayerControl, recheckLayerFields, showLayers } from './layers-control.js';
import { appendMechanism } from './mechanism-delta.js';
import { drawMechanism } from './mechanism-view.js';
import { NetworkView } from './network-view.js';
import { type FromWorker, type PageState, type RunConfig, type ToWorker, TRAINER_SEED, type WorkerState } from './protocol.js';
import {
  ACTIVATION_NAMES,
  activationLabel,
  activationProblems,
  activationsOf,
  checkInit,
  checkNumber,
  checkOptimizer,
  checkOptions,
  DEFAULTS,
  type HyperProblem,
  hiddenActivationsOf,
  hyperControls,
  hyperMessage,
  INIT_PARAM,
  INIT_ROLES,
  type InitRole,
  type InitSetting,
  initControl,
  initDefaults,
  initNamesFor,
  initOf,
  initOptionFromText,
  initOptionKeys,
  LIMITS,
  layersOf,
  type NumberSetting,
  normaliseOptions,
  numberText,
  type OptionValue,
  optimizerOf,
  optionActivationsOf,
  optionControl,
  optionDefaults,
  optionFromText,
  optionKind,
  optionsOf,
  parseTorchSeed,
  parseValidationSplit,
  type Settings,
  SPEEDS,
  settingsFromQuery,
  settingsToQuery,
  splitOf,
  switchOptimizer,
  torchName,
} from './state.js';

/** One activation's run, as the page knows it. */
export interface RunView {
  activation: ActivationName;
  worker: Worker;
  ready: boolean;
  state: WorkerState;
  history: History;
  grid: BoundaryGrid | undefined;
  /** With a validation split: the rows its Trainer trains on and holds out (from the worker). */
  split: RunSplit | undefined;
  trainMs: number;
  runMs: number;
  final: StateDict;
  deadShare: number | null;
  saturatedShare: number;
  error: string | undefined;
  /** One-activation mode: the mechanism telemetry (history.mechanism, kept apart from `history`); undefined in compare mode. */
  mechanism?: Mechanism;
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
  boundary: new Chart($('#chart-boundary'), 'canvas', { keepAspect: true }),
  activation: new Chart($('#chart-activation')),
  signal: new Chart($('#chart-signal')),
  saturation: new Chart($('#chart-saturation')),
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
// The unit view (one-activation mode): its toggle tells the worker to make snapshots or not.
const networkView = new NetworkView($('#units-card'), (on) => {
  settings = { ...settings, showUnits: on };
  writeUrl();
  for (const run of runs) send(run, { type: 'units', id: generation, on: on && settings.mode === 'single' });
});
networkView.setShown(settings.showUnits);

window.__actlab = {
  state: 'idle',
  mode: settings.mode,
  history: null,
  mechanism: null,
  runs: [],
  epochs: 0,
  settings,
  timing: { wallMs: 0, runMs: 0, trainMs: 0 },
  backend: '',
  errors: [],
  charts: Chart.counts,
};

const exportMenu = setupExport($('#export'), {
  settings: () => settings,
  data: () => data,
  runs: () => runs,
  runId: () => generation,
  blocked: () => blocked(),
  figures: () => (settings.mode === 'single' ? Object.entries(charts) : compareView.figures()),
  query: () => location.search.slice(1),
});

// ---------- the form ----------

function fillStaticControls(): void {
  const dataset = field<HTMLSelectElement>('dataset');
  dataset.replaceChildren(...DATASET_NAMES.map((name) => new Option(name, name)));
  const activation = field<HTMLSelectElement>('activation');
  activation.replaceChildren(...ACTIVATION_NAMES.map((name) => new Option(name, name)));
  const optimizer = field<HTMLSelectElement>('optimizer');
  optimizer.replaceChildren(...OPTIMIZERS.map((o) => new Option(o.label, o.name)));
  for (const role of INIT_ROLES) {
    const menu = field<HTMLSelectElement>(INIT_PARAM[role]);
    menu.dataset.init = role;
    menu.replaceChildren(...initNamesFor(role).map((name) => new Option(name === 'default' ? "default (nn.Linear's)" : name, name)));
  }
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
  for (const key of ['samples', 'noise', 'dataSeed', 'batchSize', 'epochs', 'seed'] as const) {
    const input = field(key);
    if (!fieldProblems[key]) {
      input.value = String(s[key]);
      input.removeAttribute('aria-invalid');
    }
  }
  const torchSeed = field('torchSeed');
  if (!fieldProblems.torchSeed) {
    torchSeed.value = s.torchSeed;
    torchSeed.removeAttribute('aria-invalid');
  }
  const validationSplit = field('validationSplit');
  if (!fieldProblems.validationSplit) {
    validationSplit.value = s.validationSplit === 0 ? '' : String(s.validationSplit);
    validationSplit.removeAttribute('aria-invalid');
  }
  showCaptions();
  // torch.manual_seed(n)'s init replaces the init seed's.
  const seed = field('seed');
  seed.disabled = s.torchSeed !== '';
  seed.title = seed.disabled ? 'Not used: the PyTorch seed initialises the network' : '';
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
  // The hidden layers' counts, widths and (one per layer) activations; the layer count and width inputs too.
  showLayers(form, s, fieldProblems, new Set([...Object.keys(fieldProblems), ...activationProblems(s).map((p) => p.control)]));
  showOptionInputs();
  showOptimizerInputs();
  for (const role of INIT_ROLES) {
    // While a role's initialiser is refused, its menu and options keep what was chosen and typed.
    if (initPending(role)) continue;
    field<HTMLSelectElement>(INIT_PARAM[role]).value = s.init[role].name;
    showInitInputs(role, s.init[role]);
  }
}

/** Whether the form holds a refused initialiser for `role`. */
function initPending(role: InitRole): boolean {
  const param = INIT_PARAM[role];
  return Object.keys(fieldProblems).some((control) => control === param || control.startsWith(`${param}.`));
}

/** One control per option of a role's initialiser, from its registry row: a number input, or a menu of its choices. */
function showInitInputs(role: InitRole, setting: InitSetting): void {
  const box = $(`.init-options[data-role="${role}"]`);
  const row = getInitialiser(setting.name);
  const defaults = row.options as Readonly<Record<string, string | number>>;
  box.dataset.name = setting.name;
  box.replaceChildren(
    ...initOptionKeys(setting.name).map((key) => {
      const control = initControl(role, key);
      const wrap = document.createElement('div');
      wrap.className = 'hyper';
      wrap.dataset.setting = control;
      const label = document.createElement('label');
      label.title = `${setting.name}'s ${key}; ${defaults[key] === undefined ? 'required' : `default ${defaults[key]}`}`;
      const choices = row.choices?.[key];
      let input: HTMLInputElement | HTMLSelectElement;
      if (choices) {
        input = document.createElement('select');
        input.replaceChildren(...choices.map((choice) => new Option(choice, choice)));
      } else {
        input = numberInput(control, undefined);
      }
      input.name = control;
      input.dataset.init = role;
      const value = setting.options[key];
      input.value = value === undefined ? '' : String(value);
      label.append(document.createTextNode(key), input);
      const error = document.createElement('p');
      error.className = 'field-error';
      error.dataset.controls = control;
      error.hidden = true;
      wrap.append(label, error);
      return wrap;
    }),
  );
}

/** A role's initialiser as its menu and option controls hold it, checked by the library's validator. */
function readInitControls(role: InitRole): { setting: InitSetting } | { problem: HyperProblem } {
  const name = field<HTMLSelectElement>(INIT_PARAM[role]).value as InitSetting['name'];
  const defaults = getInitialiser(name).options as Readonly<Record<string, string | number>>;
  const options: InitSetting['options'] = {};
  for (const key of initOptionKeys(name)) {
    const control = initControl(role, key);
    const text = field(control).value;
    // An empty required option (constant's val) is left out: the validator says it is required.
    if (text.trim() === '' && defaults[key] === undefined) continue;
    const value = initOptionFromText(name, key, control, text);
    if (typeof value === 'object') return { problem: value };
    options[key] = value;
  }
  const setting = { name, options };
  const problem = checkInit(role, setting);
  return problem ? { problem } : { setting };
}

/** `Weight init gain`, `Bias init`: a control of an initialiser as a message names it. */
function initLabel(role: InitRole, control: string): string {
  const option = control.startsWith(`${INIT_PARAM[role]}.`) ? control.slice(INIT_PARAM[role].length + 1) : '';
  return `${role === 'weight' ? 'Weight' : 'Bias'} init${option ? ` ${option}` : ''}`;
}

/** The form controls of the optimizer's settings: every control's name, for one optimizer. */
function optimizerControlNames(name: OptimizerName): string[] {
  return (getOptimizer(name) as OptimizerSpec).hyper.flatMap(hyperControls);
}

/** A control's name as a message says it: the optimizer's label and the setting's torch.optim name (`RMSprop alpha`, `Adam betas[1]`). */
function hyperLabel(name: OptimizerName, control: string): string {
  return `${getOptimizer(name).label} ${torchName(control)}`;
}

/**
 * One control per setting of the selected optimizer, from its registry row: a number input for a
 * number, two for a pair, a checkbox for a switch, labelled with its torch.optim name. While the
 * settings typed there are refused, the inputs keep what was typed.
 */
function showOptimizerInputs(): void {
  const box = $('#optimizer-settings');
  const name = settings.optimizer;
  const pending = optimizerControlNames(name).some((control) => fieldProblems[control]);
  if (box.dataset.optimizer === name && pending) return;
  box.dataset.optimizer = name;
  const row: OptimizerSpec = getOptimizer(name);
  box.replaceChildren(...row.hyper.map((spec) => hyperControl(spec, settings.hyper[spec.key])));
}

function numberInput(name: string, value: number | undefined): HTMLInputElement {
  const input = document.createElement('input');
  input.type = 'number';
  input.step = 'any';
  input.inputMode = 'decimal';
  input.name = name;
  input.value = value === undefined ? '' : String(value);
  return input;
}

/** A setting's control(s) and, under them, the place for a message about them; `value` undefined = empty (a setting without a default). */
function hyperControl(spec: HyperSpec, value: HyperValue | undefined): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = `hyper hyper-${spec.type}`;
  wrap.dataset.setting = spec.key;
  const controls = hyperControls(spec);
  const title = `${spec.label}; default ${defaultText(spec)}`;
  if (spec.type === 'boolean') {
    const label = document.createElement('label');
    label.className = 'check';
    label.title = title;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.name = spec.key;
    box.dataset.hyper = spec.key;
    box.checked = value === true;
    label.append(box, document.createTextNode(torchName(spec.key)));
    wrap.append(label);
  } else if (spec.type === 'pair') {
    const pair = value as readonly [number, number] | undefined;
    const label = document.createElement('span');
    label.className = 'label';
    label.id = `hyper-${spec.key}`;
    label.title = title;
    label.textContent = `${torchName(spec.key)} (${spec.parts.join(', ')})`;
    const inputs = document.createElement('div');
    inputs.className = 'pair-inputs';
    inputs.setAttribute('role', 'group');
    inputs.setAttribute('aria-labelledby', label.id);
    controls.forEach((control, i) => {
      const input = numberInput(control, pair?.[i]);
      input.dataset.hyper = control;
      input.setAttribute('aria-label', `${torchName(spec.key)} ${spec.parts[i]}`);
      inputs.append(input);
    });
    wrap.append(label, inputs);
  } else {
    const label = document.createElement('label');
    label.title = title;
    const input = numberInput(spec.key, value as number | undefined);
    input.dataset.hyper = spec.key;
    label.append(document.createTextNode(torchName(spec.key)), input);
    wrap.append(label);
  }
  const error = document.createElement('p');
  error.className = 'field-error';
  error.dataset.controls = controls.join(' ');
  error.hidden = true;
  wrap.append(error);
  return wrap;
}

function defaultText(spec: HyperSpec): string {
  if (spec.key === 'lr')
    return `${DEFAULTS.hyper.lr} here (the tutorial's)${spec.type === 'number' && spec.default !== undefined ? `, ${spec.default} in PyTorch` : ', none in PyTorch'}`;
  return Array.isArray(spec.default) ? `(${spec.default.join(', ')})` : String(spec.default);
}

/**
 * The optimizer's settings as its controls hold them, checked by the library's validator: the
 * settings, or the control it refuses (the first one) and why.
 */
function readOptimizerControls(name: OptimizerName): { hyper: Record<string, HyperValue> } | { problem: HyperProblem } {
  const hyper: Record<string, HyperValue> = {};
  for (const spec of (getOptimizer(name) as OptimizerSpec).hyper) {
    if (spec.type === 'boolean') {
      hyper[spec.key] = field(spec.key).checked;
      continue;
    }
    const values = hyperControls(spec).map((control) => numberText(control, field(control).value));
    const bad = values.find((v): v is HyperProblem => typeof v !== 'number');
    if (bad) return { problem: bad };
    hyper[spec.key] = spec.type === 'pair' ? (values as [number, number]) : (values[0] as number);
  }
  const problem = checkOptimizer(name, hyper);
  return problem ? { problem } : { hyper };
}

function describeParams(s: Settings): string {
  const layers = layersOf(s);
  let n = 0;
  for (let l = 0; l + 1 < layers.length; l++) n += layers[l + 1]! * (layers[l]! + 1);
  return `${n} weights`;
}

/**
 * One control per option of the activation(s) in use, from the registry row: a menu of its
 * strings for a choice (gelu's approximate), a number input with step 1 for a whole number
 * (prelu's numParameters), a number input otherwise. A refused value stays in its control.
 */
function showOptionInputs(): void {
  const box = $('#activation-options');
  const names = optionActivationsOf(settings).filter((name) => Object.keys(getActivation(name).options).length > 0);
  const invalid = new Set([...Object.keys(fieldProblems), ...activationProblems(settings).map((p) => p.control)]);
  box.replaceChildren(
    ...names.map((name) => {
      const group = document.createElement('div');
      group.className = 'row option-row';
      group.dataset.activation = name;
      const row = getActivation(name);
      const defaults = optionDefaults(name);
      for (const [option, value] of Object.entries(optionsOf(settings, name))) {
        const control = optionControl(name, option);
        const kind = optionKind(name, option);
        const label = document.createElement('label');
        label.title = `${name}'s ${option}; default ${defaults[option]}${kind === 'integer' ? ', a whole number' : ''}`;
        let input: HTMLInputElement | HTMLSelectElement;
        if (kind === 'choice') {
          input = document.createElement('select');
          input.replaceChildren(...(row.choices?.[option] ?? []).map((choice) => new Option(choice, choice)));
        } else {
          input = numberInput(control, undefined);
          if (kind === 'integer') {
            input.step = '1';
            input.inputMode = 'numeric';
          }
        }
        input.name = control;
        input.dataset.activation = name;
        input.dataset.option = option;
        const typed = fieldProblems[control]
          ? (form.elements.namedItem(control) as HTMLInputElement | HTMLSelectElement | null)?.value
          : undefined;
        input.value = typed ?? String(value);
        if (invalid.has(control)) input.setAttribute('aria-invalid', 'true');
        label.append(document.createTextNode(settings.mode === 'compare' ? `${name} ${option}` : option), input);
        group.append(label);
      }
      return group;
    }),
  );
}

/** Whether a form control is an activation's option. */
function isOptionControl(control: string): boolean {
  const dot = control.indexOf('.');
  return dot > 0 && isActivationName(control.slice(0, dot)) && control.slice(dot + 1) in getActivation(control.slice(0, dot)).options;
}

/**
 * `s`'s activation options with `control`'s value typed as `text`, checked by the library's
 * validator against `s`'s widths: the new options, or the message (naming the option the library names).
 */
function withOption(s: Settings, activation: string, option: string, text: string): Settings['options'] | string {
  const value: OptionValue | { message: string } = optionFromText(activation, option, text);
  if (typeof value === 'object') return value.message;
  const options = { ...optionsOf(s, activation), [option]: value };
  const problem = checkOptions(activation, options, layersOf(s));
  if (problem) {
    // A problem the settings already had, with another option (prelu's numParameters after the width
    // changed), does not refuse this one: it stays shown, and training waits for it.
    const before = checkOptions(activation, optionsOf(s, activation), layersOf(s));
    if (!before || before.control !== problem.control || problem.control === optionControl(activation, option)) return problem.message;
  }
  return normaliseOptions({ ...s.options, [activation]: options });
}

/**
 * After a change elsewhere (a width that now fits prelu's numParameters), the option values the
 * form refused are tried again; those of activations no longer in use are dropped with their controls.
 */
function recheckOptionFields(next: Settings): void {
  recheckLayerFields(next, fieldProblems, form);
  const inUse = optionActivationsOf(next) as readonly string[];
  for (const control of Object.keys(fieldProblems)) {
    if (!isOptionControl(control)) continue;
    const input = form.elements.namedItem(control) as HTMLInputElement | HTMLSelectElement | null;
    const activation = control.slice(0, control.indexOf('.'));
    if (!inUse.includes(activation) || !input) {
      delete fieldProblems[control];
      continue;
    }
    const result = withOption(next, activation, control.slice(activation.length + 1), input.value);
    if (typeof result === 'string') {
      fieldProblems[control] = result;
    } else {
      delete fieldProblems[control];
      next.options = result;
    }
  }
}

let splitMemo: { share: number; data: Dataset; split: RunSplit | undefined | string } | undefined;

/**
 * The current settings' split of the current data, as every run's Trainer draws it (the workers
 * post theirs; this one checks the settings before any is built): undefined when off, the
 * library's message when it leaves a side empty.
 */
function currentSplit(): RunSplit | undefined | string {
  if (splitMemo?.share === settings.validationSplit && splitMemo.data === data) return splitMemo.split;
  const split = splitOf(settings, data, TRAINER_SEED);
  splitMemo = { share: settings.validationSplit, data, split };
  return split;
}

/**
 * Whether the current settings cannot train: a field that holds a refused value (a learning rate
 * of -1: training would silently use the old value), an activation option that no longer fits the
 * network (a width changed under prelu's numParameters), or a validation split that leaves the
 * data's training or held-out side empty (a split of too few samples).
 */
function blocked(): boolean {
  return Object.keys(fieldProblems).length > 0 || activationProblems(settings).length > 0 || typeof currentSplit() === 'string';
}

/** The messages for what blocks the settings, but where the option's field shows a refused value of its own (that message is shown instead). */
function blockingMessages(): string[] {
  const split = currentSplit();
  return [
    ...activationProblems(settings)
      .filter((p) => !fieldProblems[p.control])
      .map((p) => p.message),
    ...(typeof split === 'string' && !fieldProblems.validationSplit ? [split] : []),
  ];
}

function showProblems(): void {
  // Next to each generated field, the problems of its controls.
  for (const note of Array.from(form.querySelectorAll<HTMLElement>('.field-error'))) {
    const messages = (note.dataset.controls ?? '').split(' ').flatMap((control) => fieldProblems[control] ?? []);
    note.textContent = messages.join(' ');
    note.hidden = messages.length === 0;
  }
  const box = $('#problems');
  const messages = [...urlProblems.map((p) => `Ignored in the URL: ${p}`), ...Object.values(fieldProblems), ...blockingMessages()];
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
  let next: Settings = structuredClone(settings);
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
    next.hyper = switchOptimizer(settings.optimizer, settings.hyper, next.optimizer);
    // The old optimizer's controls go, and with them what they refused.
    for (const control of optimizerControlNames(settings.optimizer)) delete fieldProblems[control];
  } else if (target.dataset.hyper) {
    // The optimizer's settings are checked together (SGD's nesterov needs a momentum).
    const controls = optimizerControlNames(settings.optimizer);
    for (const control of controls) {
      delete fieldProblems[control];
      field(control).removeAttribute('aria-invalid');
    }
    const read = readOptimizerControls(settings.optimizer);
    if ('problem' in read) {
      // Marked on the control the validator names, which may not be the one just changed.
      const control = controls.includes(read.problem.control) ? read.problem.control : name;
      fieldProblems[control] = hyperMessage(read.problem, (c) => hyperLabel(settings.optimizer, c));
      field(control).setAttribute('aria-invalid', 'true');
      return false;
    }
    next.hyper = read.hyper;
  } else if (target.dataset.init) {
    // A role's initialiser is checked as a whole: a new menu choice starts at its defaults.
    const role = target.dataset.init as InitRole;
    for (const control of Object.keys(fieldProblems))
      if (control === INIT_PARAM[role] || control.startsWith(`${INIT_PARAM[role]}.`)) delete fieldProblems[control];
    for (const el of Array.from(form.querySelectorAll<HTMLElement>(`[data-init="${role}"]`))) el.removeAttribute('aria-invalid');
    if (name === INIT_PARAM[role]) showInitInputs(role, initDefaults(target.value as InitSetting['name']));
    const read = readInitControls(role);
    if ('problem' in read) {
      const control = form.elements.namedItem(read.problem.control) ? read.problem.control : name;
      fieldProblems[control] = hyperMessage(read.problem, (c) => initLabel(role, c));
      field(control).setAttribute('aria-invalid', 'true');
      return false;
    }
    next.init = { ...next.init, [role]: read.setting };
  } else if (name === 'torchSeed') {
    const value = parseTorchSeed(target.value, 'PyTorch seed');
    if (typeof value === 'string') {
      fieldProblems[name] = value;
      target.setAttribute('aria-invalid', 'true');
      return false;
    }
    next.torchSeed = value === null ? '' : String(value);
  } else if (name === 'validationSplit') {
    const value = parseValidationSplit(target.value, 'Validation split');
    if (typeof value === 'string') {
      fieldProblems[name] = value;
      target.setAttribute('aria-invalid', 'true');
      return false;
    }
    next.validationSplit = value;
  } else if (name === 'compare') {
    next.compare = Array.from(form.querySelectorAll<HTMLInputElement>('input[name=compare]:checked'))
      .map((b) => b.value)
      .filter(isActivationName);
    if (next.compare.length === 0) {
      fieldProblems.compare = 'Pick at least one activation to compare.';
      return false;
    }
  } else if (isLayerControl(target)) {
    // The hidden layers (layers-control.ts): their count, widths and per-layer activations.
    const read = readLayerControl(target, next);
    if (typeof read === 'string') {
      fieldProblems[name] = read;
      target.setAttribute('aria-invalid', 'true');
      return false;
    }
    next = read;
  } else if (name in LIMITS) {
    const key = name as NumberSetting;
    const value = checkNumber(key, target.value);
    if (typeof value === 'string') {
      fieldProblems[name] = value;
      target.setAttribute('aria-invalid', 'true');
      return false;
    }
    next[key] = value;
  } else if (target.dataset.activation && target.dataset.option) {
    const options = withOption(next, target.dataset.activation, target.dataset.option, target.value);
    if (typeof options === 'string') {
      fieldProblems[name] = options;
      target.setAttribute('aria-invalid', 'true');
      return false;
    }
    next.options = options;
  } else {
    return false;
  }
  recheckOptionFields(next);
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
  if (!ok) {
    // A refused value blocks Train and Step until it is fixed (a run under way pauses).
    if (blocked() && pageState === 'training') pause();
    updateState();
    return;
  }
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
    recheckOptionFields(settings);
    writeUrl();
    showSettings();
    showProblems();
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
    // One-activation mode: a list of one activation per hidden layer (or null), and the mechanism telemetry.
    activations: hiddenActivationsOf(settings),
    telemetry: settings.mode === 'single',
    seed: settings.seed,
    torchSeed: settings.torchSeed === '' ? null : settings.torchSeed,
    init: initOf(settings),
    optimizer: optimizerOf(settings),
    batchSize: settings.batchSize,
    epochs: settings.epochs,
    validationSplit: settings.validationSplit === 0 ? null : settings.validationSplit,
    speed: settings.speed,
    gridSteps: GRID_STEPS,
    units: settings.mode === 'single' && networkView.shown,
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
  const split = currentSplit();
  const note = pointsNote(data, typeof split === 'object' ? split : undefined);
  document.querySelectorAll('.sample-note').forEach((el) => {
    el.textContent = note;
  });
  showCaptions();
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
    split: undefined,
    trainMs: 0,
    runMs: 0,
    final: {},
    deadShare: null,
    saturatedShare: 0,
    error: undefined,
  }));
  // Settings the library would refuse (an option that no longer fits the width, a split that
  // leaves a side empty) build no model: the problem is shown, and nothing trains until it is fixed.
  showProblems();
  if (!blocked()) for (const run of runs) send(run, { type: 'init', id: generation, config: runConfig(run.activation) });
  pageState = 'idle';
  networkView.reset();
  drawStatic();
  updateState();
}

function play(): void {
  if (runs.some((r) => r.error) || blocked()) return;
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
  if (pageState === 'done' || runs.some((r) => r.error) || blocked()) return;
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
  if (message.type === 'units') {
    networkView.receive(message.units);
    scheduleDraw();
    return;
  }
  if (message.type === 'ready') {
    run.ready = true;
    run.grid = message.grid;
    run.history.grad = Array.from({ length: message.layers }, () => []);
    if (message.stateKeys.length > 0) run.history.stateGrad = Object.fromEntries(message.stateKeys.map((key) => [key, []]));
    run.split = message.split ?? undefined;
    if (message.split) {
      run.history.valBce = [];
      run.history.valAccuracy = [];
    }
    backend = message.backend;
    if (playWhenReady && runs.every((r) => r.ready)) {
      playWhenReady = false;
      play();
    }
    // The built network's weights (and a spec that carries its initial state) can be exported now.
    exportMenu.update();
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
  for (const [key, g] of Object.entries(delta.stateGrad ?? {})) {
    h.stateGrad ??= {};
    h.stateGrad[key] = [...(h.stateGrad[key] ?? []), ...g];
  }
  if (delta.valBce && delta.valAccuracy) {
    h.valBce = [...(h.valBce ?? []), ...delta.valBce];
    h.valAccuracy = [...(h.valAccuracy ?? []), ...delta.valAccuracy];
  }
  if (delta.mechanism) {
    run.mechanism ??= {};
    appendMechanism(run.mechanism, delta.mechanism);
  }
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
  const errored = runs.some((r) => r.error) || blocked();
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
    mechanism: settings.mode === 'single' ? (runs[0]?.mechanism ?? null) : null,
    runs: settings.mode === 'compare' ? runResults() : [],
    epochs,
    settings,
    timing: { wallMs: clock, runMs: Math.max(0, ...runs.map((r) => r.runMs)), trainMs },
    backend,
    errors: window.__actlab.errors,
    charts: Chart.counts,
    units: window.__actlab.units,
  };
  showMetrics(epochs);
  $('#backend').textContent = backend ? `Kernels: ${backend === 'simd' ? 'WebAssembly SIMD' : 'scalar WebAssembly'}.` : '';
  exportMenu.update();
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
    const held = h.valAccuracy !== undefined;
    const percent = (share: number | undefined) => (share === undefined || !Number.isFinite(share) ? '—' : `${(100 * share).toFixed(1)}%`);
    items.push(...metric(held ? 'BCE (training rows)' : 'BCE', last >= 0 ? h.bce[last]!.toFixed(4) : '—'));
    items.push(...metric(held ? 'accuracy (training rows)' : 'accuracy', last >= 0 ? percent(h.accuracy[last]) : '—'));
    if (held) {
      const trained = h.accuracy[last];
      const validation = h.valAccuracy?.[last];
      items.push(...metric('validation accuracy', last >= 0 ? percent(validation) : '—'));
      // The generalisation gap as the summary table gives it: training − validation accuracy, in points.
      const gap = trained !== undefined && validation !== undefined ? 100 * (trained - validation) : Number.NaN;
      items.push(...metric('generalisation gap', Number.isFinite(gap) ? `${gap >= 0 ? '+' : ''}${gap.toFixed(1)} points` : '—'));
      items.at(-2)!.dataset.metric = 'validation-accuracy';
      items.at(-1)!.dataset.metric = 'generalisation-gap';
    }
    const ratio = last >= 0 ? h.grad[0]![last]! / h.grad[h.grad.length - 1]![last]! : NaN;
    items.push(
      ...metric(
        'gradient first / output layer',
        Number.isFinite(ratio) && ratio > 0 ? powerOfTen(Math.log10(ratio).toFixed(1)) : '—',
        Number.isFinite(ratio) && ratio < VANISHING_RATIO ? 'vanishing' : '',
      ),
    );
  } else {
    const init = settings.torchSeed === '' ? `init seed ${settings.seed}` : `torch.manual_seed(${settings.torchSeed})`;
    items.push(...metric('runs', `${runs.length} activations, ${init}`));
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
    // With one activation per hidden layer: each one used, with its options.
    const perLayer = hiddenActivationsOf(settings);
    void charts.activation.update(
      fit(perLayer ? activationsSpec(perLayer) : activationsSpec([name], { [name]: optionsOf(settings, name) }), {
        width: 300,
        height: 76,
        legends: perLayer !== null,
        stack: true,
        title: `${perLayer ? 'the layers’ activations' : name}: f and f′`,
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
    networkView.draw();
    if (run.history.grad.length > 0) {
      // Titles without the epoch count: the status bar has it, and an unchanged spec shape lets
      // the views update their data in place instead of being rebuilt every frame.
      const title = `${activationLabel(settings)}: training over ${settings.epochs} epochs`;
      const spec = dashedValidationLegend(historySpec(result));
      tasks.push(charts.history.update(pinEpochs(fit(spec, { width: 285, height: 150, subtitle: false, title }), settings.epochs)));
    }
    // The mechanism: the signal per layer, the saturated and dead shares (telemetry from the worker).
    tasks.push(...drawMechanism(charts, result, run.mechanism, settings.epochs, activationLabel(settings)));
    if (run.grid) {
      const title = `${activationLabel(settings)}: decision boundary`;
      tasks.push(charts.boundary.update(fit(boundaryWithSplit(run.grid, data, run.split, { title }), { scale: 0.52 })));
    }
  } else {
    tasks.push(
      compareView.draw(
        runResults(),
        runs.map((r) => r.grid),
        runs.map((r) => r.split),
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

/** The captions that say what the charts show: with a validation split, which rows each curve and point is. */
function showCaptions(): void {
  const share = settings.validationSplit;
  const held = share > 0;
  const percent = `${+(100 * share).toFixed(2)}%`;
  $('#history-rows').textContent = held
    ? `on the rows trained on (solid) and on the ${percent} held out (dashed)`
    : 'on the whole data set';
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.held-out-curves'))) {
    el.textContent = held ? `Solid: on the rows trained on; dashed: on the ${percent} held out.` : '';
    el.hidden = !held;
  }
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('.held-out-note'))) {
    el.textContent = held ? `Hollow diamonds: the ${percent} of the rows held out for validation, never trained on.` : '';
    el.hidden = !held;
  }
}

window.__actlabMarks = (chart, mark) => {
  const views: Record<string, Chart> = charts;
  return views[chart]?.marks(mark) ?? compareView.marks(chart, mark);
};

// ---------- start ----------

fillStaticControls();
// A validation split the URL gives but the library refuses stays in its field, named there, and
// blocks Train and Step until it is changed (as one typed there would), instead of training without.
const urlSplit = new URLSearchParams(location.search).get('validationSplit');
const urlSplitProblem = urlSplit === null ? 0 : parseValidationSplit(urlSplit);
if (urlSplit !== null && typeof urlSplitProblem === 'string') {
  const listed = urlProblems.indexOf(urlSplitProblem);
  if (listed >= 0) urlProblems.splice(listed, 1);
  fieldProblems.validationSplit = urlSplitProblem;
  field('validationSplit').value = urlSplit;
  field('validationSplit').setAttribute('aria-invalid', 'true');
}
showSettings();
showProblems();
writeUrl();
reset();
if (parsed.autostart) play();
