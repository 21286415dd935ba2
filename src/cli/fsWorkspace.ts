import { lstat, readFile, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Workspace } from '../core/workspace';

export interface FsWorkspaceOptions {
  /**
   * Files and folders to list (absolute, or relative to the root). Folders are walked for `*.md`; a file
   * named here is listed whatever its extension. Default: the root.
   */
  targets?: string[];
  /** Glob patterns, relative to the root, of files never listed (the configuration's `exclude`). */
  exclude?: string[];
}

/** Folders never walked into, whatever the configuration says. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * The file system as a Workspace. Paths handed out and taken back are relative to `root` with forward
 * slashes; a file outside the root (named explicitly) gets a `../` path. Symbolic links to files are
 * followed; symbolic links to folders are not walked (no cycles, no escaping the tree).
 */
export class FsWorkspace implements Workspace {
  readonly root: string;
  private readonly targets: string[];
  private readonly isExcluded: (path: string) => boolean;

  constructor(root: string, options: FsWorkspaceOptions = {}) {
    this.root = resolve(root);
    this.targets = (options.targets?.length ? options.targets : [this.root]).map((t) => resolve(this.root, t));
    const exclude = options.exclude ?? [];
    this.isExcluded = exclude.length ? picomatch(exclude, { dot: true }) : () => false;
  }

  toRelative(absolute: string): string {
    return relative(this.root, absolute).split(sep).join('/');
  }

  toAbsolute(path: string): string {
    return isAbsolute(path) ? path : resolve(this.root, ...path.split('/'));
  }

  async listFiles(): Promise<string[]> {
    const found = new Set<string>();
    for (const target of this.targets) {
      const info = await stat(target).catch(() => undefined);
      if (!info) continue;
      if (info.isDirectory()) await this.walk(target, found);
      else if (info.isFile()) this.add(target, found);
    }
    return [...found].sort();
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.toAbsolute(path));
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  async stat(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
    try {
      const s = await stat(this.toAbsolute(path));
      return { size: s.size, mtimeMs: s.mtimeMs };
    } catch (error) {
      if (isGone(error)) return undefined;
      throw error;
    }
  }

  private add(absolute: string, found: Set<string>): void {
    const rel = this.toRelative(absolute);
    if (!this.isExcluded(rel)) found.add(rel);
  }

  private async walk(folder: string, found: Set<string>): Promise<void> {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) await this.walk(full, found);
      } else if (entry.name.toLowerCase().endsWith('.md')) {
        if (entry.isFile()) this.add(full, found);
        else if (entry.isSymbolicLink()) {
          const target = await stat(full).catch(() => undefined);
          if (target?.isFile()) this.add(full, found);
        }
      }
    }
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** True when the path exists (without following a final symbolic link). */
export async function exists(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}
