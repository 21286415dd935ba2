import * as assert from 'node:assert/strict';
import { closeAllEditors, codeLensTitles, journalApi, openNote, waitFor } from './helpers';

const FAILED = 'experiments/2026-09-14-price-sensitivity-model.md'; // EXP-2026-009, overfitting

suite('Journey: related past failures of a failed experiment', () => {
  suiteSetup(journalApi);
  teardown(closeAllEditors);

  test('the code lens atop the note counts the related failures and runs the command', async () => {
    const { document: doc } = await openNote(FAILED);
    const lens = await waitFor('the related-failures lens', async () => (await codeLensTitles(doc.uri)).find((l) => /related past failure/.test(l.title)));
    assert.equal(lens.line, 0);
        assert.equal(lens.title, '2 related past failures', 'the fixture holds two earlier overfitting failures');
    assert.equal(lens.command?.command, 'experimentJournal.showRelatedFailures');
  });
  // The ranked quick pick, its preview and opening the choice are asserted in test/e2e/ui/relatedFailures.test.mjs.
});
