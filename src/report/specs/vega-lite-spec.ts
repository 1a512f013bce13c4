// The type the spec builders hand out. It names nothing from vega-lite, whose types need the DOM's:
// the public API's types must compile in a Node project without lib "dom".

/**
 * A vega-lite specification as plain JSON, ready for vega-lite's compile() or vega-embed (pass it
 * as their TopLevelSpec / VisualizationSpec).
 */
export interface VegaLiteSpec {
  [key: string]: unknown;
}
