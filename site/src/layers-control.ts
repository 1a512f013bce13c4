// The hidden layers' controls, as TensorFlow Playground has them: − and + to remove and add a
// hidden layer, − and + per layer for its units, and in one-activation mode an activation per layer
// (with its options) once "same activation for every layer" is unticked. The page (main.ts) hands
// every change of these controls to readLayerControl; a button reports its click as a `change`
// event on itself, so one form listener handles them all. Settings ⇄ URL live in state.ts.
import { getActivation } from '../../src/index.js';
import {
  ACTIVATION_NAMES,
  checkLayerActivations,
  checkNumber,
  type LayerActivation,
  LIMITS,
  layerControl,
  layerOptionsOf,
  normaliseLayer,
  type OptionValue,
  optionDefaults,
  optionFromText,
  optionKind,
  type Settings,
  uniformWidths,
  withSameActivation,
  withWidths,
} from './state.js';

/** The checkbox "same activation for every layer". */
export const SAME_ACTIVATION = 'sameActivation';

type Control = HTMLInputElement | HTMLSelectElement | HTMLButtonElement;

/** Whether a changed form control is one of the hidden layers' (handled by readLayerControl). */
export function isLayerControl(target: Control): boolean {
  return (
    ['hidden', 'width', SAME_ACTIVATION].includes(target.name) || target.dataset.layers !== undefined || target.dataset.layer !== undefined
  );
}

/** The control a per-layer option's name parses to: `activations[1].negativeSlope` → layer 1, option negativeSlope. */
function parseLayerControl(control: string): { layer: number; option: string } | null {
  const named = /^activations\[(\d+)\]\.(\w+)$/.exec(control);
  return named ? { layer: Number(named[1]), option: named[2]! } : null;
}

/**
 * `s`'s per-layer activations with layer l's option typed as `text`, checked by the library's
 * validator against the widths: the new list, or the message. A problem the list already had with
 * another control (prelu's numParameters after a width changed) does not refuse this one.
 */
function withLayerOption(s: Settings, l: number, option: string, text: string): LayerActivation[] | string {
  const list = s.layerActivations;
  if (!list?.[l]) return `hidden layer ${l} has no activation of its own`;
  const entry = list[l]!;
  const control = layerControl(l, option);
  const value = optionFromText(entry.name, option, text);
  if (typeof value === 'object') return value.message.replace(`${entry.name}.${option}`, control);
  const next = list.map((a, k) => (k === l ? { name: a.name, options: { ...layerOptionsOf(a), [option]: value } } : a));
  const problem = checkLayerActivations(next, s.widths);
  if (problem) {
    const before = checkLayerActivations(list, s.widths);
    if (!before || before.control !== problem.control || problem.control === control) return problem.message;
  }
  return next.map(normaliseLayer);
}

/**
 * Reads a changed layer control into `s`: the new settings, or the message for a refused value
 * (a width or layer count out of LIMITS, a per-layer option the library refuses).
 */
export function readLayerControl(target: Control, s: Settings): Settings | string {
  const [minLayers, maxLayers] = LIMITS.hidden;
  const [minWidth, maxWidth] = LIMITS.width;
  if (target.name === 'hidden') {
    const value = checkNumber('hidden', target.value);
    if (typeof value === 'string') return value;
    return withWidths(
      s,
      Array.from({ length: value }, (_, l) => s.widths[Math.min(l, s.widths.length - 1)]!),
    );
  }
  if (target.name === 'width') {
    const value = checkNumber('width', target.value);
    if (typeof value === 'string') return value;
    return withWidths(
      s,
      s.widths.map(() => value),
    );
  }
  if (target.name === SAME_ACTIVATION) return withSameActivation(s, (target as HTMLInputElement).checked);
  if (target.dataset.layers === 'add') return withWidths(s, [...s.widths, s.widths.at(-1)!].slice(0, maxLayers));
  if (target.dataset.layers === 'remove') return withWidths(s, s.widths.slice(0, Math.max(minLayers, s.widths.length - 1)));
  const l = Number(target.dataset.layer);
  if (target.dataset.units !== undefined) {
    const widths = s.widths.map((w, k) => (k === l ? Math.min(maxWidth, Math.max(minWidth, w + Number(target.dataset.units))) : w));
    return withWidths(s, widths);
  }
  if (!s.layerActivations) return s;
  if (target.dataset.layerOption === undefined) {
    // A new activation for the layer, at its defaults.
    const name = getActivation(target.value).name;
    return { ...s, layerActivations: s.layerActivations.map((a, k) => (k === l ? { name, options: {} } : a)) };
  }
  const list = withLayerOption(s, l, target.dataset.layerOption, target.value);
  return typeof list === 'string' ? list : { ...s, layerActivations: list };
}

