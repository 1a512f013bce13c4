#!/usr/bin/env node
// The published command: runs the compiled CLI, which `npm run build` (prepack) writes to dist/.
// In a clone that was never built, say what to do instead of Node's bare ERR_MODULE_NOT_FOUND.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write('actlab: dist/ is not built: run `npm run build` (or, in a clone, `npm run cli -- …`)\n');
  process.exitCode = 1;
}
