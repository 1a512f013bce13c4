// JSON has no NaN or ±Infinity, and JSON.stringify silently writes them as null, which reads as
// "missing". Results keep them explicit instead, as the strings Python's float() and JavaScript's
// Number() both parse back: "NaN", "Infinity", "-Infinity".

/** A number as it is written into JSON results: itself when finite, else "NaN", "Infinity" or "-Infinity". */
export function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** JSON.stringify with every non-finite number kept explicit as a string (see jsonNumber). */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? jsonNumber(v) : v), indent);
}
