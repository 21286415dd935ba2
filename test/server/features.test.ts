import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  WorkspaceSymbolRequest,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type TextEdit,
  type WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import { LspClient, copyFixture, positionOf } from './lspClient';

const pos = (line: number, character: number): Position => ({ line, character });
const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: pos(l1, c1), end: pos(l2, c2) });

describe('Language features', () => {
  let client: LspClient;
  let root: string;
  let rel: (path: string) => string;
  before(async () => {
    root = copyFixture('journal');
    client = await LspClient.start({ folders: [root] });
    rel = (path) => client.uri(0, path);
    for (const path of ['experiments/exp-001.md', 'experiments/exp-002.md', 'postmortems/pm-001.md']) await client.open(rel(path), readFileSync(join(root, path), 'utf8'));
  });
  after(() => client?.stop());

  /** Completion items in the order an editor shows them (by sortText, then label). */
  async function complete(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionList | null;
    assert.ok(result);
    const key = (i: CompletionItem) => i.sortText ?? i.label;
    return [...result.items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.label.localeCompare(b.label)));
  }

  describe('Completion', () => {
    const text = '---\nid: EXP-010\ntype: experiment\nstatus: \noutcome: \nfailure_mode: \napplies: [\nrelated: [\n\n---\n\n## Hypothesis\n\nSee [[L-\nSee [[\n## \n';
    let uri: string;
    before(async () => {
      uri = rel('experiments/new.md');
      await client.open(uri, text);
    });

    it('Should offer the front-matter keys the note still lacks, in canonical order', async () => {
      const items = await complete(uri, pos(8, 0));
      assert.deepEqual(items.map((i) => [i.label, i.insertText]), [
        ['title', 'title: '],
        ['date', 'date: '],
        ['duration_days', 'duration_days: '],
        ['tags', 'tags: '],
        ['metrics', 'metrics: '],
      ]);
    });

    it('Should offer status, outcome and failure_mode values from the taxonomy', async () => {
      assert.deepEqual((await complete(uri, pos(3, 8))).map((i) => i.label), ['planned', 'running', 'completed', 'abandoned']);
      assert.deepEqual((await complete(uri, pos(4, 9))).map((i) => i.label), ['success', 'failure', 'partial', 'inconclusive']);
      const modes = (await complete(uri, pos(5, 14))).map((i) => i.label);
      assert.equal(modes.length, 15);
      assert.deepEqual(modes.slice(0, 3), ['data-quality', 'overfitting', 'underfitting']);
      assert.ok(modes.includes('cold-start'));
    });

    it('Should offer lesson ids inside `applies: [`, never-applied lessons first, with their text', async () => {
      const items = await complete(uri, pos(6, 10));
      assert.deepEqual(items.map((i) => [i.label, i.detail]), [
        ['L-0004', 'Fill in the front matter.'],
        ['L-0001', 'Test cold-start behaviour from the first day.'],
        ['L-0002', 'Segment metrics by user tenure.'],
        ['L-0003', 'Content features alone do not carry new users.'],
      ]);
      assert.deepEqual((items[0]!.textEdit as TextEdit).range, range(6, 10, 6, 10));
      assert.match(String(items.find((i) => i.label === 'L-0004')!.documentation), /^From EXP-004\. Never applied\.$/);
    });

    it('Should offer lesson ids after `[[L-`, replacing the typed prefix and closing the brackets', async () => {
      const items = await complete(uri, pos(13, 8));
      assert.deepEqual(items.map((i) => i.label), ['L-0001', 'L-0002', 'L-0003', 'L-0004']);
      assert.deepEqual(items[0]!.textEdit, { range: range(13, 6, 13, 8), newText: 'L-0001]]' });
    });

    it('Should offer note ids (not the note itself), newest first, in `related: [` and after `[[`, with title and outcome', async () => {
      const related = await complete(uri, pos(7, 10));
      assert.deepEqual(related.map((i) => [i.label, i.detail]), [
        ['PM-001', 'Ranking outage'],
        ['EXP-003', 'Hybrid draft'],
        ['EXP-002', 'Content features for new users — failure'],
        ['EXP-001', 'Collaborative filtering baseline — failure'],
        ['EXP-004', ''],
      ]);
      // After `[[` notes come first, then lessons.
      const wiki = await complete(uri, pos(14, 6));
      assert.deepEqual(wiki.slice(0, 5).map((i) => i.textEdit), ['PM-001', 'EXP-003', 'EXP-002', 'EXP-001', 'EXP-004'].map((id) => ({ range: range(14, 6, 14, 6), newText: `${id}]]` })));
      assert.deepEqual(wiki.slice(5).map((i) => i.label), ['L-0001', 'L-0002', 'L-0003', 'L-0004']);
    });

    it('Should offer the missing section headings after `## `', async () => {
      const items = await complete(uri, pos(15, 3));
      assert.deepEqual(items.map((i) => [i.label, i.textEdit]), ['Approach', 'Results', 'Outcome', 'Lessons Learned', 'Next Steps'].map((name) => [name, { range: range(15, 3, 15, 3), newText: name }]));
    });

    it('Should offer nothing in plain body text', async () => {
      assert.deepEqual(await complete(uri, pos(12, 0)), []);
    });
  });

  describe('Hover', () => {
    it('Should describe a lesson id: text, source note, where it is applied', async () => {
      const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(8, 12) })) as Hover;
      assert.deepEqual(hover, {
        contents: {
          kind: 'markdown',
          value: '**L-0001** — Test cold-start behaviour from the first day.\n\nFrom EXP-001 — Collaborative filtering baseline (2026-01-10)\n\nApplied 1 time: EXP-002 (Content features for new users)',
        },
        range: range(8, 10, 8, 16),
      });
    });

    it('Should describe a note id: title, type, date, status, outcome, failure mode', async () => {
      const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(9, 10) })) as Hover;
      assert.deepEqual(hover, {
        contents: { kind: 'markdown', value: '**EXP-001** — Collaborative filtering baseline _(experiment)_\n\ndate 2026-01-10 · status completed · outcome **failure** · failure mode cold-start' },
        range: range(9, 10, 9, 17),
      });
    });

    it('Should return nothing on plain words', async () => {
      assert.equal(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(16, 3) }), null);
    });
  });

  describe('Definition and references', () => {
    it('Should go from [[L-0002]] to the lesson, and from [[EXP-001]] to the note id', async () => {
      const lesson = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(20, 42) })) as Location[];
      assert.deepEqual(lesson, [{ uri: rel('experiments/exp-001.md'), range: range(32, 3, 32, 9) }]);
      const note = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(16, 47) })) as Location[];
      assert.deepEqual(note, [{ uri: rel('experiments/exp-001.md'), range: range(1, 4, 1, 11) }]);
    });

    it('Should find every reference of a lesson and of a note, with or without the declaration', async () => {
      const params = { textDocument: { uri: rel('experiments/exp-001.md') }, position: pos(31, 5) };
      assert.deepEqual(await client.connection.sendRequest(ReferencesRequest.type, { ...params, context: { includeDeclaration: true } }), [
        { uri: rel('experiments/exp-001.md'), range: range(31, 3, 31, 9) },
        { uri: rel('experiments/exp-002.md'), range: range(8, 10, 8, 16) },
      ]);
      assert.deepEqual(await client.connection.sendRequest(ReferencesRequest.type, { ...params, context: { includeDeclaration: false } }), [{ uri: rel('experiments/exp-002.md'), range: range(8, 10, 8, 16) }]);
      // EXP-002 is referenced by PM-001's `experiments:`.
      const refs = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(1, 6), context: { includeDeclaration: false } });
      assert.deepEqual(refs, [{ uri: rel('postmortems/pm-001.md'), range: range(6, 14, 6, 21) }]);
    });
  });

  describe('Rename', () => {
    it('Should prepare a rename on a lesson id with its range and placeholder, and refuse elsewhere', async () => {
      const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(20, 43) });
      assert.deepEqual(prepared, { range: range(20, 40, 20, 46), placeholder: 'L-0002' });
      assert.equal(await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(16, 2) }), null);
    });

    it('Should rename a lesson id across files as one workspace edit', async () => {
      const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(8, 12), newName: 'L-COLD-1' });
      assert.deepEqual(edit, {
        changes: {
          [rel('experiments/exp-001.md')]: [{ range: range(31, 3, 31, 9), newText: 'L-COLD-1' }],
          [rel('experiments/exp-002.md')]: [{ range: range(8, 10, 8, 16), newText: 'L-COLD-1' }],
        },
      });
    });

    it('Should rename a note id in its definition and every reference', async () => {
      const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri: rel('postmortems/pm-001.md') }, position: pos(6, 16), newName: 'EXP-CONTENT' });
      assert.deepEqual(edit, {
        changes: {
          [rel('experiments/exp-002.md')]: [{ range: range(1, 4, 1, 11), newText: 'EXP-CONTENT' }],
          [rel('postmortems/pm-001.md')]: [{ range: range(6, 14, 6, 21), newText: 'EXP-CONTENT' }],
        },
      });
    });

    it('Should reject an invalid or taken new name with an error, not an edit', async () => {
      const params = { textDocument: { uri: rel('experiments/exp-002.md') }, position: pos(8, 12) };
      await assert.rejects(client.connection.sendRequest(RenameRequest.type, { ...params, newName: 'lesson one' }), (e: unknown) => e instanceof ResponseError && /is not a lesson id/.test(e.message));
      await assert.rejects(client.connection.sendRequest(RenameRequest.type, { ...params, newName: 'L-0002' }), (e: unknown) => e instanceof ResponseError && /L-0002 is already used/.test(e.message));
    });
  });

  describe('Symbols and code lenses', () => {
    it('Should list sections as a tree, each spanning its content, with lessons and action items inside', async () => {
      const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: rel('postmortems/pm-001.md') } })) as DocumentSymbol[];
      const shape = (s: DocumentSymbol): unknown => [s.name, s.kind, s.range, ...(s.children?.length ? [s.children.map(shape)] : [])];
      assert.deepEqual(symbols.map(shape), [
        [
          'Ranking outage',
          15,
          range(9, 0, 31, 26),
          [
            ['What Happened', 15, range(11, 0, 13, 69)],
            ['Root Cause', 15, range(15, 0, 17, 59)],
            ['What Went Well', 15, range(19, 0, 21, 30)],
            ['Action Items', 15, range(23, 0, 26, 32), [['Add a contract test @wei', 24, range(25, 0, 25, 30)], ['Alert on the fallback rate', 24, range(26, 0, 26, 32)]]],
            ['Lessons for Team', 15, range(28, 0, 31, 26)],
          ],
        ],
      ]);
      const exp = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: rel('experiments/exp-001.md') } })) as DocumentSymbol[];
      const lessons = exp[0]!.children!.find((s) => s.name === 'Lessons Learned')!;
      assert.deepEqual(lessons.children!.map((s) => [s.name, s.detail, s.selectionRange]), [
        ['L-0001', 'Test cold-start behaviour from the first day.', range(31, 3, 31, 9)],
        ['L-0002', 'Segment metrics by user tenure.', range(32, 3, 32, 9)],
      ]);
    });

    it('Should find notes and lessons in workspace symbols', async () => {
      const symbols = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'ranking' })) as WorkspaceSymbol[];
      assert.deepEqual(symbols.map((s) => [s.name, s.kind, s.containerName, 'range' in s.location ? s.location.range : undefined]), [['PM-001 Ranking outage', 1, 'postmortem', range(1, 4, 1, 10)]]);
      const lessons = (await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'L-0003' })) as WorkspaceSymbol[];
      assert.deepEqual(lessons.map((s) => [s.name, s.location.uri]), [['L-0003 Content features alone do not carry new users.', rel('experiments/exp-002.md')]]);
    });

    it('Should show "applied N times" / "never applied" on lessons and related past failures atop a failure', async () => {
      const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: rel('experiments/exp-002.md') } });
      assert.deepEqual(lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command]), [
        [0, '1 related past failure', 'experimentJournal.showRelatedFailures'],
        [32, 'applied 1 time', 'experimentJournal.showLessonApplications'],
      ]);
      const never = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: rel('experiments/exp-004-fields.md') } });
      assert.deepEqual(never?.map((l) => [l.range, l.command?.title, l.command?.arguments]), [[range(25, 0, 25, 36), 'never applied', [rel('experiments/exp-004-fields.md'), pos(25, 3), 'L-0004']]]);
    });
  });

  it('Should locate positions in the fixture as the tests assume', () => {
    const text = readFileSync(join(root, 'experiments/exp-002.md'), 'utf8');
    assert.deepEqual(positionOf(text, '[[L-0002]]', 2), pos(20, 40));
    assert.deepEqual(positionOf(text, '[[EXP-001]]', 2), pos(16, 46));
  });
});
