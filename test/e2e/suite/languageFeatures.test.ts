import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, fileUri, hoverText, journalApi, openNote, positionOf, waitFor } from './helpers';

const APPLIER = 'experiments/2026-09-14-price-sensitivity-model.md'; // applies: [L-0007]
const DEFINER = 'postmortems/2026-03-27-feature-pipeline-failure.md'; // - [L-0007] Always validate data assumptions.

suite('Language features on lesson ids', () => {
  suiteSetup(journalApi);
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revertAll').then(undefined, () => undefined);
    await closeAllEditors();
  });

  test('hover over an applied lesson id shows the lesson', async () => {
    const { document: doc } = await openNote(APPLIER);
    const pos = positionOf(doc, 'L-0007', 2);
    const text = await waitFor('a hover with the lesson text', async () => {
      const t = hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? []);
      return /Always validate data assumptions/.test(t) && t;
    });
    assert.match(text, /L-0007/);
  });

  test('go to definition jumps from `applies` to the lesson in the other note', async () => {
    const { document: doc } = await openNote(APPLIER);
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'L-0007', 3));
    const ours = defs.map((d) => ('targetUri' in d ? { uri: d.targetUri, range: d.targetSelectionRange ?? d.targetRange } : d)).filter((d) => d.uri.path.endsWith(DEFINER));
    const [def] = ours;
    assert.ok(def && ours.length === 1, `definitions: ${defs.map((d) => ('targetUri' in d ? d.targetUri : d.uri).path).join(', ')}`);
    assert.equal(def.range.start.line, 44);
    const target = await vscode.workspace.openTextDocument(def.uri);
    assert.equal(target.getText(def.range), 'L-0007');
  });

  test('completion after "[[L-" offers lesson ids, never-applied ones included', async () => {
    const editor = await openNote(APPLIER);
    const doc = editor.document;
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    await editor.edit((e) => e.insert(end, '\nSee [[L-'));
    const at = doc.lineAt(doc.lineCount - 1).range.end;
    const labels = await waitFor('lesson ids in the completion list', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
      const l = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return l.includes('L-0006') && l;
    });
    assert.ok(labels.includes('L-0007'));
    assert.ok(labels.includes('L-EXP-2026-009-1'));
  });

  test('rename of a lesson id changes its definition and its application in two files', async () => {
    const { document: doc } = await openNote(APPLIER);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, positionOf(doc, 'L-0007', 2), 'L-0107');
    const files = edit.entries().map(([uri]) => uri.path.split('/').slice(-2).join('/')).sort();
    assert.deepEqual(files, [DEFINER, APPLIER].sort());
    assert.ok(await vscode.workspace.applyEdit(edit));
    const definer = await vscode.workspace.openTextDocument(fileUri(DEFINER));
    assert.match(definer.lineAt(44).text, /^- \[L-0107\] Always validate data assumptions\.$/);
    assert.match(doc.lineAt(10).text, /^applies: \[L-0107\]$/);
    // The index follows the unsaved buffers: the renamed id resolves, the old one no longer does.
    await waitFor('the renamed id to resolve', async () => {
      const defs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, 'L-0107', 2));
      return defs.length === 1;
    });
  });

  test('snippets insert a lesson bullet and a section', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'Section: Root Cause' });
    await waitFor('the section snippet', () => doc.getText().startsWith('## Root Cause\n\n'));
    assert.match(doc.getText(editor.selection), /^The conditions in the system/, 'the placeholder is selected');
    await vscode.commands.executeCommand('leaveSnippet');
    editor.selection = new vscode.Selection(doc.lineAt(doc.lineCount - 1).range.end, doc.lineAt(doc.lineCount - 1).range.end);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'Lesson' });
    await waitFor('the lesson snippet', () => /^- \[L-NOTEID-1\] What we will do differently next time$/m.test(doc.getText()));
    assert.equal(doc.getText(editor.selection), 'NOTEID', 'the first tab stop (the note id) is selected');
  });
});
