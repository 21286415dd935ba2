import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageRequest,
  TextDocuments,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type FileEvent,
  type InitializeParams,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { JournalConfig } from '../core/config';
import { checkFileBytes } from '../core/check';
import { CONFIG_FILE_NAMES } from '../core/configFile';
import type { Diagnostic } from '../core/diagnostics';
import type { StoredNote } from '../core/index/storedNote';
import { lintNote } from '../core/lint';
import type { ParsedNote } from '../core/note';
import { parseNote } from '../core/parse';
import { DEFAULT_CONFIG } from '../core/config';
import type { BuildStats } from '../core/index/journalIndex';
import { readIndexCache, snapshotStillCurrent, writeIndexCache } from '../cli/indexCache';
import { VERSION } from '../cli/version';
import { IndexChangedNotification, type IndexStatus } from '../shared/protocol';
import { SETTINGS_SECTION } from '../shared/settings';
import { TRACE, traceMark } from './editTrace';
import { FolderState } from './folderState';
import { formatError, runSafeVoid, type Logger } from './runner';

/** Only this build of the server trusts its own cache files. */
const CACHE_OWNER = `experiment-journal-server ${VERSION}`;

/** Where a document lives: its folder and folder-relative path, or neither for a loose file. */
export interface Located {
  folder: FolderState | undefined;
  path: string;
  uri: string;
}

/** The server's state: workspace folders with their indexes, open documents, published diagnostics. */
export class JournalServer {
  readonly documents = new TextDocuments(TextDocument);
  folders: FolderState[] = [];
  private readonly published = new Map<string, number>();
  private readonly pendingValidation = new Map<string, { timer?: NodeJS.Timeout; immediate?: NodeJS.Immediate }>();
  private readonly lastValidation = new Map<string, number>();
  private pendingFileEvents: FileEvent[] = [];
  private fileEventTimer: NodeJS.Timeout | undefined;
  private indexChangedTimer: NodeJS.Timeout | undefined;
  private lastIndexChanged = 0;
  private supportsProgress = false;
  private supportsWatcherRegistration = false;
  private supportsConfiguration = false;
  supportsWorkspaceFolders = false;
  /** For loose files (outside every folder): the last parse, for features. */
  private readonly looseNotes = new Map<string, ParsedNote>();
  /** Coalesces edits: a document is validated at once, then at most once per this many ms while typing. */
  debounceMs = 100;
  today: string | undefined;
  /** Where the index is persisted between sessions (the client's workspace storage); none when undefined. */
  cacheFolder: string | undefined;
  /** Settles when the first indexing of every folder is done. */
  ready: Promise<void> = Promise.resolve();

  constructor(
    readonly connection: Connection,
    readonly logger: Logger,
  ) {}

  initialize(params: InitializeParams): void {
    const caps = params.capabilities;
    this.supportsProgress = !!caps.window?.workDoneProgress;
    this.supportsWatcherRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.supportsConfiguration = !!caps.workspace?.configuration;
    this.supportsWorkspaceFolders = !!caps.workspace?.workspaceFolders;
    const options = (params.initializationOptions ?? {}) as { today?: string; debounceMs?: number; cacheFolder?: string };
    if (typeof options.today === 'string') this.today = options.today;
    if (typeof options.cacheFolder === 'string' && options.cacheFolder) this.cacheFolder = options.cacheFolder;
    if (typeof options.debounceMs === 'number') this.debounceMs = options.debounceMs;
    const folders: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    this.folders = folders.map((f) => new FolderState(f.uri, f.name));
  }

