// Replays every PyTorch training run (ours in tests/reference and examples, and the shared fixtures'
// when ../shared/fixtures exists) on every backend and checks each epoch against the fixtures'
// tolerances. ACTLAB_PARITY_REPORT=1 prints the worst deviations.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { COMPARE_DEFAULTS } from '../src/cli/compare-options.js';
import { BACKENDS, loadCore } from '../src/core/load.js';
import { makeDataset } from '../src/datasets/registry.js';
import { resolveOptimizer } from '../src/optim/config.js';
import { runSpec, validateSpec } from '../src/spec/spec.js';
import { EXAMPLES_DIR, REFERENCE_DIR, readJson, sharedFixturesDir, trainingReferences } from './helpers/fixtures.js';
import { compareToExpected } from './helpers/parity.js';

const references = trainingReferences();
const report: string[] = [];

// The example the README and `actlab train --help` point users at.
const TUTORIAL_EXAMPLE = EXAMPLES_DIR + 'sigmoid-tutorial.json';

const inventory = suite('replay of PyTorch runs: the runs');
inventory("the README's example and our own references are among them", () => {
  assert.ok(
    references.some((r) => r.path === TUTORIAL_EXAMPLE),
    `${TUTORIAL_EXAMPLE} is missing`,
  );
  assert.ok(
    references.some((r) => !r.shared && r.name.startsWith('ref-')),
    'tests/reference/ref-*.json are missing',
  );
});
if (sharedFixturesDir()) {
  inventory("finds the shared fixtures' seed runs", () => {
    assert.ok(
      references.filter((r) => r.shared && r.name.includes('/seed-')).length >= 5,
      'fewer than 5 seed-*.json in ../shared/fixtures/pytorch',
    );
  });
}
inventory('examples/sigmoid-tutorial.json is the run `actlab compare` makes by default, with sigmoid', () => {
  const { config, data } = validateSpec(readJson(TUTORIAL_EXAMPLE));
  const study = COMPARE_DEFAULTS;
  assert.ok(study.activations.split(',').includes(config.activation as string), 'the study runs its activation');
  assert.is(config.activation, 'sigmoid');
  assert.equal(config.layers, study.layers.split(',').map(Number));
  assert.is(config.epochs, Number(study.epochs));
  assert.is(config.batchSize, Number(study.batchSize));
  assert.is(config.shuffle, false);
  assert.equal(config.optimizer, resolveOptimizer({ name: study.optimizer, lr: Number(study.lr) }));
  const tutorialData = makeDataset(study.dataset, { samples: Number(study.samples), seed: Number(study.dataSeed) });
  assert.is(data.name, tutorialData.name);
});
inventory('a per-layer run written with its options beside the list (activationOptions: [{…}, …]) replays the same', async () => {
  const fixture = readJson(`${REFERENCE_DIR}ref-per-layer-relu-leaky-tanh.json`);
  const entries = fixture.config.activation as (string | { name: string; options: Record<string, number> })[];
  assert.ok(
    entries.some((e) => typeof e !== 'string'),
    'the reference has an entry with options',
  );
  const apart = {
    ...fixture,
    config: {
      ...fixture.config,
      activation: entries.map((e) => (typeof e === 'string' ? e : e.name)),
      activationOptions: entries.map((e) => (typeof e === 'string' ? {} : e.options)),
    },
  };
  const core = await loadCore();
  assert.equal(runSpec(core, validateSpec(apart)), runSpec(core, validateSpec(fixture)));
  assert.equal(compareToExpected(runSpec(core, validateSpec(apart)), fixture.expected).failures, []);
});
inventory.run();

for (const backend of BACKENDS) {
  const replay = suite(`replay of PyTorch runs (${backend})`);
  for (const { name, path } of references) {
    replay(`${name} matches PyTorch epoch by epoch`, async () => {
      const fixture = readJson(path);
      assert.ok(fixture.expected, `${name} has no "expected" to replay`);
      const core = await loadCore({ backend });
      const started = performance.now();
      const result = runSpec(core, validateSpec(fixture));
      const ms = performance.now() - started;
      const d = compareToExpected(result, fixture.expected);
      report.push(
        `${backend.padEnd(6)} ${name.padEnd(56)} bce ${d.bce.toExponential(1)}  acc ${d.accuracy.toFixed(3)}  grad rel ${d.gradRelative.toExponential(1)} (${(d.gradRatio * 100).toFixed(0)}% of tol)  final ${d.final.toExponential(1)}  ${ms.toFixed(0)} ms`,
      );
      assert.equal(d.failures, [], `${name}: ${d.failures.join('; ')}`);
    });
  }
  replay.after(() => {
    if (process.env.ACTLAB_PARITY_REPORT && backend === BACKENDS[BACKENDS.length - 1]) console.log('\n' + report.join('\n'));
  });
  replay.run();
}
