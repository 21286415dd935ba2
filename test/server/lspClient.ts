/**
 * A small LSP test client: starts the real server (`node dist/server.js --stdio`) as a child process and
 * talks to it over stdio with vscode-languageserver-protocol, the way an editor does. It answers the
 * server's requests (configuration, capability registration, progress creation), records what the
 * server sends (diagnostics, progress, index-changed, log and show messages) and lets tests wait on
 * those events with a timeout — never on a fixed sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type ConfigurationItem,
  type FileEvent,
  type InitializeResult,
  type LogMessageParams,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { IndexChangedNotification, type IndexStatus } from '../../src/shared/protocol';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');
export const serverPath = join(repoRoot, 'dist', 'server.js');
export const fixturesRoot = join(here, 'fixtures');

/** The tests drive the bundle, as an editor does: say clearly when it has not been built. */
export function assertServerBuilt(): void {
  if (!existsSync(serverPath)) throw new Error(`${serverPath} does not exist: run \`npm run build\` before the server tests.`);
}

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

/** Everything the server sent, in order of arrival: `seq` orders events, `at` is performance.now() on arrival. */
export type ServerEvent = (
  | { kind: 'diagnostics'; params: PublishDiagnosticsParams }
  | { kind: 'progress'; token: string | number; value: ProgressValue }
  | { kind: 'progressCreate'; token: string | number }
  | { kind: 'indexChanged'; params: IndexStatus }
  | { kind: 'log'; params: LogMessageParams }
  | { kind: 'showMessage'; params: ShowMessageParams }
  | { kind: 'register'; method: string }
) & { seq: number; at: number };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type EventOf<K extends ServerEvent['kind']> = Extract<ServerEvent, { kind: K }>;

export interface StartOptions {
  /** Workspace folders as file-system paths (the first is also the root). */
  folders: string[];
  /** What `workspace/configuration` answers for a folder (its `scopeUri`) and section. Default: `{}`. */
  settings?: (item: ConfigurationItem) => unknown;
  today?: string;
  debounceMs?: number;
  /** Capabilities merged over the default editor-like ones. */
  capabilities?: ClientCapabilities;
  /** Extra node flags for the server process. */
  nodeArgs?: string[];
  /** Another build of the server to run (benchmarks compare builds); default the bundle in dist. */
  serverPath?: string;
  /** The `cacheFolder` initialization option (where the server persists its index); default none. */
  cacheFolder?: string;
}

export const DEFAULT_TODAY = '2026-12-04';