/**
 * After another change (a width that now fits prelu's numParameters), the per-layer option values
 * the form refused are tried again; those of layers or activations no longer there are dropped.
 */
export function recheckLayerFields(next: Settings, fieldProblems: Record<string, string>, form: HTMLFormElement): void {
  for (const control of Object.keys(fieldProblems)) {
    const parsed = parseLayerControl(control);
    if (!parsed) continue;
    const input = form.elements.namedItem(control) as HTMLInputElement | HTMLSelectElement | null;
    // Compare mode trains every compared activation on every layer: the per-layer ones wait.
    const entry = next.mode === 'single' ? next.layerActivations?.[parsed.layer] : undefined;
    if (!input || !entry || input.dataset.activation !== entry.name) {
      delete fieldProblems[control];
      continue;
    }
    const result = withLayerOption(next, parsed.layer, parsed.option, input.value);
    if (typeof result === 'string') {
      fieldProblems[control] = result;
    } else {
      delete fieldProblems[control];
      next.layerActivations = result;
    }
  }
}

function button(text: string, label: string, data: Record<string, string>, disabled: boolean): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'step-button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.title = label;
  b.disabled = disabled;
  Object.assign(b.dataset, data);
  // Buttons fire no `change`: the click reports one, so the form's listener reads it as any control.
  b.addEventListener('click', () => b.dispatchEvent(new Event('change', { bubbles: true })));
  return b;
}

/** One control per option of a layer's activation, from its registry row (as the shared option controls are). */
function layerOptionInputs(
  l: number,
  entry: LayerActivation,
  fieldProblems: Record<string, string>,
  form: HTMLFormElement,
  invalid: Set<string>,
): HTMLElement[] {
  const row = getActivation(entry.name);
  const defaults = optionDefaults(entry.name);
  return Object.entries(layerOptionsOf(entry)).map(([option, value]) => {
    const control = layerControl(l, option);
    const kind = optionKind(entry.name, option);
    const label = document.createElement('label');
    label.title = `layer ${l}'s ${entry.name} ${option}; default ${defaults[option]}${kind === 'integer' ? ', a whole number' : ''}`;
    let input: HTMLInputElement | HTMLSelectElement;
    if (kind === 'choice') {
      input = document.createElement('select');
      input.replaceChildren(...(row.choices?.[option] ?? []).map((choice) => new Option(choice, choice)));
    } else {
      input = document.createElement('input');
      input.type = 'number';
      input.step = kind === 'integer' ? '1' : 'any';
      input.inputMode = kind === 'integer' ? 'numeric' : 'decimal';
    }
    input.name = control;
    input.dataset.layer = String(l);
    input.dataset.layerOption = option;
    input.dataset.activation = entry.name;
    // A refused value stays as it was typed.
    const old = form.elements.namedItem(control) as HTMLInputElement | HTMLSelectElement | null;
    const typed = fieldProblems[control] && old?.dataset.activation === entry.name ? old.value : undefined;
    input.value = typed ?? String(value as OptionValue);
    if (invalid.has(control)) input.setAttribute('aria-invalid', 'true');
    label.append(document.createTextNode(option), input);
    return label;
  });
}

/**
 * Writes the hidden layers of `s` into the form: the layer count and the every-layer width inputs
 * (empty, "mixed", when the widths differ), and the list of layers with their − and + buttons and,
 * with one activation per layer, each layer's menu and options. `invalid` holds the controls to
 * outline (refused, or no longer fitting the widths).
 */
