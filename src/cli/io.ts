/**
 * What a command needs from the process. `main.ts` backs it with the real process; tests hand in
 * buffers, so commands run in-process without spawning.
 */
export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal (colours are used only then, and never with NO_COLOR). */
  stdoutIsTTY: boolean;
}

/** Exit codes, documented in docs/cli.md. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** A usage or configuration error: printed to stderr, exit code 2. */
export class UsageError extends Error {}

export interface CliCommand {
  name: string;
  /** One line for the global help. */
  summary: string;
  /** Full help text of the command (`experiment-journal <name> --help`). */
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const PROGRAM = 'experiment-journal';

/** Display form of a path relative to a folder: forward slashes, `.` for the folder itself. */
export function displayPath(relative: string): string {
  return relative.split('\\').join('/') || '.';
}
