// The shared PyTorch fixtures, read in place from the repo root's sibling folder (never copied).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../../../shared/fixtures/pytorch/', import.meta.url));
export const REFERENCE_DIR = fileURLToPath(new URL('../reference/', import.meta.url));

export function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Every whole-run reference: the shared fixtures' `*-*.json` runs, then our own PyTorch references. */
export function trainingReferences(): { name: string; path: string }[] {
  const list = (dir: string, pattern: RegExp) => {
    try {
      return readdirSync(dir).filter((f) => pattern.test(f)).sort().map((f) => ({ name: f, path: dir + f }));
    } catch {
      return [];
    }
  };
  return [...list(FIXTURES_DIR, /^[a-z]+-.+\.json$/), ...list(REFERENCE_DIR, /^ref-.+\.json$/)];
}