const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: false },
    workspaceEdit: { documentChanges: false },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true, relatedInformation: true },
    completion: { completionItem: { snippetSupport: false } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    rename: { prepareSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

const liveChildren = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

export class LspClient {
  readonly events: ServerEvent[] = [];
  readonly documents = new Map<string, TextDocument>();
  /** The settings `workspace/configuration` answers with; tests change it, then notify. */
  settings: (item: ConfigurationItem) => unknown;
  initializeResult: InitializeResult | undefined;
  private seq = 0;
  private readonly lastDiagnosticsByUri = new Map<string, EventOf<'diagnostics'>>();
  private waiters: { check: () => boolean }[] = [];
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<void>;
  stderr = '';

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    readonly folders: string[],
    settings: ((item: ConfigurationItem) => unknown) | undefined,
  ) {
    this.settings = settings ?? (() => ({}));
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        liveChildren.delete(child);
        resolve();
        this.poke();
      });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
  }

  /**
   * Starts the server, initializes it and waits for the first indexing to finish: its progress `end`,
   * then the index-changed notification sent once the diagnostics of every folder are published.
   */
  static async start(options: StartOptions): Promise<LspClient> {
    const client = LspClient.spawn(options);
    await client.initialize(options);
    await client.waitForIndexingEnd(60_000);
    await client.waitForNotification('indexChanged', (e) => !e.params.indexing, 60_000);
    return client;
  }

  /** Starts the server process and connection without initializing. */
  static spawn(options: StartOptions): LspClient {
    if (!options.serverPath) assertServerBuilt();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.serverPath ?? serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    liveChildren.add(child);
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection, options.folders, options.settings);
    client.wire();
    connection.listen();
    return client;
  }

  private wire(): void {
    const c = this.connection;
    c.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => this.settings(item) ?? null));
    c.onRequest(RegistrationRequest.type, (params) => {
      for (const r of params.registrations) this.record({ kind: 'register', method: r.method });
    });
    c.onRequest(UnregistrationRequest.type, () => undefined);
    // A message with (possibly no) buttons: recorded like a plain one; the user dismisses it.
    c.onRequest(ShowMessageRequest.type, (params) => {
      this.record({ kind: 'showMessage', params: { type: params.type, message: params.message } });
      return null;
    });
    c.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.record({ kind: 'progressCreate', token: params.token });
    });
    // Every work-done progress the server reports, whatever its token (this replaces the per-token dispatch).
    c.onNotification('$/progress', (params: { token: string | number; value: ProgressValue }) => this.record({ kind: 'progress', token: params.token, value: params.value }));
    c.onNotification(PublishDiagnosticsNotification.type, (params) => this.record({ kind: 'diagnostics', params }));
    c.onNotification(IndexChangedNotification, (params) => this.record({ kind: 'indexChanged', params }));
    c.onNotification(LogMessageNotification.type, (params) => this.record({ kind: 'log', params }));
    c.onNotification(ShowMessageNotification.type, (params) => this.record({ kind: 'showMessage', params }));
    c.onError(() => undefined);
    c.onClose(() => this.poke());
  }

  /** Sends `initialize` (with `today` and `debounceMs` as initialization options) and `initialized`. */
  async initialize(options: StartOptions): Promise<void> {
    const folders = options.folders.map((f, i) => ({ uri: URI.file(f).toString(), name: `folder${i}` }));
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0]?.uri ?? null,
      workspaceFolders: folders,
      capabilities: mergeCapabilities(DEFAULT_CAPABILITIES, options.capabilities ?? {}),
      // Tests validate each change at once (debounceMs 0) unless they ask for the editor's debounce.
      initializationOptions: { today: options.today ?? DEFAULT_TODAY, debounceMs: options.debounceMs ?? 0, cacheFolder: options.cacheFolder },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  private record(event: DistributiveOmit<ServerEvent, 'seq' | 'at'>): void {
    const recorded = { ...event, seq: ++this.seq, at: performance.now() } as ServerEvent;
    this.events.push(recorded);
    if (recorded.kind === 'diagnostics') this.lastDiagnosticsByUri.set(recorded.params.uri, recorded);
    this.poke();
  }

  private poke(): void {
    this.waiters = this.waiters.filter((w) => !w.check());
  }

  /** A marker: waits given `since: mark()` look only at events that arrive after it. */
  mark(): number {
    return this.seq;
  }

  eventsOf<K extends ServerEvent['kind']>(kind: K, since = 0): EventOf<K>[] {
    return this.events.filter((e): e is EventOf<K> => e.kind === kind && e.seq > since);
  }

  /**
   * Resolves with the first event (after `since`) of the kind that satisfies the predicate; rejects after
   * `timeoutMs` with what was seen, or at once if the server process died.
   */
  waitForEvent<K extends ServerEvent['kind']>(kind: K, predicate: (e: EventOf<K>) => boolean, timeoutMs = 10_000, since = 0, what: string = kind): Promise<EventOf<K>> {
    // Scans each event once (a startup publishes thousands: rescanning them all per event is quadratic).
    let scanned = 0;
    return this.waitUntil(
      () => {
        for (; scanned < this.events.length; scanned++) {
          const e = this.events[scanned]!;
          if (e.kind === kind && e.seq > since && predicate(e as EventOf<K>)) return e as EventOf<K>;
        }
        return undefined;
      },
      timeoutMs,
      what,
      () => JSON.stringify(this.eventsOf(kind, since).slice(-5)).slice(0, 3000),
    );
  }

  /** The last diagnostics published for a URI (after `since`), or undefined. */
  lastDiagnostics(uri: string, since = 0): PublishDiagnosticsParams | undefined {
    const last = this.lastDiagnosticsByUri.get(uri);
    return last && last.seq > since ? last.params : undefined;
  }

  /**
   * Waits until the latest diagnostics published for `uri` (after `since`; default: any, so a wait
   * started after the fact still sees the current state) satisfy the predicate.
   */
  waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 10_000, since = 0): Promise<PublishDiagnosticsParams> {
    return this.waitUntil(() => {
      const last = this.lastDiagnostics(uri, since);
      return last && predicate(last) ? last : undefined;
    }, timeoutMs, `diagnostics for ${uri}`, () => JSON.stringify(this.lastDiagnostics(uri, since) ?? null).slice(0, 3000));
  }

  /** Resolves with the condition's first truthy value, checked now and on every server event. */
  waitUntil<T>(condition: () => T | undefined, timeoutMs: number, what: string, describe: () => string = () => ''): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${describe()}\nstderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const waiter = {
        check: (): boolean => {
          const value = condition();
          if (value !== undefined && value !== false) {
            clearTimeout(timer);
            resolve(value);
            return true;
          }
          if (this.exited) {
            clearTimeout(timer);
            reject(new Error(`The server exited (${JSON.stringify(this.exited)}) while waiting for ${what}.\nstderr: ${this.stderr.slice(-2000)}`));
            return true;
          }
          return false;
        },
      };
      if (!waiter.check()) this.waiters.push(waiter);
    });
  }

  /** Waits for a notification the server sent: index changes, log or show messages, progress. */
  waitForNotification<K extends 'indexChanged' | 'log' | 'showMessage' | 'progress'>(kind: K, predicate: (e: EventOf<K>) => boolean = () => true, timeoutMs = 10_000, since = 0): Promise<EventOf<K>> {
    return this.waitForEvent(kind, predicate, timeoutMs, since);
  }

  /** Waits for the `end` of a work-done progress whose `begin` said "Indexing journal". */
  async waitForIndexingEnd(timeoutMs = 30_000, since = 0): Promise<void> {
    const begin = await this.waitForEvent('progress', (e) => e.value.kind === 'begin' && e.value.title === 'Indexing journal', timeoutMs, since, 'indexing progress begin');
    await this.waitForEvent('progress', (e) => e.token === begin.token && e.value.kind === 'end', timeoutMs, since, 'indexing progress end');
  }

  // ---- documents ----------------------------------------------------------------------------

  uri(folderIndex: number, path: string): string {
    return URI.file(join(this.folders[folderIndex]!, ...path.split('/'))).toString();
  }

  async open(uri: string, text: string, version = 1): Promise<TextDocument> {
    const doc = TextDocument.create(uri, 'markdown', version, text);
    this.documents.set(uri, doc);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version, text } });
    return doc;
  }

  /** Sends incremental changes (ranges against the current text), applied locally too. Returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    const version = doc.version + 1;
    const next = TextDocument.update(doc, changes, version);
    this.documents.set(uri, next);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc.getText();
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async configurationChanged(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  get alive(): boolean {
    return this.exited === undefined && this.child.exitCode === null;
  }

  /** Shuts the server down politely, then makes sure the process is gone. */
  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 5_000, 'shutdown');
        await this.connection.sendNotification(ExitNotification.type);
        await withTimeout(this.exitPromise, 5_000, 'exit');
      } catch {
        // fall through to the kill below
      }
    }
    if (this.alive) this.child.kill('SIGKILL');
    await this.exitPromise;
    this.connection.dispose();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

