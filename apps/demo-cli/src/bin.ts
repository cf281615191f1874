#!/usr/bin/env -S node --import tsx
/**
 * Entry point of the `switchboard` command. Kept free of logic so that `main` can be
 * driven in-process; it only wires the real process in and sets the exit code.
 */
import { main } from './cli/main.js';

// A reader that goes away early (`| head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// exitCode rather than exit(): stdout may still be draining into a pipe.
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
