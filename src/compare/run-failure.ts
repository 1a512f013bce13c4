// Runs of a study that could not be completed: each one named with its reason, and the study's
// outcome settled only once every run has either a result or a failure. Platform-neutral.
import type { RunJob } from './job.js';
import type { RunResult } from './types.js';

/** One run that could not be completed; its message is `run relu seed 0 failed: <reason>`. */
export class RunFailure extends Error {
  override readonly name = 'RunFailure';
  /** Why, as a phrase: "its worker thread exited with code 1". */
  readonly reason: string;

  constructor(
    readonly job: RunJob,
    reason: string,
    cause?: unknown,
  ) {
    const why = oneLine(reason);
    super(`run ${runLabel(job)} failed: ${why}`, cause === undefined ? undefined : { cause });
    this.reason = why;
  }
}

/**
 * A study some of whose runs could not be completed. Its message is one line naming every failed
 * run with its reason; it carries what did complete, so a caller can still use those runs.
 */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';

  constructor(
    /** Runs in the study. */
    readonly total: number,
    /** The runs that completed, in job order. */
    readonly completed: RunResult[],
    /** The runs that could not be completed, in job order. */
    readonly failures: RunFailure[],
  ) {
    super(`${failures.length} of ${total} run${total === 1 ? '' : 's'} could not be completed: ${listFailures(failures)}`);
  }
}

/** "relu seed 0": how a run is named to the user. */
export function runLabel(job: Pick<RunJob, 'activation' | 'seed'>): string {
  return `${job.activation} seed ${job.seed}`;
}

/** Collects a study's runs as they end, and settles the study when all have. */
export class RunLedger {
  private readonly results = new Map<number, RunResult>();
  private readonly failed = new Map<number, RunFailure>();

  constructor(private readonly jobs: readonly RunJob[]) {}

  /** Records a run's result (a function, so it can be handed on as a callback). */
  readonly store = (job: RunJob, result: RunResult): void => {
    this.results.set(job.index, result);
  };

  /** Records runs that could not be completed. */
  fail(...failures: RunFailure[]): void {
    for (const failure of failures) this.failed.set(failure.job.index, failure);
  }

  /**
   * The results in job order when every run completed. Otherwise it throws RunFailedError; or,
   * when a run failed on bad input (a RangeError, as the CLI reads it), that error itself: the
   * input is what must change, and the other runs would fail the same way.
   */
  finish(): RunResult[] {
    for (const job of this.jobs) {
      // A run with neither a result nor a failure is a bug in an executor: say so rather than return a hole.
      if (!this.results.has(job.index) && !this.failed.has(job.index))
        this.fail(new RunFailure(job, 'it was never run (an internal error)'));
    }
    const completed = this.jobs.filter((job) => this.results.has(job.index)).map((job) => this.results.get(job.index)!);
    if (completed.length === this.jobs.length) return completed;
    const failures = this.jobs.filter((job) => this.failed.has(job.index)).map((job) => this.failed.get(job.index)!);
    const badInput = failures.find((failure) => failure.cause instanceof RangeError);
    if (badInput) throw badInput.cause;
    throw new RunFailedError(this.jobs.length, completed, failures);
  }
}

/** An error's message (or the thrown value) on one line. */
export function errorText(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

/** At most this many runs are named per reason: the message stays one readable line for large studies. */
const NAMED_PER_REASON = 10;

/** "relu seed 0, tanh seed 0 (its worker thread exited with code 1); relu seed 1 (...)": runs grouped by reason. */
function listFailures(failures: RunFailure[]): string {
  const byReason = new Map<string, string[]>();
  for (const failure of failures) {
    const runs = byReason.get(failure.reason) ?? [];
    runs.push(runLabel(failure.job));
    byReason.set(failure.reason, runs);
  }
  return [...byReason]
    .map(([reason, runs]) => {
      const named = runs.slice(0, NAMED_PER_REASON).join(', ');
      const more = runs.length > NAMED_PER_REASON ? ` and ${runs.length - NAMED_PER_REASON} more` : '';
      return `${named}${more} (${reason})`;
    })
    .join('; ');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
