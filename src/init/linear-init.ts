// A model's choice of initialisers as the API, specs and the CLI take it: `{ weight, bias }`, each
// an initialiser name or { name, options }, either left out for nn.Linear's default. One resolver,
// so that every entry point refuses the same things by the same field names.
import { knownKeys, plainObject } from '../validate.js';
import { DEFAULT_LINEAR_INIT, type LinearInit } from './apply.js';
import { describeInit, type InitInput, type ResolvedInit, resolveInit } from './registry.js';

/** What a user writes: { weight: 'xavier_uniform', bias: { name: 'constant', options: { val: 0.1 } } }; both optional. */
export interface LinearInitInput {
  weight?: InitInput;
  bias?: InitInput;
}

/** The weight and bias initialisers `value` asks for (nn.Linear's default where it is silent); undefined asks for none. */
export function resolveLinearInit(value: unknown, field = 'init'): LinearInit {
  if (value === undefined) return DEFAULT_LINEAR_INIT;
  const given = plainObject(field, value);
  knownKeys(field, given, ['weight', 'bias']);
  return {
    weight: given.weight === undefined ? DEFAULT_LINEAR_INIT.weight : resolveInit(given.weight, `${field}.weight`, 'weight'),
    bias: given.bias === undefined ? DEFAULT_LINEAR_INIT.bias : resolveInit(given.bias, `${field}.bias`, 'bias'),
  };
}

/** True when both are nn.Linear's default. */
export function isDefaultLinearInit(init: LinearInit): boolean {
  return init.weight.name === 'default' && init.bias.name === 'default';
}

/** The input form of a resolved choice, leaving out what is the default: what a spec writes back and a worker is sent. */
export function linearInitInput(init: LinearInit): LinearInitInput {
  const entry = (r: ResolvedInit): InitInput => ({ name: r.name, options: { ...r.options } });
  return {
    ...(init.weight.name === 'default' ? {} : { weight: entry(init.weight) }),
    ...(init.bias.name === 'default' ? {} : { bias: entry(init.bias) }),
  };
}

/** `weight xavier_uniform, bias zeros`, or `default`: how a report names the choice. */
export function describeLinearInit(init: LinearInit): string {
  if (isDefaultLinearInit(init)) return 'default';
  return `weight ${describeInit(init.weight)}, bias ${describeInit(init.bias)}`;
}
