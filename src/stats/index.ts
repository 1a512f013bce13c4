// The statistics of paired comparisons (docs/statistics.md), each checked against scipy 1.10.1 and numpy 1.24.
export { BOOTSTRAP_RESAMPLES, type BootstrapInterval, type BootstrapOptions, bootstrapInterval, bootstrapMeans } from './bootstrap.js';
export { erf, erfc, normalCdf, normalSf } from './normal.js';
export { type TInterval, tInterval } from './paired-t.js';
export { median, percentile, percentiles, type Quartiles, quartiles } from './percentile.js';
export { studentTCdf, studentTQuantile } from './t-distribution.js';
export { averageRanks, WILCOXON_EXACT_MAX, type WilcoxonResult, wilcoxonSignedRank } from './wilcoxon.js';
