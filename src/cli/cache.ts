import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { JournalConfig } from '../core/config';
import { JournalIndex, type BuildOptions, type IndexOptions } from '../core/index/journalIndex';
import type { Workspace } from '../core/workspace';
import { readIndexCache, snapshotStillCurrent, writeIndexCache } from './indexCache';
import { PROGRAM, displayPath, type CliIo } from './io';
import { VERSION } from './version';

/** `--cache` and `--cache-location`, shared by every command that indexes the journal. */
export const CACHE_OPTIONS = {
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
} as const;

/** Help lines for the cache options, descriptions starting at `column` like the command's other options. */
export function cacheHelp(column: number): string {
  const line = (flag: string, text: string[]) => [`  ${flag}`.padEnd(column) + text[0], ...text.slice(1).map((t) => ' '.repeat(column) + t)].join('\n');
  return [
    line('--cache', ['Keep the index in a cache file and use it next time: notes', 'whose size and modification time did not change are not read', 'again (default file: .experiment-journal-cache/index in the root)']),
    line('--cache-location <file>', ['The cache file (implies --cache)']),
  ].join('\n');
}

/** The cache file to use, or undefined without --cache. */
export function cacheFile(values: { cache?: boolean; 'cache-location'?: string }, root: string, io: CliIo): string | undefined {
  if (values['cache-location'] !== undefined) return resolve(io.cwd, values['cache-location']);
  return values.cache ? join(root, DEFAULT_FOLDER, DEFAULT_FILE) : undefined;
}

const DEFAULT_FOLDER = '.experiment-journal-cache';
const DEFAULT_FILE = 'index';

/** Only this build of the CLI trusts its own cache files. */
const CACHE_OWNER = `${PROGRAM} ${VERSION}`;

/**
 * Builds the index, from the cache file when there is one: unchanged notes are taken from it, the
 * others read. The cache is rewritten when anything was read or dropped. A cache that cannot be used
 * is ignored (with a note on stderr when it is damaged, silently when missing or from another
 * version); one that cannot be written is reported on stderr and changes nothing else.
 */
export async function buildIndex(workspace: Workspace, config: JournalConfig, options: BuildOptions & IndexOptions, file: string | undefined, io: CliIo): Promise<JournalIndex> {
  if (!file) return JournalIndex.build(workspace, config, options);
  const shown = displayPath(relative(io.cwd, file));
  const read = await readIndexCache(file, CACHE_OWNER);
  if (!read.snapshot && read.reason === 'damaged') io.stderr(`${PROGRAM}: ignoring the cache ${shown} (${read.detail ?? 'damaged'}); it is rebuilt\n`);
  const index = new JournalIndex(config, options);
  const stats = await index.addFromWorkspace(workspace, { ...options, snapshot: read.snapshot });
  if (!snapshotStillCurrent(read.snapshot, stats)) {
    await ignoredByGit(file);
    await writeIndexCache(file, CACHE_OWNER, index.snapshot()).catch((error: unknown) => {
      io.stderr(`${PROGRAM}: could not write the cache ${shown}: ${(error as Error)?.message ?? String(error)}\n`);
    });
  }
  return index;
}

/** The default cache folder says to git that it is not part of the journal (as pytest's does); an existing file is left alone. */
async function ignoredByGit(file: string): Promise<void> {
  if (!file.endsWith(join(DEFAULT_FOLDER, DEFAULT_FILE))) return;
  const folder = dirname(file);
  await mkdir(folder, { recursive: true }).catch(() => undefined);
  await writeFile(join(folder, '.gitignore'), '# Written by experiment-journal --cache: the whole folder is a cache.\n*\n', { flag: 'wx' }).catch(() => undefined);
}
