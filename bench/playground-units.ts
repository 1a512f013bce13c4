// What the playground's unit view (site/src/network-view.ts) costs the training: the tutorial's run
// (circles, relu, 300 epochs, speed 0 = as fast as possible) in headless Chromium, with the view
// shown and hidden, alternately on one page (the first run of each is a warm-up and not counted),
// as epochs per second on the worker's clock (play to done) and inside epochs alone.
//
//   npm run bench:playground -- [--runs N] [--epochs N]     (or npx tsx bench/playground-units.ts …)
import { actlabState, playgroundSession, waitDone } from '../tests/helpers/playground-page.js';
import { countOption } from './args.js';

const RUNS = countOption('runs', 7);
const EPOCHS = countOption('epochs', 300);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const session = playgroundSession();
try {
  const { page } = await session.open(`?speed=0&epochs=${EPOCHS}`, { width: 1400, height: 1400 });
  const results: Record<
    'shown' | 'hidden',
    { run: number[]; train: number[]; snapshots: number[]; snapshotMs: number[]; drawMs: number[] }
  > = {
    shown: { run: [], train: [], snapshots: [], snapshotMs: [], drawMs: [] },
    hidden: { run: [], train: [], snapshots: [], snapshotMs: [], drawMs: [] },
  };
  for (let k = 0; k < 2 * (RUNS + 1); k++) {
    const view = k % 2 === 0 ? 'shown' : 'hidden';
    await page.locator('#units-toggle').setChecked(view === 'shown');
    const before = (await actlabState(page)).units?.received ?? 0;
    await page.locator('#play').click();
    await waitDone(page);
    const s = await actlabState(page);
    if (k < 2) continue; // warm-up
    results[view].run.push((1000 * s.epochs) / s.timing.runMs);
    results[view].train.push((1000 * s.epochs) / s.timing.trainMs);
    results[view].snapshots.push((s.units?.received ?? 0) - before);
    if (view === 'shown') {
      // The last snapshot's cost in the worker, and its drawing's on the page (drawn on the next frame).
      await page.waitForFunction(() => window.__actlab.units?.epoch === window.__actlab.epochs);
      const u = (await actlabState(page)).units!;
      results[view].snapshotMs.push(u.snapshotMs);
      results[view].drawMs.push(u.drawMs);
    }
  }
  console.log(`${EPOCHS} epochs, speed 0, ${RUNS} runs each (median, range; best), ${(await actlabState(page)).backend}:`);
  for (const view of ['shown', 'hidden'] as const) {
    const r = results[view];
    const range = (v: number[], digits = 0) =>
      `${median(v).toFixed(digits)} (${Math.min(...v).toFixed(digits)}–${Math.max(...v).toFixed(digits)})`;
    console.log(
      `  unit view ${view.padEnd(6)}  ${range(r.run)} epochs/s play to done,  ${range(r.train)} epochs/s inside epochs,  ${median(r.snapshots)} snapshots a run`,
    );
    if (view === 'shown')
      console.log(`    a snapshot: ${range(r.snapshotMs, 2)} ms in the worker; its drawing: ${range(r.drawMs, 2)} ms on the page`);
  }
  // Runs next to each other share the machine's load (it is shared): their ratio is the fairer comparison.
  const paired = results.shown.run.map((v, i) => v / results.hidden.run[i]!);
  console.log(
    `  shown / hidden, run by run (play to done): median ${median(paired).toFixed(3)} (${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`,
  );
} finally {
  await session.close();
}
