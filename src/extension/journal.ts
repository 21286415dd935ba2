import * as vscode from 'vscode';
import { RefreshRequest, type IndexStatus } from '../shared/protocol';
import { JournalClient } from './client';
import { Commands, ContextKeys, Views, type JournalState } from './commands';
import { addLesson, applyLesson, showLessonApplications } from './features/lessonCommands';
import { newExperiment, newPostmortem } from './features/newNote';
import { showRelatedFailures } from './features/relatedFailures';
import { journalState } from './model/statusText';
import type { TreeNode } from './model/treeNode';
import { JournalStatusBar } from './statusBar';
import { JournalViews } from './views/journalViews';

/** The separately bundled note renderer (see noteFactory.ts). */
const NOTE_FACTORY_BUNDLE = 'dist/noteFactory.js';

/** What `activate` returns: for integration tests, which must wait on events, never on sleeps. */
export interface JournalApi {
  /** Milliseconds from `activate` being called to commands, views and status bar being registered. */
  activationMs: number;
  /** Resolves when the language server is initialized. */
  serverReady: Promise<void>;
  /** Resolves with the index status once the first indexing is done. */
  indexed(): Promise<IndexStatus>;
  /** Fires on every index change. */
  onStatus: vscode.Event<IndexStatus>;
}

/** Wires the client, commands, views and status bar together. Everything registered is disposed with the extension. */
export class Journal implements vscode.Disposable {
  readonly client: JournalClient;
  private readonly views: JournalViews;
  private readonly statusBar = new JournalStatusBar();
  private state: JournalState = 'starting';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext, readonly log: vscode.LogOutputChannel) {
    this.client = new JournalClient(context, log);
    this.views = new JournalViews(this.client);
    this.disposables.push(this.views, this.statusBar, this.client);
    this.setState('starting');
    this.disposables.push(
      this.client.onStatus((s) => {
        if (this.client.indexedOnce) this.setState(journalState(s));
        else this.statusBar.update(this.state, s);
      }),
      this.client.onState((s) => this.setState(s === 'running' ? (this.client.status && this.client.indexedOnce ? journalState(this.client.status) : 'starting') : 'failed')),
    );
    this.registerCommands();
  }

  private register(id: string, handler: (...args: never[]) => unknown): void {
    this.disposables.push(
      vscode.commands.registerCommand(id, async (...args: never[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.log.error(`${id} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
          void vscode.window.showErrorMessage(`Experiment Journal: ${message}`, 'Show Log').then((choice) => choice && this.log.show(true));
          return undefined;
        }
      }),
    );
  }

  private registerCommands(): void {
    const c = this.client;
    const factory = this.context.asAbsolutePath(NOTE_FACTORY_BUNDLE);
    this.register(Commands.newExperiment, () => newExperiment(c, factory));
    this.register(Commands.newPostmortem, () => newPostmortem(c, factory));
    this.register(Commands.addLesson, () => addLesson(c));
    this.register(Commands.applyLesson, () => applyLesson(c));
    this.register(Commands.showRelatedFailures, (uri?: string | vscode.Uri) => showRelatedFailures(c, uri === undefined ? undefined : String(uri)));
    this.register(Commands.showLessonApplications, (uri: string, position: { line: number; character: number }, lessonId: string) =>
      showLessonApplications(c, uri, position, lessonId),
    );
    this.register(Commands.refresh, () => this.refresh());
    this.register(Commands.revealLessons, () => vscode.commands.executeCommand(`${Views.lessons}.focus`));
    this.register(Commands.showLog, () => this.log.show(true));
    this.register(Commands.openItem, async (node: TreeNode) => {
      if (!node?.target) return;
      const p2c = c.client.protocol2CodeConverter;
      const editor = await vscode.window.showTextDocument(p2c.asUri(node.target.uri), { selection: p2c.asRange(node.target.range), preview: true });
      editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    });
    this.register(Commands.applyInCurrentNote, (node: TreeNode) => applyLesson(c, node?.lessonId));
    this.register(Commands.showRelatedFailuresOfItem, (node: TreeNode) => showRelatedFailures(c, node?.noteUri));
    this.register(Commands.copyId, async (node: TreeNode) => {
      if (!node?.copyId) {
        void vscode.window.showInformationMessage('Experiment Journal: this item has no id.');
        return;
      }
      await vscode.env.clipboard.writeText(node.copyId);
      vscode.window.setStatusBarMessage(`Copied ${node.copyId}`, 3000);
    });
  }

  /** Starts the language server; failures are shown to the user with a way to the log. */
  async start(started: number): Promise<void> {
    try {
      await this.client.start();
      this.log.info(`Language server ready ${Math.round(performance.now() - started)} ms after activation started.`);
      void this.client.whenIndexed().then((s) => this.log.info(`First index: ${s.notes} notes, ${s.neverApplied} lessons never applied, ${Math.round(performance.now() - started)} ms after activation started.`));
    } catch (error) {
      this.setState('failed');
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`The language server could not start: ${message}`);
      void vscode.window.showErrorMessage(`Experiment Journal could not start its language server: ${message}`, 'Show Log').then((choice) => choice && this.log.show(true));
      throw error;
    }
  }

  private async refresh(): Promise<void> {
    if (!this.client.isRunning) {
      void vscode.window.showWarningMessage('Experiment Journal: the language server is not running. See "Experiment Journal: Show Log".');
      return;
    }
    this.statusBar.update('starting', this.client.status);
    const status = await vscode.window.withProgress({ location: { viewId: Views.lessons }, title: 'Re-reading the journal' }, () =>
      this.client.client.sendRequest(RefreshRequest),
    );
    this.client.indexedOnce = true;
    this.client.setStatus(status);
  }

  private setState(state: JournalState): void {
    this.state = state;
    void vscode.commands.executeCommand('setContext', ContextKeys.state, state);
    this.statusBar.update(state, this.client.status);
  }

  api(activationMs: number, serverReady: Promise<void>): JournalApi {
    return { activationMs, serverReady, indexed: () => this.client.whenIndexed(), onStatus: this.client.onStatus };
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables.reverse()) await d.dispose();
  }
}
