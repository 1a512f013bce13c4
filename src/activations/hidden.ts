// The hidden layers' activations of one model: a name, a { name, options } record, or a list with
// one of those per hidden layer, resolved once into one ResolvedActivation per layer. The model,
// specs, the CLI and compare all go through resolveHiddenActivations, and label them with
// describeActivations, so two runs of the same activation with different options are told apart.
import { formatCall } from '../call-syntax.js';
import { describeValue, InputError, plainObject } from '../validate.js';
import {
  type ActivationName,
  activationNames,
  DEFAULT_ACTIVATION,
  isActivationName,
  optionValues,
  type ResolvedActivation,
  resolveActivationOptions,
} from './registry.js';

/** One hidden layer's activation as a user writes it: its name, or its name and options. */
export type ActivationEntry = ActivationName | { name: ActivationName; options?: Record<string, unknown> };

/** Every hidden layer's activation: one entry for all of them, or a list with one entry per hidden layer. */
export type ActivationInput = ActivationEntry | readonly ActivationEntry[];

/** How errors name the fields: `activation` and `activationOptions` in the API, `config.activation…` in a spec. */
export interface ActivationFields {
  activation: string;
  activationOptions: string;
}

const API_ACTIVATION_FIELDS: ActivationFields = { activation: 'activation', activationOptions: 'activationOptions' };

/**
 * One ResolvedActivation per hidden layer (`hidden` of them) from `value` (default relu) and, for a
 * single name only, `options`. Throws an InputError naming the field and the value for an unknown
 * name, a malformed entry, a list of the wrong length, or options given both ways; with `widths`
 * (each hidden layer's size), also for a learned tensor whose length is neither 1 nor its layer's
 * width (nn.PReLU's num_parameters).
 */
export function resolveHiddenActivations(
  value: unknown,
  options: unknown,
  hidden: number,
  fields: ActivationFields = API_ACTIVATION_FIELDS,
  widths?: readonly number[],
): ResolvedActivation[] {
  const resolved = resolveEach(value, options, hidden, fields);
  if (widths) {
    const list = Array.isArray(value);
    resolved.forEach((activation, l) => {
      const apart = list && Array.isArray(options) && typeof (value as unknown[])[l] === 'string';
      const field = (option: string) =>
        apart
          ? `${fields.activationOptions}[${l}].${option}`
          : list
            ? `${fields.activation}[${l}].options.${option}`
            : `${fields.activationOptions}.${option}`;
      const inRecord = !list && typeof value === 'object' && value !== null;
      checkStateLengths(activation, widths[l]!, l, inRecord ? (option) => `${fields.activation}.options.${option}` : field);
    });
  }
  return resolved;
}

function resolveEach(value: unknown, options: unknown, hidden: number, fields: ActivationFields): ResolvedActivation[] {
  const given = value === undefined ? DEFAULT_ACTIVATION : value;
  if (Array.isArray(given)) {
    // Options beside a list: a list of the same length, one (possibly empty) object per name.
    if (options !== undefined && (!Array.isArray(options) || options.length !== given.length)) {
      throw new InputError(
        fields.activationOptions,
        options,
        `must be a list of ${given.length} option objects beside the list in ${fields.activation}, or left out (give each entry its options)`,
      );
    }
    if (given.length !== hidden) {
      throw new InputError(
        fields.activation,
        given,
        `must list ${hidden} activation${hidden === 1 ? '' : 's'}, one per hidden layer (got ${given.length})`,
      );
    }
    return given.map((entry, l) => {
      const field = `${fields.activation}[${l}]`;
      const optionsField = `${fields.activationOptions}[${l}]`;
      const apart = (options as unknown[] | undefined)?.[l];
      if (apart === undefined) return resolveEntry(entry, undefined, field);
      if (typeof entry !== 'string') throw new InputError(optionsField, apart, `cannot be combined with the options in ${field}`);
      return resolveEntry(entry, plainObject(optionsField, apart), field, optionsField);
    });
  }
  if (typeof given === 'object' && given !== null && options !== undefined) {
    throw new InputError(fields.activationOptions, options, `cannot be combined with options in ${fields.activation}`);
  }
  const optionsField = fields.activationOptions;
  const one = resolveEntry(given, options === undefined ? undefined : plainObject(optionsField, options), fields.activation, optionsField);
  return Array.from({ length: hidden }, () => one);
}

