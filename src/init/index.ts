// The initialisers of nn.Linear parameters (torch.nn.init's, and nn.Linear's default), in one import.
export {
  applyInit,
  DEFAULT_LINEAR_INIT,
  fans,
  type InitShape,
  initialiseLinear,
  type LinearInit,
  linearParameterCount,
  mt19937Source,
  truncNormal_,
} from './apply.js';
export { erf, erff, erfinvFloat, exp64, expf, fma64, logf } from './erfinv.js';
export { calculateGain, DEFAULT_NEGATIVE_SLOPE, isNonlinearity, NONLINEARITIES, type Nonlinearity } from './gain.js';
export { describeLinearInit, isDefaultLinearInit, type LinearInitInput, linearInitInput, resolveLinearInit } from './linear-init.js';
export { householderQ, orthogonal_ } from './orthogonal.js';
export {
  describeInit,
  getInitialiser,
  INITIALISER_NAMES,
  INITIALISERS,
  type InitInput,
  type InitialiserRow,
  type InitialiserSpec,
  type InitName,
  type InitRule,
  initFromCall,
  initialiserNames,
  isInitName,
  NO_FANS_RULE,
  optionKeys,
  parseInit,
  type ResolvedInit,
  resolveInit,
} from './registry.js';
export type { InitOptionValue, InitRole, InitSource } from './types.js';
