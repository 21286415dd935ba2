import { webcrypto } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { idPrefixFor, newNoteId } from '../../core/ids';
import { isValidIsoDate } from '../../core/schemas';
import { noteFileName, renderNoteTemplate } from '../../core/templates';
import { EXIT_OK, PROGRAM, UsageError, displayPath, type CliCommand } from '../io';
import { loadConfig } from '../loadConfig';

const HELP = `Usage: ${PROGRAM} new <type> --title "<title>" [options]

Creates a note from the template with a fresh id and prints its path.
<type> is experiment, postmortem or a note type from the configuration.

Options:
  --title <text>      The note's title (required)
  --dir <folder>      Folder to create the note in (default: the type's "folder"
                      setting under the workspace root: experiments/, postmortems/)
  --tags <a,b,...>    Comma-separated tags
  --hypothesis <text> Text for the Hypothesis section (experiments)
  --date <YYYY-MM-DD> The note's date (default: today, UTC)
  --config <file>     Configuration file; its folder is the workspace root
  -h, --help          Show this help

The file is named <date>-<slug of the title>.md. An existing file is never
overwritten: the name gets -2, -3, ... instead.
`;

/** Gives up after this many taken names rather than loop forever on a broken file system. */
const MAX_SUFFIX = 1000;

export const newCommand: CliCommand = {
  name: 'new',
  summary: 'Create an experiment or post-mortem note from the template',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        title: { type: 'string', short: 't' },
        dir: { type: 'string', short: 'd' },
        tags: { type: 'string' },
        hypothesis: { type: 'string' },
        date: { type: 'string' },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    const [type, ...extra] = positionals;
    if (type === undefined) throw new UsageError('say which kind of note to create: new experiment --title "..." or new postmortem --title "..."');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}" (quote a title with spaces: --title "My title")`);
    const title = values.title?.trim();
    if (!title) throw new UsageError('--title is required and must not be empty');
    const date = values.date ?? new Date().toISOString().slice(0, 10);
    if (!isValidIsoDate(date)) throw new UsageError(`--date expects a date written YYYY-MM-DD, got "${date}"`);

    const { config, root } = await loadConfig(values.config, io.cwd, io);
    const noteType = config.noteTypes[type];
    if (!noteType) throw new UsageError(`unknown note type "${type}"; known: ${Object.keys(config.noteTypes).join(', ')}`);

    const folder = values.dir !== undefined ? resolve(io.cwd, values.dir) : resolve(root, noteType.folder ?? type);
    const tags = values.tags?.split(',').map((t) => t.trim()).filter(Boolean) ?? [];
    const id = newNoteId(idPrefixFor(type, noteType.idPrefix), date, (n) => webcrypto.getRandomValues(new Uint8Array(n)));
    const text = renderNoteTemplate(type, { id, title, date, tags, hypothesis: values.hypothesis }, config);

    await mkdir(folder, { recursive: true });
    const path = await writeExclusive(folder, (suffix) => noteFileName(date, title, suffix), text);
    io.stdout(`${displayPath(relative(io.cwd, path))}\n`);
    return EXIT_OK;
  },
};

/**
 * Creates the file with exclusive create (`wx`), so an existing note is never overwritten even if it
 * appears between a check and the write; a taken name gets the next suffix. Every candidate is checked
 * to lie directly inside `folder` before it is opened.
 */
export async function writeExclusive(folder: string, nameFor: (suffix: number) => string, text: string): Promise<string> {
  for (let suffix = 1; suffix <= MAX_SUFFIX; suffix++) {
    const name = nameFor(suffix);
    const path = join(folder, name);
    const rel = relative(folder, path);
    if (rel !== name || isAbsolute(rel) || rel.startsWith('..')) throw new Error(`refusing to write outside ${folder}: ${name}`);
    let handle;
    try {
      handle = await open(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new UsageError(`cannot create ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      await handle.writeFile(text, 'utf8');
    } finally {
      await handle.close();
    }
    return path;
  }
  throw new UsageError(`${MAX_SUFFIX} notes with this name already exist in ${folder}; choose another title`);
}
