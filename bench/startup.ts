// Suite "startup": the whole `actlab compare --no-report` as a user runs it, a fresh process each
// time, against `node -e 0` in the same loop (hyperfine-like: the commands interleaved round by
// round, so load on a shared machine falls on all of them alike; min and median per command).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type SuiteReport } from './harness.js';
import { duration, type Table, times } from './table.js';

export interface StartupOptions {
  /** Rounds of the loop: each runs every command once. */
  rounds: number;
}

export interface StartupTiming {
  command: string;
  minMs: number;
  medianMs: number;
  runs: number[];
  /** "Trained 5 networks in 0.16 s": the CLI's own training time, median, when it prints one. */
  trainedMs?: number;
}

const BIN = 'node bin/actlab.js compare --no-report';
/** The commands timed; the first is the floor (Node's own start). */
export const STARTUP_COMMANDS = [
  'node -e 0',
  'node bin/actlab.js --help',
  `${BIN} --workers 1`,
  BIN,
  'node scripts/run-cli.mjs compare --no-report --workers 1',
] as const;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The newest modification time under dir (its .ts files), ms. */
function newest(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs),
  );
}

export async function runStartup(options: StartupOptions): Promise<SuiteReport> {
  const dist = join(ROOT, 'dist/cli/main.js');
  if (!existsSync(dist)) throw new Error('startup: dist/ is not built (bin/actlab.js runs dist/cli/main.js): run `npm run build` first');
  const stale = statSync(dist).mtimeMs < newest(join(ROOT, 'src'));
  if (stale)
    console.log('startup: dist/ is older than src/ — bin/actlab.js times the last build; run `npm run build:ts` to time this source');
  // One untimed run of each: the bundle and the wasm are brought up to date, the disk cache warmed.
  for (const command of STARTUP_COMMANDS) run(command);
  const runs = STARTUP_COMMANDS.map(() => [] as number[]);
  const trained = STARTUP_COMMANDS.map(() => [] as number[]);
  for (let round = 0; round < options.rounds; round++) {
    STARTUP_COMMANDS.forEach((command, k) => {
      const { ms, stdout } = run(command);
      runs[k]!.push(ms);
      const seconds = /Trained \d+ networks in ([\d.]+) s/.exec(stdout)?.[1];
      if (seconds) trained[k]!.push(Number(seconds) * 1000);
    });
  }
  const timings: StartupTiming[] = STARTUP_COMMANDS.map((command, k) => ({
    command,
    minMs: Math.min(...runs[k]!),
    medianMs: median(runs[k]!),
    runs: runs[k]!,
    ...(trained[k]!.length ? { trainedMs: median(trained[k]!) } : {}),
  }));
  for (const t of timings) console.log(`  ${t.command}: ${t.runs.map((r) => r.toFixed(0)).join(', ')} ms`);
  const floor = timings[0]!;
  const table: Table = {
    title: `Start-up: the whole command in a fresh process, ${options.rounds} rounds (wall time)`,
    columns: ['command', 'min', 'median', 'median − node -e 0', 'training (printed)'],
    rows: timings.map((t) => [
      t.command,
      duration(t.minMs),
      duration(t.medianMs),
      t === floor ? '—' : duration(t.medianMs - floor.medianMs),
      t.trainedMs === undefined ? '—' : duration(t.trainedMs),
    ]),
    notes: [
      'the commands run interleaved, one of each per round, after one untimed run of each; min and median over the rounds',
      '`node -e 0` is the floor: Node starting and exiting with nothing to do',
      `bin/actlab.js runs dist/ (tsc's output${stale ? '; OLDER THAN src/ in this run' : ''}); scripts/run-cli.mjs checks the build and runs the esbuild bundle (what npm run compare runs, without npm)`,
      `${BIN} with no --workers: the threads the runs pay for (the 5-run study trains on this thread alone)`,
    ],
  };
  const byCommand = (c: string) => timings.find((t) => t.command === c)!;
  const one = byCommand(`${BIN} --workers 1`);
  const auto = byCommand(BIN);
  return {
    suite: 'startup',
    tables: [table],
    data: {
      timings,
      compareOneMs: one.medianMs,
      compareOneMinMs: one.minMs,
      defaultOverOne: auto.medianMs / one.medianMs,
      nodeMs: floor.medianMs,
      ratioNote: times(auto.medianMs / one.medianMs),
    },
  };
}

function run(command: string): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync('/bin/sh', ['-c', command], { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`startup: ${command} failed (${result.status}): ${result.stderr}`);
  return { ms, stdout: result.stdout };
}