  async initialized(): Promise<void> {
    // `ready` is set before the first await: a didChangeConfiguration that arrives meanwhile (VS Code sends one
    // at start) must wait for the first index, not index the folder concurrently with it.
    this.ready = (async () => {
      if (this.supportsWatcherRegistration) {
        await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.md' }, ...CONFIG_FILE_NAMES.map((n) => ({ globPattern: `**/${n}` }))],
        });
      }
      await this.reindexAll();
    })();
    await this.ready;
  }

  // ---- folders and configuration -------------------------------------------------------------

  async changeFolders(added: WorkspaceFolder[], removed: WorkspaceFolder[]): Promise<void> {
    for (const r of removed) {
      const folder = this.folders.find((f) => f.uri === r.uri);
      if (!folder) continue;
      this.folders = this.folders.filter((f) => f !== folder);
      for (const path of folder.index.paths()) this.clearDiagnostics(folder.uriOf(path));
      folder.analyses.dispose();
    }
    const fresh = added.map((a) => new FolderState(a.uri, a.name));
    this.folders.push(...fresh);
    await Promise.all(fresh.map((f) => this.indexFolder(f)));
    this.notifyIndexChanged(true);
  }

  private async settingsFor(folder: FolderState): Promise<unknown> {
    if (!this.supportsConfiguration) return undefined;
    try {
      return await this.connection.workspace.getConfiguration({ scopeUri: folder.uri, section: SETTINGS_SECTION });
    } catch (error) {
      this.logger.warn(`Could not read settings for ${folder.name}: ${formatError(error)}`);
      return undefined;
    }
  }

  /** Settings or a configuration file changed: re-read the configuration and re-check folders whose configuration changed. */
  async configurationChanged(): Promise<void> {
    await this.ready;
    const changed: FolderState[] = [];
    for (const folder of this.folders) if (await folder.loadConfig(await this.settingsFor(folder))) changed.push(folder);
    this.reportConfigProblems();
    if (changed.length === 0) return;
    this.ready = Promise.all(changed.map((f) => this.indexFolder(f, false))).then(() => undefined);
    await this.ready;
    this.notifyIndexChanged(true);
  }

  private reportConfigProblems(): void {
    for (const folder of this.folders) {
      if (folder.configProblems.length === 0) continue;
      const text = folder.configProblems.map((p) => `${p.key}: ${p.message}`).join('; ');
      this.logger.warn(`Configuration of ${folder.name}: ${text}`);
      // A client that cannot show messages rejects the request; the warning is in the log already.
      this.connection
        .sendRequest(ShowMessageRequest.type, { type: MessageType.Warning, message: `Experiment Journal configuration (${folder.name}): ${text}` })
        .catch(() => undefined);
    }
  }

  async reindexAll(): Promise<void> {
    for (const folder of this.folders) await folder.loadConfig(await this.settingsFor(folder));
    this.reportConfigProblems();
    await Promise.all(this.folders.map((f) => this.indexFolder(f, false)));
    this.notifyIndexChanged(true);
  }

  /** Indexes a folder from disk, with work-done progress, then lays open documents over it and publishes. */
  private async indexFolder(folder: FolderState, loadConfig = true): Promise<void> {
    if (loadConfig) await folder.loadConfig(await this.settingsFor(folder));
    const previous = [...folder.index.paths()];
    folder.resetIndex(this.today);
    folder.indexing = true;
    const progress = this.supportsProgress ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    progress?.begin('Indexing journal', 0, 'listing files…', false);
    let lastReport = 0;
    const started = Date.now();
    const cache = this.cacheFileOf(folder);
    const cached = cache ? await readIndexCache(cache, CACHE_OWNER) : undefined;
    if (cached && !cached.snapshot && cached.reason === 'damaged') this.logger.warn(`Ignoring the index cache of ${folder.name} (${cached.detail ?? 'damaged'}); it is rebuilt.`);
    let stats: BuildStats | undefined;
    try {
      stats = await folder.index.addFromWorkspace(folder.workspace(), {
        snapshot: cached?.snapshot,
        onProgress: (done, total) => {
          const now = Date.now();
          if (progress && (now - lastReport > 100 || done === total)) {
            lastReport = now;
            progress.report(total ? Math.floor((done / total) * 100) : 100, `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`);
          }
        },
      });
    } catch (error) {
      this.logger.error(`Indexing ${folder.name} failed: ${formatError(error)}`);
    } finally {
      folder.indexing = false;
      progress?.done();
    }
    for (const doc of this.documents.all()) {
      const path = folder.pathOf(doc.uri);
      if (path !== undefined && isMarkdown(path)) folder.index.update(path, doc.getText());
    }
    const size = folder.index.size;
    const fromCache = cached?.snapshot && stats ? ` (${stats.reused.toLocaleString('en-US')} unchanged, from the cache)` : '';
    this.logger.info(`Indexed ${size.toLocaleString('en-US')} files of ${folder.name} in ${Date.now() - started} ms${fromCache}.`);
    // Saved when anything was read: the next start then reads only the notes changed in between.
    if (cache && !snapshotStillCurrent(cached?.snapshot, stats)) void this.saveCache(folder);
    else folder.savedVersion = folder.index.version;
    for (const path of previous) if (!folder.index.has(path)) this.clearDiagnostics(folder.uriOf(path));
    this.publish(folder, folder.index.paths());
  }

  // ---- the persisted index ---------------------------------------------------------------------

  /** One cache file per workspace folder in the client's storage for this workspace (none without it). */
  private cacheFileOf(folder: FolderState): string | undefined {
    if (!this.cacheFolder) return undefined;
    return join(this.cacheFolder, `index-${createHash('sha256').update(folder.uri).digest('hex').slice(0, 16)}`);
  }

  /** Writes the folder's index to its cache file, one write at a time; a failure is logged, nothing else. */
  saveCache(folder: FolderState): Promise<void> {
    const file = this.cacheFileOf(folder);
    if (!file) return Promise.resolve();
    const version = folder.index.version;
    const index = folder.index;
    folder.saving = folder.saving.then(async () => {
      if (folder.index !== index) return; // re-indexed meanwhile: that indexing saves its own
      const started = Date.now();
      try {
        await writeIndexCache(file, CACHE_OWNER, index.snapshot());
        folder.savedVersion = version;
        this.logger.info(`Saved the index cache of ${folder.name} in ${Date.now() - started} ms.`);
      } catch (error) {
        this.logger.warn(`Could not save the index cache of ${folder.name}: ${formatError(error)}`);
      }
    });
    return folder.saving;
  }

  /** On shutdown: folders whose index changed since it was saved (files changed on disk while open) save again. */
  async saveChangedCaches(): Promise<void> {
    await Promise.all(this.folders.filter((f) => !f.indexing && f.savedVersion !== f.index.version).map((f) => this.saveCache(f)));
  }

  // ---- locating documents ----------------------------------------------------------------------

  locate(uri: string): Located {
    let best: FolderState | undefined;
    let bestPath: string | undefined;
    for (const folder of this.folders) {
      const path = folder.pathOf(uri);
      if (path !== undefined && (bestPath === undefined || path.length < bestPath.length)) {
        best = folder;
        bestPath = path;
      }
    }
    return { folder: best, path: bestPath ?? URI.parse(uri).path.split('/').pop() ?? uri, uri };
  }

  /** The indexed facts of a note, for open and closed notes alike. */
  storedNote(uri: string): { folder: FolderState; path: string; note: StoredNote } | undefined {
    const { folder, path } = this.locate(uri);
    const note = folder?.index.note(path);
    return folder && note ? { folder, path, note } : undefined;
  }

  configFor(uri: string): JournalConfig {
    return this.locate(uri).folder?.config ?? DEFAULT_CONFIG;
  }

  /** Parses an open document (features that need the text itself: completion, code actions). */
  parseOpen(doc: TextDocument): ParsedNote {
    const { folder, path } = this.locate(doc.uri);
    return parseNote(path, doc.getText(), folder?.config ?? DEFAULT_CONFIG);
  }

  // ---- open documents ------------------------------------------------------------------------

  /**
   * Adaptive scheduling: a change that finds the document idle (not validated in the last `debounceMs`) is
   * validated on the next turn of the event loop — `setImmediate`, not a 0 ms timer, which Node rounds up
   * to ~1 ms — so a keystroke costs only its own validation. Changes that come faster than that are
   * coalesced: one run at `debounceMs` after the previous one, which reads the latest text.
   */
  documentChanged(doc: TextDocument): void {
    if (!isMarkdown(URI.parse(doc.uri).path)) return;
    const uri = doc.uri;
    if (TRACE) traceMark(uri, doc.version, 'recv');
    if (this.pendingValidation.has(uri)) return; // a run is already scheduled and will read the latest text
    const last = this.lastValidation.get(uri) ?? -Infinity;
    const wait = last + this.debounceMs - Date.now();
    const run = () => {
      if (TRACE) traceMark(uri, this.documents.get(uri)?.version, 'fire');
      this.pendingValidation.delete(uri);
      this.lastValidation.set(uri, Date.now());
      runSafeVoid(this.logger, 'validate', () => this.validateOpen(uri));
    };
    this.pendingValidation.set(uri, wait > 0 ? { timer: setTimeout(run, wait) } : { immediate: setImmediate(run) });
  }

  private validateOpen(uri: string): void {
    const doc = this.documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const { folder, path } = this.locate(uri);
    const text = doc.getText();
    const config = folder?.config ?? DEFAULT_CONFIG;
    if (isOverSizeLimit(text, config.maxFileSize)) {
      // Skipped as on disk (one file-skipped diagnostic), rather than parsed again on every keystroke.
      const bytes = Buffer.from(text, 'utf8');
      if (!folder) {
        this.looseNotes.delete(uri);
        this.sendDiagnostics(uri, checkFileBytes(path, bytes, config).diagnostics, version);
        return;
      }
      const affected = folder.index.updateBytes(path, bytes);
      if (this.documents.get(uri)?.version !== version) return;
      this.publish(folder, affected);
      this.notifyIndexChanged();
      return;
    }
    if (!folder) {
      const note = parseNote(path, text, DEFAULT_CONFIG);
      this.looseNotes.set(uri, note);
      if (this.documents.get(uri)?.version !== version) return;
      this.sendDiagnostics(uri, lintNote(note, DEFAULT_CONFIG, this.today ? { today: this.today } : {}), version);
      return;
    }
    const affected = folder.index.update(path, text);
    if (TRACE) traceMark(uri, version, 'updated');
    // Results for an outdated version are dropped; the newer change has its own run scheduled.
    if (this.documents.get(uri)?.version !== version) return;
    this.publish(folder, affected);
    if (TRACE) traceMark(uri, version, 'published', true);
    this.notifyIndexChanged();
  }

  documentClosed(doc: TextDocument): void {
    const pending = this.pendingValidation.get(doc.uri);
    if (pending?.timer) clearTimeout(pending.timer);
    if (pending?.immediate) clearImmediate(pending.immediate);
    this.pendingValidation.delete(doc.uri);
    this.lastValidation.delete(doc.uri);
    const { folder, path } = this.locate(doc.uri);
    if (!folder) {
      this.looseNotes.delete(doc.uri);
      this.clearDiagnostics(doc.uri);
      return;
    }
    // The buffer may have held unsaved text: the index goes back to what is on disk.
    void this.refreshFromDisk(folder, [path]).then((affected) => {
      this.publish(folder, affected);
      this.notifyIndexChanged();
    });
  }

  // ---- watched files ---------------------------------------------------------------------------

  /** File events are gathered for a moment and applied as one batch (a `git checkout` of 1,000 files is one update). */
  filesChanged(changes: FileEvent[]): void {
    this.pendingFileEvents.push(...changes);
    if (this.fileEventTimer) return;
    this.fileEventTimer = setTimeout(() => {
      this.fileEventTimer = undefined;
      const batch = this.pendingFileEvents;
      this.pendingFileEvents = [];
      runSafeVoid(this.logger, 'file changes', () => this.applyFileEvents(batch));
    }, 50);
  }

  private async applyFileEvents(events: FileEvent[]): Promise<void> {
    await this.ready;
    if (events.some((e) => CONFIG_FILE_NAMES.some((n) => URI.parse(e.uri).path.endsWith(`/${n}`)))) {
      await this.configurationChanged();
    }
    for (const folder of this.folders) {
      const touched = new Set<string>();
      const removed = new Set<string>();
      for (const e of events) {
        const path = folder.pathOf(e.uri);
        if (path === undefined || this.documents.get(e.uri)) continue; // an open buffer wins over the disk
        if (e.type === FileChangeType.Deleted) {
          if (folder.index.has(path)) removed.add(path);
          else for (const p of folder.index.paths()) if (p.startsWith(`${path}/`)) removed.add(p); // a deleted folder
        } else if (isMarkdown(path)) touched.add(path);
      }
      if (touched.size === 0 && removed.size === 0) continue;
      const affected = new Set<string>();
      for (const path of removed) {
        for (const p of folder.index.remove(path)) affected.add(p);
        this.clearDiagnostics(folder.uriOf(path));
      }
      for (const p of await this.refreshFromDisk(folder, [...touched])) affected.add(p);
      this.publish(folder, affected);
    }
    this.notifyIndexChanged(true);
  }

  /** Re-reads files from disk into the index (a vanished file is removed). Returns the affected paths. */
  private async refreshFromDisk(folder: FolderState, paths: string[]): Promise<Set<string>> {
    const affected = new Set<string>();
    const ws = folder.workspace();
    await Promise.all(
      paths.map(async (path) => {
        const abs = ws.toAbsolute(path);
        const [bytes, info] = await Promise.all([readFile(abs).catch(() => undefined), stat(abs).catch(() => undefined)]);
        // The note may have been (re)opened while the disk was read (close, then open again at once): its
        // buffer is indexed already and wins; the text read from disk would overwrite it with an old one.
        if (this.documents.get(folder.uriOf(path))) return;
        const result = bytes && info?.isFile() ? folder.index.updateBytes(path, bytes, { size: info.size, mtimeMs: info.mtimeMs }) : folder.index.remove(path);
        if (!bytes) this.clearDiagnostics(folder.uriOf(path));
        for (const p of result) affected.add(p);
      }),
    );
    return affected;
  }

  // ---- diagnostics -----------------------------------------------------------------------------

  publish(folder: FolderState, paths: Iterable<string>): void {
    for (const path of paths) {
      if (!folder.index.has(path)) continue;
      const uri = folder.uriOf(path);
      const version = this.documents.get(uri)?.version;
      this.sendDiagnostics(uri, folder.index.diagnosticsFor(path), version);
    }
  }

  private sendDiagnostics(uri: string, diagnostics: Diagnostic[], version: number | undefined): void {
    if (diagnostics.length === 0 && !this.published.get(uri)) return;
    this.published.set(uri, diagnostics.length);
    void this.connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map(toLspDiagnostic) });
  }

  private clearDiagnostics(uri: string): void {
    if (!this.published.get(uri)) return;
    this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  // ---- index-changed notification -------------------------------------------------------------

  /**
   * The index state for the status request and the index-changed notification. Sent while typing, so it
   * must stay cheap: lessons never applied are counted from the lesson maps (what the lessons report
   * would list, without building it: that report is ~0.4 s at 10k notes and blocked the next keystroke).
   */
  status(): IndexStatus {
    let notes = 0;
    let neverApplied = 0;
    let version = 0;
    for (const f of this.folders) {
      notes += f.index.noteCount;
      neverApplied += f.index.neverAppliedCount;
      version += f.index.version;
    }
    return { indexing: this.folders.some((f) => f.indexing), notes, neverApplied, version };
  }

  /** Tells the client the index changed, at most a few times a second while typing. */
  notifyIndexChanged(immediate = false): void {
    const send = () => {
      this.indexChangedTimer = undefined;
      this.lastIndexChanged = Date.now();
      runSafeVoid(this.logger, 'indexChanged', () => void this.connection.sendNotification(IndexChangedNotification, this.status()));
    };
    if (immediate) {
      if (this.indexChangedTimer) clearTimeout(this.indexChangedTimer);
      send();
      return;
    }
    if (this.indexChangedTimer) return;
    this.indexChangedTimer = setTimeout(send, Math.max(0, this.lastIndexChanged + 300 - Date.now()));
  }

  looseNote(uri: string): ParsedNote | undefined {
    return this.looseNotes.get(uri);
  }
}

/** True when the text's UTF-8 encoding is over the limit (measured only when it could be: a UTF-16 unit is at most 3 bytes). */
export function isOverSizeLimit(text: string, maxFileSize: number): boolean {
  if (text.length * 3 <= maxFileSize) return false;
  return Buffer.byteLength(text, 'utf8') > maxFileSize;
}

export function isMarkdown(path: string): boolean {
  return /\.(md|markdown)$/i.test(path);
}

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'experiment-journal',
    message: d.message,
    ...(d.data ? { data: d.data } : {}),
  };
}
