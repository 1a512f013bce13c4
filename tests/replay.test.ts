// Replays every PyTorch training run (shared fixtures and tests/reference) on every backend and
// checks each epoch against the fixtures' tolerances. ACTLAB_PARITY_REPORT=1 prints the worst deviations.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BACKENDS, loadCore } from '../src/core/load.js';
import { runSpec, validateSpec } from '../src/spec/spec.js';
import { readJson, trainingReferences } from './helpers/fixtures.js';
import { compareToExpected } from './helpers/parity.js';

const references = trainingReferences();
const report: string[] = [];

for (const backend of BACKENDS) {
  const replay = suite(`replay of PyTorch runs (${backend})`);
  replay('finds the shared fixtures', () => {
    assert.ok(references.filter((r) => r.name.startsWith('seed-')).length >= 5, 'the seed-*.json fixtures are missing');
  });
  for (const { name, path } of references) {
    replay(`${name} matches PyTorch epoch by epoch`, async () => {
      const fixture = readJson(path);
      const core = await loadCore({ backend });
      const started = performance.now();
      const result = runSpec(core, validateSpec(fixture));
      const ms = performance.now() - started;
      const d = compareToExpected(result, fixture.expected);
      report.push(`${backend.padEnd(6)} ${name.padEnd(40)} bce ${d.bce.toExponential(1)}  acc ${d.accuracy.toFixed(3)}  grad rel ${d.gradRelative.toExponential(1)} (${(d.gradRatio * 100).toFixed(0)}% of tol)  final ${d.final.toExponential(1)}  ${ms.toFixed(0)} ms`);
      assert.equal(d.failures, [], `${name}: ${d.failures.join('; ')}`);
    });
  }
  replay.after(() => {
    if (process.env.ACTLAB_PARITY_REPORT && backend === BACKENDS[BACKENDS.length - 1]) console.log('\n' + report.join('\n'));
  });
  replay.run();
}
