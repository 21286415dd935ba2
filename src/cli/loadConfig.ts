import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { resolveConfig, type JournalConfig } from '../core/config';
import { CONFIG_FILE_NAMES, parseConfigText } from '../core/configFile';
import { exists } from './fsWorkspace';
import { displayPath, PROGRAM, UsageError, type CliIo } from './io';

export interface LoadedConfig {
  config: JournalConfig;
  /** The workspace root: folder globs and note folders are relative to it. */
  root: string;
  /** The configuration file used, if any (absolute). */
  file: string | undefined;
}

/**
 * Finds the configuration file: in `start`, then in each parent folder, stopping after the folder that
 * holds `.git` (the repository root) or at the file-system root.
 */
export async function findConfigFile(start: string): Promise<string | undefined> {
  let folder = resolve(start);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(folder, name);
      if (await exists(candidate)) return candidate;
    }
    const parent = dirname(folder);
    if (parent === folder || (await exists(join(folder, '.git')))) return undefined;
    folder = parent;
  }
}

/**
 * Loads the configuration and fixes the workspace root. With `--config FILE` the root is FILE's folder;
 * otherwise a discovered configuration file's folder; otherwise `start`. A file that cannot be read or
 * parsed is a UsageError (exit 2); invalid settings are printed to stderr, naming the key, and fall back
 * to their defaults.
 */
export async function loadConfig(configFlag: string | undefined, start: string, io: CliIo): Promise<LoadedConfig> {
  const file = configFlag !== undefined ? resolve(io.cwd, configFlag) : await findConfigFile(start);
  if (file === undefined) return { config: resolveConfig(undefined).config, root: resolve(start), file: undefined };
  const shown = displayPath(relative(io.cwd, file));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read the configuration file ${shown}${code ? ` (${code})` : ''}`);
  }
  const parsed = parseConfigText(text, file);
  if (!parsed.ok) throw new UsageError(`the configuration file ${shown} is ${parsed.message}`);
  for (const problem of parsed.problems) {
    io.stderr(`${PROGRAM}: ${shown}: invalid setting "${problem.key}": ${problem.message}\n`);
  }
  return { config: parsed.config, root: dirname(file), file };
}
