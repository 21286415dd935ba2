import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, applyEdits, copyFixture } from './lspClient';

describe('Code actions', () => {
  let client: LspClient;
  let root: string;
  before(async () => {
    root = copyFixture('journal');
    client = await LspClient.start({ folders: [root] });
  });
  after(() => client?.stop());

  /** Opens a fixture note and returns its URI, text and the diagnostics published for the open buffer. */
  async function openNote(path: string): Promise<{ uri: string; text: string; diagnostics: Diagnostic[] }> {
    const uri = client.uri(0, path);
    const text = readFileSync(join(root, path), 'utf8');
    const since = client.mark();
    await client.open(uri, text);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1, 10_000, since);
    return { uri, text, diagnostics: p.diagnostics };
  }

  async function actionsFor(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const range = diagnostics[0]!.range;
    const result = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
    return (result ?? []) as CodeAction[];
  }

  /** Applies a code action's edit to the text (it must edit only this document). */
  function applied(action: CodeAction, uri: string, text: string): string {
    const changes = action.edit?.changes ?? {};
    assert.deepEqual(Object.keys(changes), [uri]);
    return applyEdits(text, changes[uri]!);
  }

  it('Should insert one missing section, and all of them in canonical order, before the next section present', async () => {
    const { uri, text, diagnostics } = await openNote('experiments/exp-003-draft.md');
    const missing = diagnostics.filter((d) => d.code === 'section-missing');
    // The editor sends every diagnostic under the cursor: the four share the first line's range.
    const actions = await actionsFor(uri, missing);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [
        ['Insert section "Approach"', 'quickfix', false],
        ['Insert all 4 missing sections', 'quickfix', true],
        ['Insert section "Results"', 'quickfix', false],
        ['Insert section "Outcome"', 'quickfix', false],
        ['Insert section "Lessons Learned"', 'quickfix', false],
      ],
    );
    const head = '---\nid: EXP-003\ntype: experiment\ntitle: Hybrid draft\ndate: 2026-03-01\nstatus: running\napplies:\n  - L-0003\n  - L-0099\n---\n\n# Hybrid draft\n\n## Hypothesis\n\nCombining both models carries new users.\n\n';
    const tail = '## Next Steps\n\n- Run it.\n';
    assert.equal(text, head + tail);
    assert.equal(applied(actions[0]!, uri, text), `${head}## Approach\n\n<!-- How did we test it: data, model, setup, duration. -->\n\n${tail}`);
    const all = applied(actions[1]!, uri, text);
    assert.equal(
      all,
      head +
        '## Approach\n\n<!-- How did we test it: data, model, setup, duration. -->\n\n' +
        '## Results\n\n<!-- What we measured: metrics, baselines, a table. -->\n\n' +
        '## Outcome\n\n<!-- success, failure, partial or inconclusive, and why. -->\n\n' +
        '## Lessons Learned\n\n<!-- - [L-…] What we will do differently next time. -->\n\n' +
        tail,
    );
    assert.deepEqual(actions[1]!.diagnostics?.map((d) => (d.data as { section: string }).section), ['Approach', 'Results', 'Outcome', 'Lessons Learned']);
    // Applied to the buffer, the fix leaves no section missing (the empty sections are reported instead).
    const since = client.mark();
    const version = await client.change(uri, [{ text: all }]);
    const after = await client.waitForDiagnostics(uri, (d) => d.version === version, 10_000, since);
    assert.ok(!after.diagnostics.some((d) => d.code === 'section-missing'));
    await client.close(uri);
  });

  it('Should append a missing section at the end, with a blank line, when no later section exists (CRLF kept)', async () => {
    const uri = client.uri(0, 'experiments/tail.md');
    const text = '---\r\nid: EXP-020\r\ntype: experiment\r\ntitle: Tail\r\ndate: 2026-03-02\r\nstatus: running\r\n---\r\n\r\n## Hypothesis\r\n\r\nH.\r\n\r\n## Approach\r\n\r\nA.\r\n\r\n## Results\r\n\r\nR.\r\n\r\n## Outcome\r\n\r\nO.\r\n\r\n## Lessons Learned\r\n\r\n- [L-0020] L.';
    const since = client.mark();
    await client.open(uri, text);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1, 10_000, since);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, (d.data as { section?: string })?.section]), [['section-missing', 'Next Steps']]);
    const actions = await actionsFor(uri, p.diagnostics);
    assert.deepEqual(actions.map((a) => a.title), ['Insert section "Next Steps"']);
    assert.equal(applied(actions[0]!, uri, text), `${text}\r\n\r\n## Next Steps\r\n\r\n<!-- What to try next, given what we learned. -->\r\n\r\n`);
    await client.close(uri);
  });

  it('Should add the missing front-matter fields before the closing fence', async () => {
    const { uri, text, diagnostics } = await openNote('experiments/exp-004-fields.md');
    const actions = await actionsFor(uri, diagnostics);
    assert.deepEqual(actions.map((a) => a.title), ['Add missing front-matter fields: title, date, status']);
    assert.equal(applied(actions[0]!, uri, text), text.replace('type: experiment\n---\n', 'type: experiment\ntitle: "Fields missing"\ndate: 2026-12-04\nstatus: planned\n---\n'));
    await client.close(uri);
  });

  it('Should offer the post-mortem fixes: owner placeholder, neutral rephrase, malformed lesson id, lesson without id', async () => {
    const { uri, text, diagnostics } = await openNote('postmortems/pm-001.md');
    const byCode = (code: string) => diagnostics.filter((d) => d.code === code);
    const lines = text.split('\n');

    const owner = await actionsFor(uri, byCode('action-item-owner'));
    assert.deepEqual(owner.map((a) => a.title), ['Add an owner (@owner)']);
    assert.equal(applied(owner[0]!, uri, text).split('\n')[26], '- [ ] Alert on the fallback rate @owner');

    const blame = await actionsFor(uri, byCode('blaming-language'));
    assert.deepEqual(blame.map((a) => a.title), ['Rephrase as "name the process or tooling gap that made the mistake possible"']);
    assert.equal(lines[13], 'The ranker fell back to popularity for two hours; it was human error.');
    assert.equal(applied(blame[0]!, uri, text).split('\n')[13], 'The ranker fell back to popularity for two hours; it was name the process or tooling gap that made the mistake possible.');

    const malformed = await actionsFor(uri, byCode('lesson-id-malformed'));
    assert.deepEqual(malformed.map((a) => [a.title, a.isPreferred]), [['Change to [L-0005]', true]]);
    assert.equal(applied(malformed[0]!, uri, text).split('\n')[30], '- [L-0005] Test the contract between services.');

    const noId = await actionsFor(uri, byCode('lesson-missing-id'));
    assert.deepEqual(noId.map((a) => a.title), ['Give this lesson the id L-PM-001-1']);
    assert.equal(applied(noId[0]!, uri, text).split('\n')[31], '- [L-PM-001-1] Watch the fallback rate.');

    // All four applied together leave the note clean except the rephrased sentence, which is now neutral.
    const edits = [...owner, ...blame, ...malformed, ...noId].flatMap((a) => a.edit!.changes![uri]!);
    const since = client.mark();
    const version = await client.change(uri, [{ text: applyEdits(text, edits) }]);
    const after = await client.waitForDiagnostics(uri, (d) => d.version === version, 10_000, since);
    assert.deepEqual(after.diagnostics, []);
    await client.close(uri);
  });

  it('Should return no actions for diagnostics of other sources', async () => {
    const { uri, diagnostics } = await openNote('experiments/exp-003-draft.md');
    const foreign = diagnostics.map((d) => ({ ...d, source: 'markdownlint' }));
    assert.deepEqual(await actionsFor(uri, foreign), []);
    await client.close(uri);
  });
});
