import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { URI, Utils } from 'vscode-uri';
import { parse as parseYaml } from 'yaml';
import { FsWorkspace } from '../cli/fsWorkspace';
import { JournalAnalyses } from '../core/analyses';
import { DEFAULT_CONFIG, type ConfigProblem, type JournalConfig } from '../core/config';
import { CONFIG_FILE_NAMES, parseConfigText } from '../core/configFile';
import { JournalIndex } from '../core/index/journalIndex';
import { resolveFolderConfig } from '../shared/settings';

/** One workspace folder: its configuration, its index and the analyses over it. */
export class FolderState {
  readonly root: URI;
  readonly fsRoot: string;
  config: JournalConfig = DEFAULT_CONFIG;
  configProblems: ConfigProblem[] = [];
  configFile: string | undefined;
  index: JournalIndex;
  analyses: JournalAnalyses;
  indexing = false;
  /** The index version last written to the cache file, and the write in progress (writes run one at a time). */
  savedVersion = -1;
  saving: Promise<void> = Promise.resolve();

  constructor(
    readonly uri: string,
    readonly name: string,
  ) {
    this.root = URI.parse(uri);
    this.fsRoot = this.root.fsPath;
    this.index = new JournalIndex(this.config);
    this.analyses = new JournalAnalyses(this.index);
  }

  /** The folder-relative path (forward slashes) of a URI inside this folder, else undefined. */
  pathOf(uri: string): string | undefined {
    const u = URI.parse(uri);
    if (u.scheme !== this.root.scheme || u.authority !== this.root.authority) return undefined;
    const base = this.root.path.endsWith('/') ? this.root.path : `${this.root.path}/`;
    if (!u.path.startsWith(base)) return undefined;
    return u.path.slice(base.length);
  }

  uriOf(path: string): string {
    return Utils.joinPath(this.root, ...path.split('/')).toString();
  }

  workspace(): FsWorkspace {
    return new FsWorkspace(this.fsRoot, { exclude: this.config.exclude });
  }

  /** Reads the folder's configuration file and merges it with the editor settings. Returns true when the configuration changed. */
  async loadConfig(settings: unknown): Promise<boolean> {
    let fileConfig: unknown;
    let fileName: string | undefined;
    const problems: ConfigProblem[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const text = await readFile(join(this.fsRoot, name), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      fileName = name;
      const parsed = parseConfigText(text, name);
      if (parsed.ok) fileConfig = rawConfig(text, name);
      else problems.push({ key: name, message: `${parsed.message}; using the defaults` });
      break;
    }
    const resolved = resolveFolderConfig(settings, fileConfig, fileName);
    const changed = JSON.stringify(resolved.config) !== JSON.stringify(this.config);
    this.config = resolved.config;
    this.configFile = fileName;
    this.configProblems = [...problems, ...resolved.problems];
    return changed;
  }

  /** A fresh index for the current configuration (the old one is dropped). */
  resetIndex(today?: string): void {
    this.analyses.dispose();
    this.index = new JournalIndex(this.config, today ? { today } : {});
    this.analyses = new JournalAnalyses(this.index);
  }
}

/** The raw object of a configuration file that parsed; validation happens once, in resolveFolderConfig. */
function rawConfig(text: string, name: string): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (name.endsWith('.json')) return source.trim() ? JSON.parse(source) : {};
  return parseYaml(source, { maxAliasCount: 100 }) ?? {};
}
