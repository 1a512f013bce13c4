#!/usr/bin/env node
// `npm run cli` / `npm run compare` from a clone: bring the wasm and the CLI bundle up to date
// (a few milliseconds when nothing changed), then run the bundled CLI in this same process.
import { buildWasm, bundleCli } from './build.mjs';

await buildWasm();
await bundleCli();
await import('../build/cli/main.js');
