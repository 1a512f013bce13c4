// The largest values the API, training specs and the CLI accept, defined once. Each is far above
// any sensible run; past it a typo (an extra zero or three) would allocate gigabytes or run for
// days before anything useful happened, so it is refused up front with the field's name.

/** Epochs of one training run. */
export const MAX_EPOCHS = 1_000_000;
/** Rows of a generated data set (a CSV or a spec's data has no such cap: it is already in memory). */
export const MAX_SAMPLES = 10_000_000;
/** Units of one layer (input and output included). */
export const MAX_LAYER_SIZE = 1_000_000;
/** Rows per step; any batch size above the number of rows is one full batch. */
export const MAX_BATCH_SIZE = 10_000_000;
/** Seeds are numpy's RandomState seeds: unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;
