// Runs every tests/*.test.ts with uvu and ends with one line: `N passed, N failed`.
// uvu's own CLI cannot load TypeScript ESM, so this does what it does: defer, queue each file's
// suites under the file's name, then execute them in order.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

type SuiteResult = [errors: string | true, ran: number, skipped: number, total: number];
type QueuedSuite = () => Promise<SuiteResult>;

const g = globalThis as unknown as { UVU_DEFER: number; UVU_QUEUE: [string | null, ...QueuedSuite[]][]; UVU_INDEX: number };
g.UVU_DEFER = 1;
g.UVU_QUEUE = [];

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let passed = 0;
let failed = 0;

for (const [index, file] of files.entries()) {
  g.UVU_INDEX = index;
  g.UVU_QUEUE.push([file]);
  try {
    await import(pathToFileURL(dir + file).href);
  } catch (error) {
    console.error(`\n${file} failed to load:`, error);
    failed++;
  }
}

// Count what each suite reports back to uvu's exec.
for (const group of g.UVU_QUEUE) {
  for (let k = 1; k < group.length; k++) {
    const run = group[k] as QueuedSuite;
    group[k] = async () => {
      const result = await run();
      const [errors, ran, skipped, total] = result;
      passed += ran;
      failed += total - ran - skipped;
      if (errors !== true && total - ran - skipped === 0) failed++; // a failing hook
      return result;
    };
  }
}

const { exec } = await import('uvu');
await exec();
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) process.exitCode = 1;
