import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JournalConfig } from '../../core/config';
import type { Diagnostic } from '../../core/diagnostics';
import { isValidIsoDate } from '../../core/schemas';
import type { Workspace } from '../../core/workspace';
import { formatJson } from '../formatters/json';
import { countProblems, type Problem } from '../formatters/problem';
import { formatSarif } from '../formatters/sarif';
import { formatStylish } from '../formatters/stylish';
import { cacheHelp, CACHE_OPTIONS, buildIndex, cacheFile } from '../cache';
import { FsWorkspace } from '../fsWorkspace';
import { EXIT_OK, EXIT_PROBLEMS, PROGRAM, UsageError, displayPath, type CliCommand, type CliIo } from '../io';
import { loadConfig } from '../loadConfig';
import { VERSION } from '../version';

export const FORMATS = ['stylish', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
  paths: string[];
  format: Format;
  config: string | undefined;
  maxWarnings: number | undefined;
  today: string | undefined;
  /** `--cache` / `--cache-location`. */
  cache?: { cache?: boolean; 'cache-location'?: string };
}

/** A workspace whose paths can be turned back into file-system paths for display. */
export interface CheckWorkspace extends Workspace {
  toAbsolute(path: string): string;
}

export type WorkspaceFactory = (root: string, targets: string[], config: JournalConfig) => CheckWorkspace;

const defaultWorkspace: WorkspaceFactory = (root, targets, config) => new FsWorkspace(root, { targets, exclude: config.exclude });

const HELP = `Usage: ${PROGRAM} check [paths...] [options]

Checks Markdown notes. Paths are files or folders (default: the current folder);
folders are searched for *.md files, skipping node_modules, .git and the
configuration's "exclude" patterns.

Options:
  --format <stylish|json|sarif>  Output format (default: stylish)
  --config <file>                Configuration file; its folder is the workspace root.
                                 Default: .experiment-journal.json/.yaml/.yml found in the
                                 first folder argument (or the current folder) or a parent,
                                 up to the repository root
  --max-warnings <n>             Exit with 1 when there are more than n warnings
  --today <YYYY-MM-DD>           The date overdue action items are judged against
                                 (default: today, UTC)
${cacheHelp(33)}
  -h, --help                     Show this help

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many
warnings, 2 usage or configuration error.
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Check notes for problems (stylish, JSON or SARIF output)',
  help: HELP,
  async run(args, io) {
    const options = parseCheckArgs(args);
    if (options === 'help') {
      io.stdout(HELP);
      return EXIT_OK;
    }
    return runCheck(options, io);
  },
};

export function parseCheckArgs(args: string[]): CheckOptions | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      config: { type: 'string', short: 'c' },
      'max-warnings': { type: 'string' },
      today: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...CACHE_OPTIONS,
    },
  });
  if (values.help) return 'help';
  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown --format "${format}"; use one of: ${FORMATS.join(', ')}`);
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings expects a whole number of 0 or more, got "${raw}"`);
    maxWarnings = Number(raw);
  }
  if (values.today !== undefined && !isValidIsoDate(values.today)) {
    throw new UsageError(`--today expects a date written YYYY-MM-DD, got "${values.today}"`);
  }
  return { paths: positionals, format: format as Format, config: values.config, maxWarnings, today: values.today, cache: { cache: values.cache, 'cache-location': values['cache-location'] } };
}

export async function runCheck(options: CheckOptions, io: CliIo, makeWorkspace: WorkspaceFactory = defaultWorkspace): Promise<number> {
  const targets = options.paths.length ? options.paths.map((p) => resolve(io.cwd, p)) : [io.cwd];
  let firstFolder: string | undefined;
  for (const [i, target] of targets.entries()) {
    const info = await stat(target).catch(() => undefined);
    if (!info) throw new UsageError(`no such file or folder: ${options.paths[i] ?? target}`);
    if (info.isDirectory() && firstFolder === undefined) firstFolder = target;
  }
  const { config, root } = await loadConfig(options.config, firstFolder ?? io.cwd, io);
  // The whole journal is indexed so cross-note rules (duplicate ids, unknown lessons, broken links)
  // see every note; only the named targets are reported.
  const targetFiles = await makeWorkspace(root, targets, config).listFiles();
  const workspace = makeWorkspace(root, [root, ...targets], config);
  const unreadable = new Map<string, Diagnostic[]>();
  const index = await buildIndex(
    workspace,
    config,
    {
      today: options.today,
      onRuleError: (rule, error) => io.stderr(`${PROGRAM}: internal error in rule ${rule.code}: ${(error as Error)?.message ?? String(error)}\n`),
      onReadError: (path, error) => unreadable.set(path, readFailure(config, error)),
    },
    cacheFile(options.cache ?? {}, root, io),
    io,
  );
  const files = targetFiles;

  const problems: Problem[] = [];
  for (const path of files) {
    const display = displayPath(relative(io.cwd, workspace.toAbsolute(path)));
    for (const diagnostic of unreadable.get(path) ?? index.diagnosticsFor(path)) problems.push({ file: display, diagnostic });
  }

  if (options.format === 'json') io.stdout(formatJson(problems));
  else if (options.format === 'sarif') io.stdout(formatSarif(problems, { version: VERSION }));
  else io.stdout(formatStylish(problems, { color: io.stdoutIsTTY && !io.env.NO_COLOR, filesChecked: files.length }));

  const counts = countProblems(problems);
  if (counts.errors > 0) return EXIT_PROBLEMS;
  if (options.maxWarnings !== undefined && counts.warnings > options.maxWarnings) {
    io.stderr(`${PROGRAM}: ${counts.warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}

/** A file that vanished or cannot be read is reported as `file-skipped`, never thrown. */
function readFailure(config: JournalConfig, error: unknown): Diagnostic[] {
  if (error === undefined) return skipped(config, 'skipped: the file was deleted or moved while it was being checked', 'vanished');
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return skipped(config, `skipped: the file could not be read (${code})`, 'unreadable');
}

function skipped(config: JournalConfig, message: string, reason: string): Diagnostic[] {
  const severity = config.rules['file-skipped'] ?? 'warning';
  if (severity === 'off') return [];
  return [{ code: 'file-skipped', severity, message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, data: { reason } }];
}
