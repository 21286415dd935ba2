import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, journalApi } from './helpers';

suite('Activation', () => {
  test('the extension activates on the journal and its server indexes every note', async () => {
    const api = await journalApi();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.ok(api.activationMs > 0 && Number.isFinite(api.activationMs));
    // Reported in docs/performance.md: activate() itself (commands, views, status bar, client start requested).
    console.log(`activation: ${api.activationMs.toFixed(1)} ms`);
    const status = await api.indexed();
    // 17 notes in the fixture (README.md is not a note), 10 lessons never applied.
    assert.equal(status.notes, 17);
    assert.equal(status.neverApplied, 10);
    assert.equal(status.indexing, false);
  });

  test('every command of the palette is registered', async () => {
    await journalApi();
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['newExperiment', 'newPostmortem', 'addLesson', 'applyLesson', 'showRelatedFailures', 'refresh', 'revealLessons', 'showLog']) {
      assert.ok(all.has(`experimentJournal.${id}`), `experimentJournal.${id} is not registered`);
    }
  });
});
