import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, codeLensTitles, fileUri, journalApi, openNote, waitFor, type JournalApi } from './helpers';

const DEFINER = 'experiments/2026-03-02-search-ranking-query-features.md'; // L-0005 (applied once), L-0006 (never applied)
const LATER = 'experiments/2026-11-23-multilingual-search-embeddings.md';

suite('Journey: lessons never applied, then applied', () => {
  let api: JournalApi;
  suiteSetup(async () => (api = await journalApi()));
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revertAll').then(undefined, () => undefined);
    await closeAllEditors();
  });

  test('code lenses count applications; applying L-0006 in another note moves it to applied without a reload', async () => {
    const lensOf = async (id: string) => {
      const doc = await vscode.workspace.openTextDocument(fileUri(DEFINER));
      const line = doc.getText().split('\n').findIndex((l) => l.startsWith(`- [${id}]`));
      return (await codeLensTitles(doc.uri)).find((l) => l.line === line)?.title;
    };
    assert.equal(await waitFor('the lens of L-0006', () => lensOf('L-0006')), 'never applied');
    assert.equal(await lensOf('L-0005'), 'applied 1 time');
    const before = (await api.indexed()).neverApplied;

    const statusAfter = new Promise<{ neverApplied: number }>((resolve) => {
      const sub = api.onStatus((s) => {
        if (!s.indexing && s.neverApplied === before - 1) {
          sub.dispose();
          resolve(s);
        }
      });
    });
    const editor = await openNote(LATER);
    // The tree item's "Apply in Current Note" with the item as argument (the UI test clicks it).
    assert.equal(await vscode.commands.executeCommand('experimentJournal.applyInCurrentNote', { lessonId: 'L-0006' }), true);
    assert.match(editor.document.getText(), /^applies: \[.*L-0006.*\]$/m);
    assert.ok(editor.document.isDirty, 'applied as an edit of the buffer, not written behind the user');
    assert.equal((await statusAfter).neverApplied, before - 1);
    assert.equal(await waitFor('the lens to say applied', async () => (await lensOf('L-0006')) === 'applied 1 time' && 'ok'), 'ok');

    // Undo puts it back among the never applied.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    await waitFor('the lens to say never applied again', async () => (await lensOf('L-0006')) === 'never applied');
  });

  test('"Add Lesson" inserts a lesson with a fresh id in the lessons section', async () => {
    const editor = await openNote(LATER);
    const id = await vscode.commands.executeCommand<string>('experimentJournal.addLesson');
    assert.match(id ?? '', /^L-EXP-2026-1123-RZ5T-\d+$/);
    const line = editor.document.lineAt(editor.selection.start.line).text;
    assert.ok(line.startsWith(`- [${id}] `), line);
    const heading = editor.document.getText().split('\n').slice(0, editor.selection.start.line).reverse().find((l) => l.startsWith('## '));
    assert.equal(heading?.trim(), '## Lessons Learned');
  });
});
