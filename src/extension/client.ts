import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { IndexChangedNotification, StatusRequest, type IndexStatus } from '../shared/protocol';
import { SETTINGS_SECTION } from './commands';

/** The client id: VS Code reads `experimentJournal.trace.server` for it. */
export const CLIENT_ID = SETTINGS_SECTION;

/**
 * The language client and the index status it reports. Everything else in the extension asks the
 * server through `request` and listens to `onStatus`; nothing polls.
 */
export class JournalClient implements vscode.Disposable {
  readonly client: LanguageClient;
  private readonly statusEmitter = new vscode.EventEmitter<IndexStatus>();
  /** Fires on the server's index-changed notification and after a refresh. */
  readonly onStatus = this.statusEmitter.event;
  private readonly stateEmitter = new vscode.EventEmitter<'running' | 'stopped'>();
  readonly onState = this.stateEmitter.event;
  status: IndexStatus | undefined;
  /** True once the server reported a finished index (its first notification with `indexing: false`). */
  indexedOnce = false;
  private started: Promise<void> | undefined;

  constructor(context: vscode.ExtensionContext, readonly log: vscode.LogOutputChannel) {
    const module = context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'markdown' },
        { scheme: 'untitled', language: 'markdown' },
      ],
      // The server pulls settings per folder (workspace/configuration); this only tells it when they change.
      synchronize: { configurationSection: SETTINGS_SECTION },
      outputChannel: log,
      // Never pop the output channel on our own; errors come with a "Show Log" button instead.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      diagnosticCollectionName: 'experiment-journal',
      markdown: { isTrusted: false, supportHtml: false },
      // The server keeps its index there between sessions (only notes changed meanwhile are read again).
      initializationOptions: { cacheFolder: context.storageUri?.fsPath },
    };
    this.client = new LanguageClient(CLIENT_ID, 'Experiment Journal', serverOptions, clientOptions);
    this.client.onDidChangeState((e) => this.stateEmitter.fire(e.newState === State.Running ? 'running' : 'stopped'));
    // Registered before start so that the first notification (the end of the first indexing) is never missed.
    this.client.onNotification(IndexChangedNotification, (status) => {
      if (!status.indexing) this.indexedOnce = true;
      this.setStatus(status);
    });
  }

  /** Starts the server once; resolves when it is initialized (not when the first indexing is done). */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.client.start();
      const status = await this.client.sendRequest(StatusRequest);
      // A notification may have overtaken the request; keep the newer one.
      if (!this.status || status.version >= this.status.version) this.setStatus(status);
    })();
    return this.started;
  }

  get isRunning(): boolean {
    return this.client.state === State.Running;
  }

  setStatus(status: IndexStatus): void {
    this.status = status;
    this.statusEmitter.fire(status);
  }

  /** Waits until the first index of the workspace is built. */
  whenIndexed(): Promise<IndexStatus> {
    if (this.indexedOnce && this.status) return Promise.resolve(this.status);
    return new Promise((resolve) => {
      const sub = this.onStatus((s) => {
        if (this.indexedOnce) {
          sub.dispose();
          resolve(s);
        }
      });
    });
  }

  async dispose(): Promise<void> {
    this.statusEmitter.dispose();
    this.stateEmitter.dispose();
    if (this.client.needsStop()) await this.client.stop();
  }
}