/** One entry: a registered name, or { name, options }; `optionsField` names the options when given apart. */
function resolveEntry(
  entry: unknown,
  options: Record<string, unknown> | undefined,
  field: string,
  optionsField?: string,
): ResolvedActivation {
  if (typeof entry === 'string') {
    checkName(field, entry);
    return resolveActivationOptions(entry, options, (option) => `${optionsField ?? `${field}.options`}.${option}`);
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    const known = `unknown activation ${describeValue(entry)}; known: ${activationNames().join(', ')}`;
    throw new InputError(field, entry, `must be a registered activation name or { name, options } (${known})`);
  }
  const record = entry as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'name' && key !== 'options')
      throw new InputError(`${field}.${key}`, record[key], 'is not known (an activation entry takes name and options)');
  }
  checkName(`${field}.name`, record.name);
  const given = record.options === undefined ? undefined : plainObject(`${field}.options`, record.options);
  return resolveActivationOptions(record.name as string, given, (option) => `${field}.options.${option}`);
}

function checkName(field: string, name: unknown): void {
  if (!isActivationName(name)) {
    throw new InputError(
      field,
      name,
      `must be a registered activation (unknown activation ${describeValue(name)}; known: ${activationNames().join(', ')})`,
    );
  }
}

/** `relu`, or `leaky_relu(negativeSlope=0.2)` when an option differs from its default: how runs and figures name it. */
export function describeActivation(activation: Pick<ResolvedActivation, 'spec' | 'values'>): string {
  const defaults = optionValues(activation.spec, activation.spec.options);
  const changed = Object.entries(activation.values).filter(([key, value]) => !Object.is(value, defaults[key]));
  return formatCall(activation.spec.name, Object.fromEntries(changed));
}

/** One activation's label when every hidden layer has the same; `[relu, tanh, relu]` otherwise. */
export function describeActivations(activations: readonly Pick<ResolvedActivation, 'spec' | 'values'>[]): string {
  const labels = activations.map(describeActivation);
  return labels.every((label) => label === labels[0]) ? (labels[0] ?? DEFAULT_ACTIVATION) : `[${labels.join(', ')}]`;
}

/** A list entry as a spec writes it back: the name alone with default options, else { name, options }. */
export function activationEntry(activation: Pick<ResolvedActivation, 'spec' | 'values'>): ActivationEntry {
  const label = describeActivation(activation);
  return label === activation.spec.name ? activation.spec.name : { name: activation.spec.name, options: { ...activation.values } };
}

/** A learnable tensor of one hidden layer's activation: `act<layer>.<name>` in the state dict. */
export interface StateTensor {
  readonly key: string;
  /** The Linear layer the activation follows. */
  readonly layer: number;
  readonly length: number;
  /** The value every element starts at. */
  readonly init: number;
}

/** The state dict key of hidden layer `layer`'s activation tensor `name`: `act0.weight` for nn.PReLU after layer0. */
export const activationStateKey = (layer: number, name: string): string => `act${layer}.${name}`;

/** A learned tensor's length is 1 or the layer's width (nn.PReLU's num_parameters must match the channels); else an InputError naming fieldOf(option). */
function checkStateLengths(activation: ResolvedActivation, width: number, l: number, fieldOf: (option: string) => string): void {
  for (const state of activation.spec.state ?? []) {
    const length = activation.options[state.lengthOption]!;
    if (length !== 1 && length !== width) {
      throw new InputError(
        fieldOf(state.lengthOption),
        length,
        `must be 1 or the width of hidden layer ${l} (${width}): one ${activation.spec.name} weight per unit`,
      );
    }
  }
}

/**
 * The learnable tensors of these hidden activations on a network with these layer sizes, in
 * parameter order (layer by layer). A length that is neither 1 nor the layer's width is an
 * InputError naming `field[l].options.<option>` (resolveHiddenActivations with widths names it as
 * the user wrote it, before this runs).
 */
export function stateTensors(activations: readonly ResolvedActivation[], layers: readonly number[], field = 'activation'): StateTensor[] {
  const tensors: StateTensor[] = [];
  activations.forEach((activation, l) => {
    checkStateLengths(activation, layers[l + 1]!, l, (option) => `${field}[${l}].options.${option}`);
    for (const state of activation.spec.state ?? []) {
      const length = activation.options[state.lengthOption]!;
      tensors.push({ key: activationStateKey(l, state.name), layer: l, length, init: activation.options[state.initOption]! });
    }
  });
  return tensors;
}
