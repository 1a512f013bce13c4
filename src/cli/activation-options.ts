import { ACTIVATIONS } from '../activations/registry.js';

/** Every option name any activation takes: the CLI offers them all as flags and checks them per activation. */
export const ACTIVATION_OPTION_NAMES = [...new Set(ACTIVATIONS.flatMap((a) => Object.keys(a.options)))];