function mergeCapabilities(a: ClientCapabilities, b: ClientCapabilities): ClientCapabilities {
  const out = structuredClone(a) as Record<string, unknown>;
  for (const [k, v] of Object.entries(b)) {
    const current = out[k];
    out[k] = current && typeof current === 'object' && v && typeof v === 'object' ? { ...(current as object), ...(v as object) } : v;
  }
  return out as ClientCapabilities;
}

// ---- fixture workspaces ------------------------------------------------------------------------

const tempRoots: string[] = [];
process.on('exit', () => {
  for (const root of tempRoots) rmSync(root, { recursive: true, force: true });
});

/** Copies a fixture workspace (a folder under test/server/fixtures) to a fresh temp folder and returns it. */
export function copyFixture(name: string): string {
  const source = join(fixturesRoot, name);
  if (!existsSync(source) || !statSync(source).isDirectory()) throw new Error(`no fixture workspace ${name}`);
  const root = mkdtempSync(join(tmpdir(), `ej-lsp-${name}-`));
  tempRoots.push(root);
  cpSync(source, root, { recursive: true });
  return root;
}

/** A fresh empty temp folder, removed when the test process exits. */
export function tempFolder(name: string): string {
  const root = mkdtempSync(join(tmpdir(), `ej-lsp-${name}-`));
  tempRoots.push(root);
  return root;
}

/** Every Markdown file below a folder, as folder-relative paths with forward slashes, sorted. */
export function markdownFiles(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...markdownFiles(root, rel));
    else if (entry.name.endsWith('.md')) out.push(rel);
  }
  return out.sort();
}

/** Applies LSP text edits to a text (edits must not overlap; applied from last to first). */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const doc = TextDocument.create('file:///x', 'markdown', 0, text);
  return TextDocument.applyEdits(doc, edits);
}

/** The 0-based position of the n-th occurrence (default first) of `needle` in `text`, plus `offset` characters. */
export function positionOf(text: string, needle: string, offset = 0, occurrence = 1): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found`);
  }
  return TextDocument.create('file:///x', 'markdown', 0, text).positionAt(at + offset);
}
