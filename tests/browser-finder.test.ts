// The browser finder as a stranger meets it: a bad CHROMIUM_PATH fails at once, in one line that
// names it, and the process ends (nothing is left waiting). Run in child processes, because the
// finder looks once per process.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from './helpers/browser.js';
import { runProcess } from './helpers/process.js';

const LAUNCH = `import { launch } from './tests/helpers/browser.ts';
try {
  const browser = await launch();
  await browser.close();
  console.log('launched');
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}`;

/** Runs launch() in a child with CHROMIUM_PATH set. */
const launchWith = (chromiumPath: string) =>
  runProcess(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', LAUNCH], {
    cwd: ROOT,
    timeoutMs: 60_000,
    env: { ...process.env, CHROMIUM_PATH: chromiumPath },
  });

const finder = suite('browser finder');

for (const [what, path, message] of [
  [
    'a CHROMIUM_PATH that does not exist',
    '/nonexistent/chromium',
    /^CHROMIUM_PATH is set to \/nonexistent\/chromium, which does not exist/,
  ],
  [
    'a CHROMIUM_PATH that is not executable',
    `${ROOT}package.json`,
    /^CHROMIUM_PATH is set to .*package\.json, which is not an executable file/,
  ],
] as const) {
  finder(`${what}: one line naming it, exit 1, no hang`, async () => {
    const { code, stdout, stderr, ms } = await launchWith(path);
    assert.is(code, 1, `exit code (stderr: ${stderr})`);
    assert.is(stdout, '', 'nothing launched');
    assert.match(stderr, message);
    assert.is(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
    assert.ok(ms < 30_000, `ended after ${ms.toFixed(0)} ms`);
  });
}

finder.run();
