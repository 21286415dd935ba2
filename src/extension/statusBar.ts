import * as vscode from 'vscode';
import type { IndexStatus } from '../shared/protocol';
import { Commands, type JournalState } from './commands';
import { statusBarModel } from './model/statusText';

/** Index state and never-applied count; a click reveals the Lessons view. */
export class JournalStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('experimentJournal.status', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Experiment Journal';
    this.item.command = Commands.revealLessons;
    this.update('starting', undefined);
    this.item.show();
  }

  update(state: JournalState, status: IndexStatus | undefined): void {
    const model = statusBarModel(state, status);
    this.item.text = model.text;
    this.item.tooltip = model.tooltip;
  }

  dispose(): void {
    this.item.dispose();
  }
}
