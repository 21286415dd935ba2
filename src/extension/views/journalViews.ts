import * as vscode from 'vscode';
import { ActionItemsRequest, LessonsRequest, RepeatFailuresRequest, type IndexStatus } from '../../shared/protocol';
import type { JournalClient } from '../client';
import { Views, VIEW_NAMES } from '../commands';
import { buildActionItemsTree } from '../model/actionItemsTree';
import { buildLessonsTree } from '../model/lessonsTree';
import { buildRepeatFailuresTree } from '../model/repeatFailuresTree';
import { plural } from '../model/treeNode';
import { NodeTreeProvider } from './nodeTreeProvider';

/** The three sidebar views. They reload (lazily, when visible) on every index change. */
export class JournalViews implements vscode.Disposable {
  readonly lessons: NodeTreeProvider;
  readonly repeatFailures: NodeTreeProvider;
  readonly actionItems: NodeTreeProvider;
  private readonly lessonsView: vscode.TreeView<unknown>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly journal: JournalClient) {
    const log = journal.log;
    const whenRunning = async <T>(load: () => Promise<T>, empty: T): Promise<T> => {
      if (!journal.isRunning) return empty;
      return load();
    };
    this.lessons = new NodeTreeProvider(VIEW_NAMES[Views.lessons], () => whenRunning(async () => buildLessonsTree(await journal.client.sendRequest(LessonsRequest)), []), log);
    this.repeatFailures = new NodeTreeProvider(
      VIEW_NAMES[Views.repeatFailures],
      () => whenRunning(async () => buildRepeatFailuresTree(await journal.client.sendRequest(RepeatFailuresRequest)), []),
      log,
    );
    this.actionItems = new NodeTreeProvider(VIEW_NAMES[Views.actionItems], () => whenRunning(async () => buildActionItemsTree(await journal.client.sendRequest(ActionItemsRequest)), []), log);
    this.lessonsView = vscode.window.createTreeView(Views.lessons, { treeDataProvider: this.lessons, showCollapseAll: true });
    this.disposables.push(
      this.lessons,
      this.repeatFailures,
      this.actionItems,
      this.lessonsView,
      vscode.window.createTreeView(Views.repeatFailures, { treeDataProvider: this.repeatFailures, showCollapseAll: true }),
      vscode.window.createTreeView(Views.actionItems, { treeDataProvider: this.actionItems, showCollapseAll: true }),
      journal.onStatus((s) => this.statusChanged(s)),
      journal.onState(() => this.refresh()),
    );
  }

  refresh(): void {
    this.lessons.refresh();
    this.repeatFailures.refresh();
    this.actionItems.refresh();
  }

  private statusChanged(status: IndexStatus): void {
    this.lessonsView.badge = status.neverApplied > 0 ? { value: status.neverApplied, tooltip: `${plural(status.neverApplied, 'lesson')} never applied` } : undefined;
    if (!status.indexing) this.refresh();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
