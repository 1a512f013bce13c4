// Node only: the installed package's version, for `actlab --version`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The version in actlab's package.json, found by walking up from this module: it runs from
 * src/cli (tsx), dist/cli (the package) and build/cli or build/cli/chunks (the clone's bundle).
 */
export function packageVersion(from: string = import.meta.url): string {
  for (let dir = new URL('./', from); ; dir = new URL('../', dir)) {
    const manifest = readManifest(new URL('package.json', dir));
    if (manifest?.name === 'actlab' && typeof manifest.version === 'string') return manifest.version;
    if (fileURLToPath(dir) === fileURLToPath(new URL('../', dir)))
      throw new Error(`no package.json of actlab above ${fileURLToPath(from)}`);
  }
}

function readManifest(url: URL): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(url, 'utf8'));
  } catch {
    return undefined;
  }
}
