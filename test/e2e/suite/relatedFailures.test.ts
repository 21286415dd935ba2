import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, codeLensTitles, journalApi, openNote, waitFor } from './helpers';

const FAILED = 'experiments/2026-09-14-price-sensitivity-model.md'; // EXP-2026-009, overfitting

interface RelatedFailureItem {
  id: string;
  uri: string;
}

/** Runs the command, then accepts the quick pick row `down` rows below the first, as a user would with ↓ and Enter. */
async function pickRelated(uri: vscode.Uri, down: number): Promise<RelatedFailureItem | undefined> {
  let settled = false;
  const result = Promise.resolve(vscode.commands.executeCommand<RelatedFailureItem | undefined>('experimentJournal.showRelatedFailures', uri.toString())).finally(() => (settled = true));
  // The quick pick has no API handle from here: drive it with the workbench's own quick-input commands once it shows
  // (the preview it opens for the active row is the sign that it is up).
  await waitFor('the related-failures quick pick to preview its first row', () => vscode.window.activeTextEditor?.document.uri.toString() !== uri.toString());
  for (let i = 0; i < down; i++) await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
  await waitFor('the pick to be accepted', async () => {
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return settled;
  });
  return result;
}

suite('Journey: related past failures of a failed experiment', () => {
  suiteSetup(journalApi);
  teardown(closeAllEditors);

  test('the code lens atop the note counts the related failures and runs the command', async () => {
    const { document: doc } = await openNote(FAILED);
    const lens = await waitFor('the related-failures lens', async () => (await codeLensTitles(doc.uri)).find((l) => /related past failure/.test(l.title)));
    assert.equal(lens.line, 0);
    assert.match(lens.title, /^\d+ related past failures$/);
    assert.ok(Number(lens.title.split(' ')[0]) >= 3);
    assert.equal(lens.command?.command, 'experimentJournal.showRelatedFailures');
  });

  test('the best match (same failure mode) comes first and opens at its root cause', async () => {
    const { document: doc } = await openNote(FAILED);
    const chosen = await pickRelated(doc.uri, 0);
    assert.equal(chosen?.id, 'EXP-2026-003');
    const editor = await waitFor('the chosen note to be the active editor', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.path.endsWith('experiments/2026-03-02-search-ranking-query-features.md') && !e.document.isUntitled && e;
    });
    // An experiment opens at its outcome (it has no root-cause section).
    const heading = editor.document.getText().split('\n').slice(0, editor.selection.start.line + 1).reverse().find((l) => l.startsWith('## '));
    assert.equal(heading?.trim(), '## Outcome');
  });

  test('the second row is the next most related failure', async () => {
    const { document: doc } = await openNote(FAILED);
    const chosen = await pickRelated(doc.uri, 1);
    assert.equal(chosen?.id, 'EXP-2026-004');
    await waitFor('EXP-2026-004 to be open', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('experiments/2026-03-23-session-features-pipeline.md'));
  });
});
