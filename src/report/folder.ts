// Node only: the report folder is replaced whole or not at all. Files are written into a
// temporary folder beside the target and renamed into place at the end, so an interrupted run
// leaves the previous report as it was, and the folder never mixes two runs' files.
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../validate.js';

/** The file that marks a folder as an actlab report, so that a rerun may replace it. */
export const REPORT_MARKER = 'actlab-report.json';

/**
 * Checks, before any work, that `target` may receive a report: it does not exist yet, or it is
 * an empty folder, or an earlier actlab report (holding REPORT_MARKER); and that its parent can
 * be written. `flag` names the option in the message (the CLI's --out).
 */
export function checkReportTarget(target: string, flag = '--out'): void {
  const path = resolve(target);
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) throw new InputError(flag, target, 'must be a folder, not a file');
    const entries = readdirSync(path);
    if (entries.length > 0 && !entries.includes(REPORT_MARKER)) {
      throw new InputError(
        flag,
        target,
        `must be a new or empty folder, or an earlier actlab report (one with ${REPORT_MARKER}); this one holds other files (move them, or choose another --out)`,
      );
    }
  }
  const parent = nearestExisting(dirname(path));
  if (!statSync(parent).isDirectory()) throw new InputError(flag, target, `cannot be made: ${parent} is a file`);
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    throw new InputError(flag, target, `cannot be written: ${parent} is not writable`);
  }
}

/** A report being written: files go into `dir`, then commit() puts it in the target's place. */
export interface PendingReport {
  /** The temporary folder to write into (beside the target). */
  readonly dir: string;
  /** Writes the marker, then swaps the folder into place, replacing an earlier report. */
  commit(marker: object): void;
  /** Removes the temporary folder (safe to call more than once, and from a signal handler). */
  discard(): void;
}

/** Creates the temporary folder for a report that will replace `target` (checked again first). */
export function beginReport(target: string, flag = '--out'): PendingReport {
  checkReportTarget(target, flag);
  const path = resolve(target);
  mkdirSync(dirname(path), { recursive: true });
  const dir = mkdtempSync(join(dirname(path), `.${basename(path)}.tmp-`));
  let done = false;
  return {
    dir,
    commit(marker) {
      writeFileSync(join(dir, REPORT_MARKER), JSON.stringify(marker, null, 2) + '\n');
      checkReportTarget(target, flag); // the target may have changed while the report was drawn
      if (existsSync(path)) {
        // No atomic exchange of two folders in Node: move the old one aside for the instant between the renames.
        const old = `${dir}-old`;
        renameSync(path, old);
        renameSync(dir, path);
        rmSync(old, { recursive: true, force: true });
      } else {
        renameSync(dir, path);
      }
      done = true;
    },
    discard() {
      if (!done) rmSync(dir, { recursive: true, force: true });
      done = true;
    },
  };
}

function nearestExisting(path: string): string {
  let at = path;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}