export function showLayers(form: HTMLFormElement, s: Settings, fieldProblems: Record<string, string>, invalid: Set<string>): void {
  const hidden = form.elements.namedItem('hidden') as HTMLInputElement;
  const width = form.elements.namedItem('width') as HTMLInputElement;
  if (!fieldProblems.hidden) {
    hidden.value = String(s.widths.length);
    hidden.removeAttribute('aria-invalid');
  }
  if (!fieldProblems.width) {
    width.value = uniformWidths(s.widths) ? String(s.widths[0]) : '';
    width.placeholder = 'mixed';
    width.removeAttribute('aria-invalid');
  }
  const [minLayers, maxLayers] = LIMITS.hidden;
  const [minWidth, maxWidth] = LIMITS.width;
  const box = form.querySelector<HTMLElement>('#layers')!;
  const head = document.createElement('div');
  head.className = 'layers-head';
  const count = document.createElement('span');
  count.className = 'layers-count';
  count.textContent = `${s.widths.length} hidden layer${s.widths.length === 1 ? '' : 's'}`;
  head.append(
    button('−', 'Remove the last hidden layer', { layers: 'remove' }, s.widths.length <= minLayers),
    button('+', 'Add a hidden layer', { layers: 'add' }, s.widths.length >= maxLayers),
    count,
  );
  const same = document.createElement('label');
  same.className = 'check single-only same-activation';
  same.title = 'Untick to give every hidden layer its own activation';
  const box2 = document.createElement('input');
  box2.type = 'checkbox';
  box2.name = SAME_ACTIVATION;
  box2.checked = s.layerActivations === null;
  same.append(box2, document.createTextNode('same activation for every layer'));
  const list = document.createElement('ol');
  list.className = 'layer-list';
  list.replaceChildren(
    ...s.widths.map((w, l) => {
      const item = document.createElement('li');
      item.className = 'layer';
      item.dataset.layer = String(l);
      const units = document.createElement('div');
      units.className = 'layer-units';
      const name = document.createElement('span');
      name.className = 'layer-name';
      name.textContent = `layer ${l}`;
      const n = document.createElement('output');
      n.className = 'layer-width';
      n.textContent = String(w);
      units.append(
        name,
        button('−', `Fewer units in hidden layer ${l}`, { layer: String(l), units: '-1' }, w <= minWidth),
        n,
        button('+', `More units in hidden layer ${l}`, { layer: String(l), units: '1' }, w >= maxWidth),
        document.createTextNode(w === 1 ? ' unit' : ' units'),
      );
      item.append(units);
      const entry = s.layerActivations?.[l];
      if (entry) {
        const act = document.createElement('div');
        act.className = 'row option-row layer-activation single-only';
        const label = document.createElement('label');
        label.textContent = 'activation';
        const menu = document.createElement('select');
        menu.name = layerControl(l);
        menu.dataset.layer = String(l);
        menu.replaceChildren(...ACTIVATION_NAMES.map((a) => new Option(a, a)));
        menu.value = entry.name;
        if (invalid.has(menu.name)) menu.setAttribute('aria-invalid', 'true');
        label.append(menu);
        act.append(label, ...layerOptionInputs(l, entry, fieldProblems, form, invalid));
        item.append(act);
      }
      return item;
    }),
  );
  // The controls are rebuilt: the one that had the focus (a + pressed with the keyboard) keeps it.
  const focused = document.activeElement as HTMLElement | null;
  const key = focused && box.contains(focused) ? (focused.getAttribute('aria-label') ?? focused.getAttribute('name')) : null;
  box.replaceChildren(head, same, list);
  if (key) {
    const again = Array.from(box.querySelectorAll<HTMLElement>('button, input, select')).find(
      (el) => (el.getAttribute('aria-label') ?? el.getAttribute('name')) === key,
    );
    if (again && !(again as HTMLButtonElement).disabled) again.focus();
  }
  // The one menu for every layer is not used while each layer has its own.
  const menu = form.elements.namedItem('activation') as HTMLSelectElement;
  menu.disabled = s.layerActivations !== null;
  menu.title = menu.disabled ? 'Each hidden layer has its own activation (below)' : '';
}
