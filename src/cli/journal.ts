import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { JournalConfig } from '../core/config';
import type { JournalIndex } from '../core/index/journalIndex';
import { isValidIsoDate } from '../core/schemas';
import { buildIndex, cacheFile } from './cache';
import { FsWorkspace } from './fsWorkspace';
import { PROGRAM, UsageError, displayPath, type CliIo } from './io';
import { loadConfig } from './loadConfig';

export interface OpenJournal {
  root: string;
  config: JournalConfig;
  index: JournalIndex;
  workspace: FsWorkspace;
  /** A journal path as shown to the user: relative to the current folder. */
  display(path: string): string;
}

/** Finds the configuration from `start`, indexes the whole journal under its root. Used by `report` and `related`. */
export async function openJournal(start: string, configFlag: string | undefined, today: string | undefined, io: CliIo, cache: { cache?: boolean; 'cache-location'?: string } = {}): Promise<OpenJournal> {
  if (today !== undefined && !isValidIsoDate(today)) throw new UsageError(`--today expects a date written YYYY-MM-DD, got "${today}"`);
  const info = await stat(start).catch(() => undefined);
  if (!info) throw new UsageError(`no such file or folder: ${relative(io.cwd, start) || start}`);
  const { config, root } = await loadConfig(configFlag, info.isDirectory() ? start : resolve(start, '..'), io);
  const workspace = new FsWorkspace(root, { exclude: config.exclude });
  const index = await buildIndex(
    workspace,
    config,
    {
      today,
      onRuleError: (rule, error) => io.stderr(`${PROGRAM}: internal error in rule ${rule.code}: ${(error as Error)?.message ?? String(error)}\n`),
    },
    cacheFile(cache, root, io),
    io,
  );
  return { root, config, index, workspace, display: (path) => displayPath(relative(io.cwd, workspace.toAbsolute(path))) };
}
