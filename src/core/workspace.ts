/**
 * What a host hands the core: a way to list and read files. The CLI backs it with the file system, the
 * language server with open documents over the file system, tests with a Map.
 */
export interface Workspace {
  /** Workspace-relative paths (forward slashes) of the Markdown files that may be notes. */
  listFiles(): Promise<string[]>;
  /** The file's bytes, or undefined if it vanished since it was listed. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Size and modification time, for caches; undefined if the file is gone. Optional. */
  stat?(path: string): Promise<{ size: number; mtimeMs: number } | undefined>;
}

/** An in-memory workspace, for tests and for hosts that already hold the texts. */
export class MemoryWorkspace implements Workspace {
  readonly files = new Map<string, Uint8Array>();
  private readonly encoder = new TextEncoder();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.set(path, content);
  }

  set(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? this.encoder.encode(content) : content);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  async listFiles(): Promise<string[]> {
    return [...this.files.keys()].filter((p) => p.toLowerCase().endsWith('.md')).sort();
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    return this.files.get(path);
  }
}
