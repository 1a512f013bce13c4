import type { StateTensor } from '../activations/hidden.js';
import { arrayValue, describeValue, float32Number, InputError, plainObject } from '../validate.js';

/**
 * PyTorch's state dict of our MLP: `layerI.weight` is [out][in], `layerI.bias` is [out], and each
 * hidden activation with learnable state adds `act<I>.<name>` (nn.PReLU after layerI: `actI.weight`,
 * [1] or [width]) after them.
 */
export type StateDict = Record<string, number[] | number[][]>;

export const weightKey = (layer: number): string => `layer${layer}.weight`;
export const biasKey = (layer: number): string => `layer${layer}.bias`;

/**
 * Every tensor the state dict of a network with these layer sizes and hidden activation state
 * (src/activations/hidden.ts stateTensors) holds, in PyTorch's order (that of the parameter block:
 * the Linear layers, then the state, layer by layer).
 */
export function stateDictShapes(
  layers: readonly number[],
  state: readonly Pick<StateTensor, 'key' | 'length'>[] = [],
): { key: string; shape: number[] }[] {
  const shapes: { key: string; shape: number[] }[] = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    shapes.push({ key: weightKey(l), shape: [layers[l + 1]!, layers[l]!] });
    shapes.push({ key: biasKey(l), shape: [layers[l + 1]!] });
  }
  for (const tensor of state) shapes.push({ key: tensor.key, shape: [tensor.length] });
  return shapes;
}

/**
 * Checks a state dict against the network's shapes and flattens it in parameter order
 * ([W0, b0, W1, b1, ...], weights row-major). Missing, extra or mis-shaped tensors and values
 * that are not finite in float32 are rejected by name; nothing is returned half-done.
 */
export function flattenStateDict(
  field: string,
  value: unknown,
  layers: readonly number[],
  state: readonly Pick<StateTensor, 'key' | 'length'>[] = [],
): Float64Array {
  const dict = plainObject(field, value);
  const shapes = stateDictShapes(layers, state);
  const expected = new Set(shapes.map((s) => s.key));
  for (const key of Object.keys(dict)) {
    if (!expected.has(key))
      throw new InputError(`${field}.${key}`, dict[key], `is not a tensor of this network (expected: ${[...expected].join(', ')})`);
  }
  // Every shape is checked before the buffer is made, so its size is that of values really given.
  const tensors = shapes.map(({ key, shape }) => {
    const where = `${field}.${key}`;
    if (!Object.hasOwn(dict, key)) throw new InputError(where, undefined, `is missing (shape [${shape.join(', ')}])`);
    const tensor = arrayValue(where, dict[key]);
    const rows = shape.length === 2 ? tensor : [tensor];
    const [nRows, nCols] = shape.length === 2 ? [shape[0]!, shape[1]!] : [1, shape[0]!];
    if (rows.length !== nRows) throw new InputError(where, `${rows.length} rows`, `must have shape [${shape.join(', ')}]`);
    return rows.map((row, r) => {
      const rowField = shape.length === 2 ? `${where}[${r}]` : where;
      const values = arrayValue(rowField, row);
      if (values.length !== nCols)
        throw new InputError(rowField, `${values.length} values`, `must have ${nCols} values (shape [${shape.join(', ')}])`);
      return { rowField, values };
    });
  });
  const flat = new Float64Array(shapes.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0));
  let at = 0;
  for (const rows of tensors) {
    for (const { rowField, values } of rows) {
      values.forEach((v, c) => {
        // Loaded into f32 memory: 1e39 would become Infinity there.
        flat[at++] = float32Number(`${rowField}[${c}]`, v);
      });
    }
  }
  return flat;
}

/** The inverse of flattenStateDict: parameter order → PyTorch's nested arrays. */
export function unflattenStateDict(
  flat: ArrayLike<number>,
  layers: readonly number[],
  state: readonly Pick<StateTensor, 'key' | 'length'>[] = [],
): StateDict {
  const dict: StateDict = {};
  let at = 0;
  for (const { key, shape } of stateDictShapes(layers, state)) {
    if (shape.length === 2) {
      const rows: number[][] = [];
      for (let r = 0; r < shape[0]!; r++) {
        const row: number[] = [];
        for (let c = 0; c < shape[1]!; c++) row.push(flat[at++]!);
        rows.push(row);
      }
      dict[key] = rows;
    } else {
      const row: number[] = [];
      for (let c = 0; c < shape[0]!; c++) row.push(flat[at++]!);
      dict[key] = row;
    }
  }
  if (at !== flat.length) throw new Error(`internal: ${flat.length} parameters for a network holding ${at} (${describeValue(layers)})`);
  return dict;
}
