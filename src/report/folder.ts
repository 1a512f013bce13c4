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
  realpathSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../validate.js';

/** The file that marks a folder as an actlab report, so that a rerun may replace it. */
export const REPORT_MARKER = 'actlab-report.json';

// The kernel's views (procfs, sysfs) look like folders but hold no files of ours; worse, mkdir
// under /proc fails with ENOENT below an existing parent, which Node's recursive mkdir retries
// forever. Refused by real path, and on Linux by file-system type (statfs magic) wherever mounted.
const KERNEL_ROOTS = ['/proc', '/sys'];
const KERNEL_FS_TYPES = new Set([0x9fa0 /* PROC_SUPER_MAGIC */, 0x62656572 /* SYSFS_MAGIC */]);

/**
 * Checks, before any work, that `target` may receive a report: it does not exist yet, or it is
 * an empty folder, or an earlier actlab report (holding REPORT_MARKER); and that its parent can
 * be written. `flag` names the option in the message (the CLI's --out).
 */
export function checkReportTarget(target: string, flag = '--out'): void {
  const path = resolve(target);
  if (onKernelFs(path)) {
    throw new InputError(
      flag,
      target,
      `must not be under ${KERNEL_ROOTS.join(' or ')}: those are the kernel's views, not folders for files`,
    );
  }
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
  makeFolders(dirname(path), target, flag);
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
      // A figure still being written (an async write in flight when Ctrl-C came) can land in the
      // folder between rmSync's listing and its rmdir (ENOTEMPTY): retrying removes it too.
      if (!done) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 10 });
      done = true;
    },
  };
}

/** `path` or its nearest ancestor that exists (the loop ends at the root). */
function nearestExisting(path: string): string {
  let at = path;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/** Whether `path` would land on procfs or sysfs, through symlinks too. */
function onKernelFs(path: string): boolean {
  const existing = nearestExisting(path);
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    // unreadable: the lexical path is all there is to judge by
  }
  const under = (p: string) => KERNEL_ROOTS.some((root) => p === root || p.startsWith(`${root}/`));
  if (under(path) || under(real)) return true;
  try {
    return KERNEL_FS_TYPES.has(statfsSync(real).type);
  } catch {
    return false; // no statfs (or not allowed): the path check above stands
  }
}

/**
 * mkdir -p one level at a time (at most the path's depth), instead of mkdirSync's recursive mode,
 * which loops forever when mkdir fails with ENOENT below a parent that exists.
 */
function makeFolders(dir: string, target: string, flag: string): void {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at) && dirname(at) !== at; at = dirname(at)) missing.unshift(at);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST')
        throw new InputError(flag, target, `cannot be made: mkdir ${folder} failed (${code ?? (error as Error).message})`);
    }
  }
}
