// Every list a user reads names every activation, initialiser and optimizer the registries have:
// the README, `actlab --help` for each command, docs/activations.md and docs/initialisers.md. (The
// playground's menus are built from the same registries; tests/browser.test.ts checks them.)
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { activationNames } from '../src/activations/registry.js';
import { initialiserNames } from '../src/init/registry.js';
import { OPTIMIZER_NAMES } from '../src/optim/registry.js';
import { runCliCaptured } from './helpers/cli.js';

const listings = suite('listings: every activation, initialiser and optimizer, wherever a user reads a list');
const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const word = (name: string) => new RegExp(`(^|[^a-z0-9_])${name}([^a-z0-9_]|$)`);

const LISTS = {
  activations: activationNames(),
  initialisers: initialiserNames(),
  optimizers: [...OPTIMIZER_NAMES],
};

listings('the README names each one', () => {
  const readme = read('README.md');
  for (const [what, names] of Object.entries(LISTS)) for (const name of names) assert.match(readme, word(name), `README: ${what} ${name}`);
});

listings('docs/activations.md and docs/initialisers.md have a row for each of theirs', () => {
  const activations = read('docs/activations.md');
  for (const name of LISTS.activations) assert.ok(activations.includes(`| ${name} |`), `docs/activations.md: ${name}`);
  const initialisers = read('docs/initialisers.md');
  for (const name of LISTS.initialisers) assert.match(initialisers, new RegExp(`\\| \`?${name}\`?`), `docs/initialisers.md: ${name}`);
});

listings('--help: compare lists all three, train the activations and initialisers, activation its names', async () => {
  const compare = await runCliCaptured('compare', '--help');
  assert.is(compare.code, 0, compare.err);
  for (const [what, names] of Object.entries(LISTS))
    for (const name of names) assert.match(compare.out, word(name), `compare --help: ${what} ${name}`);
  const train = await runCliCaptured('train', '--help');
  for (const name of [...LISTS.activations, ...LISTS.initialisers]) assert.match(train.out, word(name), `train --help: ${name}`);
  const activation = await runCliCaptured('activation', '--help');
  for (const name of LISTS.activations) assert.match(activation.out, word(name), `activation --help: ${name}`);
});

listings.run();
