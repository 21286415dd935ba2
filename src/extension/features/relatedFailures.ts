import * as vscode from 'vscode';
import { RelatedFailuresRequest, type RelatedFailureItem } from '../../shared/protocol';
import type { JournalClient } from '../client';
import { relatedFailurePicks } from '../model/picks';
import { toQuickPickItems, type ValuedQuickPickItem } from './quickPick';

const LIMIT = 20;

/**
 * "Show Related Past Failures" for a note (the active one when no URI is given): a quick pick, best
 * first, with score and reasons; moving through it previews each note at its root cause, Escape returns
 * to where the user was, Enter opens the choice there.
 */
export async function showRelatedFailures(journal: JournalClient, uriArg?: string): Promise<RelatedFailureItem | undefined> {
  const uri = uriArg ?? vscode.window.activeTextEditor?.document.uri.toString();
  if (!uri) {
    void vscode.window.showInformationMessage('Experiment Journal: open a failed experiment or a post-mortem to see related past failures.');
    return undefined;
  }
  if (!journal.isRunning) {
    void vscode.window.showWarningMessage('Experiment Journal: the language server is not running. See "Experiment Journal: Show Log".');
    return undefined;
  }
  const related = await journal.client.sendRequest(RelatedFailuresRequest, { uri, limit: LIMIT });
  if (related.length === 0) {
    void vscode.window.showInformationMessage('Experiment Journal: no related past failures found for this note.');
    return undefined;
  }
  const p2c = journal.client.protocol2CodeConverter;
  const original = vscode.window.activeTextEditor;
  const originalSelection = original?.selection;
  const quickPick = vscode.window.createQuickPick<ValuedQuickPickItem<RelatedFailureItem>>();
  quickPick.title = 'Related Past Failures';
  quickPick.placeholder = 'Earlier failures most like this one (best first); Enter opens at the root cause';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.items = toQuickPickItems(relatedFailurePicks(related));
  const open = (item: RelatedFailureItem, preview: boolean) =>
    vscode.window.showTextDocument(p2c.asUri(item.uri), { selection: p2c.asRange(item.focusRange), preview, preserveFocus: preview });
  return new Promise((resolve) => {
    let chosen: RelatedFailureItem | undefined;
    quickPick.onDidChangeActive((active) => {
      const item = active[0]?.value;
      if (item) void open(item, true).then(undefined, () => undefined);
    });
    quickPick.onDidAccept(() => {
      chosen = quickPick.selectedItems[0]?.value ?? quickPick.activeItems[0]?.value;
      quickPick.hide();
    });
    quickPick.onDidHide(async () => {
      quickPick.dispose();
      if (chosen) {
        const editor = await open(chosen, false);
        editor.revealRange(editor.selection, vscode.TextEditorRevealType.AtTop);
      } else if (original) {
        await vscode.window.showTextDocument(original.document, { viewColumn: original.viewColumn, selection: originalSelection });
      }
      resolve(chosen);
    });
    quickPick.show();
  });
}
