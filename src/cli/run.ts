import { checkCommand } from './commands/check';
import { newCommand } from './commands/new';
import { relatedCommand } from './commands/related';
import { reportCommand } from './commands/report';
import { EXIT_OK, EXIT_USAGE, PROGRAM, UsageError, type CliCommand, type CliIo } from './io';
import { VERSION } from './version';

/** The subcommands. */
export const COMMANDS: readonly CliCommand[] = [checkCommand, reportCommand, relatedCommand, newCommand];

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: ${PROGRAM} <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Options:
  -h, --help     Show help (also: ${PROGRAM} <command> --help)
  -v, --version  Show the version

Exit codes: 0 success, 1 problems found, 2 usage or configuration error.
Docs: docs/cli.md
`;
}

/** Runs the CLI and returns the exit code. Never throws: usage errors exit 2 with a message. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(globalHelp());
    return EXIT_USAGE;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const command = topic ? COMMANDS.find((c) => c.name === topic) : undefined;
    if (topic && !command) return usageError(io, `unknown command "${topic}"`);
    io.stdout(command ? command.help : globalHelp());
    return EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    const hint = first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`;
    return usageError(io, `${hint}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) return usageError(io, error.message, command);
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return usageError(io, (error as Error).message, command);
    io.stderr(`${PROGRAM}: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_USAGE;
  }
}

function usageError(io: CliIo, message: string, command?: CliCommand): number {
  io.stderr(`${PROGRAM}: ${message}\nRun "${PROGRAM} ${command ? `${command.name} ` : ''}--help" for usage.\n`);
  return EXIT_USAGE;
}
