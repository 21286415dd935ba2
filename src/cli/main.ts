// Entry point of the `experiment-journal` program (bundled to dist/cli.js). Everything else is in run.ts.
import { EXIT_USAGE, PROGRAM } from './io';
import { runCli } from './run';

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${PROGRAM}: internal error: ${String(error)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
