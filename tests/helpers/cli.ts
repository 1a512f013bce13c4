// The CLI in-process, as the tests call it: argv in, exit code and both streams out.
import { runCli } from '../../src/cli/program.js';

export async function runCliCaptured(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}
