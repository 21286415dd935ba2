import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { JournalAnalyses } from '../../core/analyses';
import { buildReport, formatReportMarkdown, formatReportText } from '../formatters/report';
import { EXIT_OK, PROGRAM, UsageError, type CliCommand } from '../io';
import { cacheHelp, CACHE_OPTIONS } from '../cache';
import { openJournal } from '../journal';

const FORMATS = ['text', 'json', 'markdown'] as const;

const HELP = `Usage: ${PROGRAM} report [dir] [options]

Reports what the journal has learned: lessons never applied (oldest first),
repeat failures (wasteful ones marked "despite L-…"), open and overdue action
items, and the learning metrics, overall and per month.

Options:
  --format <text|json|markdown>  Output format (default: text); JSON is documented in docs/cli.md
  --config <file>                Configuration file (default: found from dir upwards)
  --today <YYYY-MM-DD>           The date ages and overdue items are judged against (default: today, UTC)
${cacheHelp(33)}
  -h, --help                     Show this help

Exit codes: 0 report printed, 2 usage or configuration error.
`;

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Report never-applied lessons, repeat failures, action items and learning metrics',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        today: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...CACHE_OPTIONS,
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    const format = values.format ?? 'text';
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown --format "${format}"; use one of: ${FORMATS.join(', ')}`);
    if (positionals.length > 1) throw new UsageError('report takes one folder');
    const journal = await openJournal(resolve(io.cwd, positionals[0] ?? '.'), values.config, values.today, io, values);
    const analyses = new JournalAnalyses(journal.index);
    const report = buildReport(journal, analyses);
    if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (format === 'markdown') io.stdout(formatReportMarkdown(report));
    else io.stdout(formatReportText(report, { color: io.stdoutIsTTY && !io.env.NO_COLOR }));
    analyses.dispose();
    return EXIT_OK;
  },
};
