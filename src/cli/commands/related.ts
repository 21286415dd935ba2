import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RelatedFailures } from '../../core/analyses';
import { EXIT_OK, PROGRAM, UsageError, displayPath, type CliCommand } from '../io';
import { cacheHelp, CACHE_OPTIONS } from '../cache';
import { openJournal } from '../journal';

const HELP = `Usage: ${PROGRAM} related <file> [options]

Lists the earlier failures (failed experiments and post-mortems) most like the
note in <file>, ranked, each with its score and the reasons (same failure mode,
shared tags, an explicit link, shared terms in root cause, hypothesis, approach).

Options:
  --limit <n>              How many to list (default: 10)
  --format <text|json>     Output format (default: text); JSON is documented in docs/cli.md
  --config <file>          Configuration file (default: found from the file's folder upwards)
${cacheHelp(27)}
  -h, --help               Show this help

Exit codes: 0 listed (possibly none), 2 usage or configuration error (including a
file that is not a note of the journal).
`;

export const relatedCommand: CliCommand = {
  name: 'related',
  summary: 'List the earlier failures most like a note, with scores and reasons',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        limit: { type: 'string', short: 'n' },
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        ...CACHE_OPTIONS,
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError('related takes exactly one note file');
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format "${format}"; use one of: text, json`);
    const limit = values.limit === undefined ? 10 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit expects a whole number of 1 or more, got "${values.limit}"`);
    const file = resolve(io.cwd, positionals[0]!);
    const journal = await openJournal(file, values.config, undefined, io, values);
    const path = displayPath(relative(journal.root, file));
    const note = journal.index.note(path);
    if (!note) throw new UsageError(`${positionals[0]} is not a note of the journal at ${displayPath(relative(io.cwd, journal.root))} (no front matter type and not in a notes folder)`);
    const related = new RelatedFailures(journal.index);
    const results = related.find(path, limit).map((r) => ({
      file: journal.display(r.path),
      noteId: r.noteId ?? null,
      title: r.title ?? null,
      date: r.date ?? null,
      type: r.type ?? null,
      failureMode: r.failureMode ?? null,
      score: r.score,
      reasons: r.reasons,
    }));
    related.dispose();
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ file: journal.display(path), noteId: note.id ?? null, related: results }, null, 2)}\n`);
      return EXIT_OK;
    }
    if (results.length === 0) {
      io.stdout(`No earlier failures like ${note.id ?? path}.\n`);
      return EXIT_OK;
    }
    io.stdout(`Earlier failures most like ${note.id ?? path}${note.title ? ` (${note.title})` : ''}:\n\n`);
    results.forEach((r, i) => {
      io.stdout(`${String(i + 1).padStart(2)}. ${r.score.toFixed(2)}  ${r.noteId ?? '(no id)'}  ${r.title ?? ''}  [${[r.date, r.failureMode].filter(Boolean).join(', ')}]\n`);
      io.stdout(`      ${r.file}\n`);
      for (const reason of r.reasons) io.stdout(`      - ${reason}\n`);
    });
    return EXIT_OK;
  },
};
