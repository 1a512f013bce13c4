/** A labelled 2-class dataset; X is row-major, nSamples x nFeatures. */
export interface Dataset {
  X: Float64Array;
  y: Uint8Array;
  nSamples: number;
  nFeatures: number;
  name: string;
}
