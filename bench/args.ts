// Command-line flags of the stand-alone bench scripts (bench/ab.ts, adam-subnormal.ts, tanh-clamp.ts,
// playground-units.ts): `--name value`.

/** The value after --name, or the fallback when the flag is absent. */
export function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback;
}

/** --name N as a whole number ≥ 1; anything else stops the script naming the flag and the value. */
export function countOption(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const text = process.argv[at + 1];
  const value = Number(text);
  if (text === undefined || !Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a whole number of at least 1, got ${JSON.stringify(text ?? null)}`);
    process.exit(2);
  }
  return value;
}
