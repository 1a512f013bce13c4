// `--activations relu,leaky_relu(negativeSlope=0.2),[relu, tanh, relu, tanh]`: the activations a
// comparison trains, each a name, a name with options in the call syntax (../call-syntax.ts), or a
// bracketed list with one of those per hidden layer. Each becomes the Mlp's `activation` input and
// a label (src/activations/hidden.ts describeActivations) that tells runs of one activation with
// different options apart.
import { type ActivationEntry, type ActivationInput, describeActivations, resolveHiddenActivations } from '../activations/hidden.js';
import type { ActivationName } from '../activations/registry.js';
import { type CallExpr, parseCall } from '../call-syntax.js';
import { InputError } from '../validate.js';

/** One activation of the list: its label and what it trains. */
export interface ListedActivation {
  label: string;
  input: ActivationInput;
}

/** `text` split at the commas outside parentheses and brackets; unbalanced ones are an InputError naming `field`. */
export function splitTopLevel(text: string, field: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      depth--;
      if (depth < 0) throw new InputError(field, text, `has an unmatched "${c}" at column ${i + 1}`);
    } else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (depth !== 0) throw new InputError(field, text, 'has an unclosed "(" or "["');
  parts.push(text.slice(start).trim());
  return parts;
}

/** `leaky_relu(negativeSlope=0.2)` → { name, options }; keyword options only, each a number or a word. */
function entryOf(text: string, field: string): ActivationEntry {
  const call: CallExpr = parseCall(text, field);
  if (call.args.length > 0) throw new InputError(field, text, 'must name its options: name(option=value, ...)');
  const options: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(call.options)) {
    if (typeof value === 'object') throw new InputError(`${field}.${key}`, text, 'must be a number or a word, not a call');
    options[key] = value;
  }
  const name = call.name as ActivationName;
  return Object.keys(options).length === 0 ? name : { name, options };
}

/**
 * The activations `text` lists for a network with `hidden` hidden layers, each resolved (so a bad
 * name, option or list length is an InputError naming `field[k]`), with its label. The same label
 * twice is refused: it would train the same thing twice.
 */
export function parseActivationList(text: string, layers: readonly number[], field = '--activations'): ListedActivation[] {
  const hidden = layers.length - 2;
  const listed = splitTopLevel(text, field).map((part, k): ListedActivation => {
    const where = `${field}[${k}]`;
    if (part === '') throw new InputError(where, text, 'is empty (two commas in a row?)');
    const input: ActivationInput = part.startsWith('[')
      ? (() => {
          if (!part.endsWith(']')) throw new InputError(where, part, 'must end with "]" (a list of one activation per hidden layer)');
          return splitTopLevel(part.slice(1, -1), where).map((entry, l) => entryOf(entry, `${where}[${l}]`));
        })()
      : entryOf(part, where);
    const resolved = resolveHiddenActivations(
      input,
      undefined,
      hidden,
      { activation: where, activationOptions: `${where}.options` },
      layers.slice(1, -1),
    );
    // Named even without hidden layers: by the entry as written.
    const label = describeActivations(
      resolved.length > 0 ? resolved : resolveHiddenActivations(input, undefined, 1, { activation: where, activationOptions: where }),
    );
    return { label, input };
  });
  const labels = listed.map((a) => a.label);
  const twice = labels.find((label, i) => labels.indexOf(label) !== i);
  if (twice !== undefined) throw new InputError(field, twice, 'must not list an activation twice (with the same options)');
  return listed;
}
