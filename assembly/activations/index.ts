// The activation kernels, by id (src/shared/activation-id.ts, the ABI shared with TS).
// Each activation lives in its own file, assembly/activations/<snake_name>.ts: a class whose @inline
// methods are a scalar and an f32x4 form of f and of its derivative, doing the same operations in the
// same order, for the generic loops of ./map.ts. The switch over the ids that instantiates those
// loops is generated from the id enum by scripts/activation-dispatch.mjs (at every build), so no
// list of activations is kept by hand here.
// Options come in as f32 at `params`, one per option in the order of the TS registry (src/activations/registry.ts).
export { activationBackward, activationEvalStats, activationForward } from '../generated/activation-dispatch';
