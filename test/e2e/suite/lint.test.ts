import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, codeOf, journalApi, journalDiagnostics, openNote, readDisk, waitFor } from './helpers';

const NOTE = 'postmortems/2026-11-30-labelling-backlog.md';

suite('Journey: lint an incomplete post-mortem', () => {
  suiteSetup(journalApi);
  teardown(closeAllEditors);

  test('missing sections and the owner-less action item are reported at their lines; the quick fix inserts the sections, undo restores, disk untouched until saved', async () => {
    const editor = await openNote(NOTE);
    const doc = editor.document;
    const original = doc.getText();
    const diagnostics = await waitFor('diagnostics of the incomplete post-mortem', () => {
      const d = journalDiagnostics(doc.uri);
      return d.some((x) => codeOf(x) === 'action-item-owner') && d;
    });
    const missing = diagnostics.filter((d) => codeOf(d) === 'section-missing');
    assert.deepEqual(missing.map((d) => d.message.match(/"([^"]+)"/)?.[1]).sort(), ['Lessons for Team', 'What Went Well']);
    for (const d of missing) assert.equal(d.range.start.line, 0, 'missing sections are reported on the first line');
    const owner = diagnostics.find((d) => codeOf(d) === 'action-item-owner')!;
    assert.match(doc.lineAt(owner.range.start.line).text, /Agree a labelling turnaround time with the vendor/);
    assert.equal(owner.range.start.line, 28);
    assert.equal(owner.severity, vscode.DiagnosticSeverity.Warning);

    // The preferred quick fix on a missing-section diagnostic inserts all of them.
    const [firstMissing] = missing;
    assert.ok(firstMissing);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, firstMissing.range, vscode.CodeActionKind.QuickFix.value);
    const all = actions.find((a) => /Insert all 2 missing sections/.test(a.title));
    assert.ok(all?.edit, `no "insert all" quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(all.edit));
    assert.match(doc.getText(), /^## What Went Well\s*$/m);
    assert.match(doc.getText(), /^## Lessons for Team\s*$/m);
    await waitFor('the section-missing problems to disappear', () => journalDiagnostics(doc.uri).every((d) => codeOf(d) !== 'section-missing'));
    assert.ok(journalDiagnostics(doc.uri).some((d) => codeOf(d) === 'action-item-owner'), 'the owner problem stays');
    assert.ok(doc.isDirty);
    assert.equal(await readDisk(NOTE), original, 'the file on disk is unchanged until saved');

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the text', () => doc.getText() === original);
    await waitFor('the section-missing problems to come back', () => journalDiagnostics(doc.uri).filter((d) => codeOf(d) === 'section-missing').length === 2);

    await vscode.commands.executeCommand('redo');
    await waitFor('redo', () => doc.getText() !== original);
    assert.ok(await doc.save());
    assert.equal(await readDisk(NOTE), doc.getText(), 'saved: the disk holds the fixed note');
  });

  test('the owner quick fix adds an owner and the problem goes away', async () => {
    const editor = await openNote(NOTE);
    const doc = editor.document;
    const owner = await waitFor('the owner problem', () => journalDiagnostics(doc.uri).find((d) => codeOf(d) === 'action-item-owner'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, owner.range, vscode.CodeActionKind.QuickFix.value);
    const add = actions.find((a) => /Add an owner/.test(a.title));
    assert.ok(add?.edit, `no owner quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(add.edit));
    assert.match(doc.lineAt(owner.range.start.line).text, /@owner$/);
    await waitFor('the owner problem to disappear', () => !journalDiagnostics(doc.uri).some((d) => codeOf(d) === 'action-item-owner'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
