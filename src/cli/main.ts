#!/usr/bin/env node
// The `actlab` executable: the CLI on the real process streams.
import { runCli } from './program.js';

// A reader that stops early (`actlab compare --json | head`) closes the pipe: that is not an
// error, so end quietly with exit 0 instead of dying on EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  interactive: process.stderr.isTTY === true,
});
