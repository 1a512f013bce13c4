// Child processes for the tests: every one with a timeout, its output captured, and a failure
// to run (or a timeout) reported with the command and what it printed.
import { execFile } from 'node:child_process';

export interface Ran {
  /** Exit code (0 when it succeeded). */
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time, ms. */
  ms: number;
}

export interface RunOptions {
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command; resolves whatever its exit code, rejects only when it could not run or timed out. */
export function runProcess(command: string, args: readonly string[], { cwd, timeoutMs, env }: RunOptions): Promise<Ran> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { cwd, timeout: timeoutMs, maxBuffer: 64 << 20, env }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
      if (failure && typeof failure.code !== 'number') {
        const why = failure.killed ? `timed out after ${timeoutMs / 1000} s` : failure.message;
        reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) ${why}\n${stderr}`));
      } else {
        resolve({ code: typeof failure?.code === 'number' ? failure.code : 0, stdout, stderr, ms: performance.now() - started });
      }
    });
  });
}

/** As runProcess(), but a non-zero exit is an error that carries the command's output. */
export async function runProcessOk(command: string, args: readonly string[], options: RunOptions): Promise<Ran> {
  const ran = await runProcess(command, args, options);
  if (ran.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited with ${ran.code}\n${ran.stderr}${ran.stdout.slice(-2000)}`);
  }
  return ran;
}
