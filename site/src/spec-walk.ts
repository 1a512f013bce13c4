// Walking a vega-lite spec's objects, for the small rewrites the page makes to the library's figures
// (colours, marks, legends): one definition for ./charts.ts and ./held-out.ts.

/** One object of a spec. */
export type Json = Record<string, unknown>;

/** Visits every object of a spec except inside inline data (`values`, `datasets`), which can be thousands of rows. */
export function walk(node: unknown, visit: (obj: Json) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (node && typeof node === 'object') {
    const obj = node as Json;
    visit(obj);
    for (const [key, value] of Object.entries(obj)) if (key !== 'values' && key !== 'datasets') walk(value, visit);
  }
}
