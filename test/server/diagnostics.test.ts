import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileChangeType, type FileEvent, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LessonsRequest, StatusRequest } from '../../src/shared/protocol';
import { LspClient, copyFixture } from './lspClient';

const CREATED = FileChangeType.Created as FileChangeType;
const CHANGED = FileChangeType.Changed as FileChangeType;
const DELETED = FileChangeType.Deleted as FileChangeType;
const codesOf = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);
const line = (l: number, c = 0) => ({ line: l, character: c });

describe('Diagnostics as you type', () => {
  let client: LspClient;
  let root: string;
  before(async () => {
    root = copyFixture('journal');
    // A real debounce, so that quick changes are coalesced as in the editor.
    client = await LspClient.start({ folders: [root], debounceMs: 50 });
  });
  after(() => client?.stop());

  it('Should publish diagnostics for an open note after an incremental change, with its version', async () => {
    const uri = client.uri(0, 'experiments/exp-001.md');
    await client.open(uri, readFileSync(join(root, 'experiments/exp-001.md'), 'utf8'));
    // Rename the "## Results" heading (line 21) so the section goes missing.
    assert.equal(client.text(uri).split('\n')[21], '## Results');
    const version = await client.change(uri, [{ range: { start: line(21, 3), end: line(21, 10) }, text: 'Numbers' }]);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === version);
    assert.deepEqual(
      p.diagnostics.map((d) => ({ code: d.code, range: d.range, severity: d.severity, data: d.data })),
      [{ code: 'section-missing', range: { start: line(0), end: line(0, 3) }, severity: 2, data: { section: 'Results', missing: ['Results'] } }],
    );
    // Undo: the diagnostics are cleared with an empty publication for the new version.
    const undone = await client.change(uri, [{ range: { start: line(21, 3), end: line(21, 10) }, text: 'Results' }]);
    const cleared = await client.waitForDiagnostics(uri, (d) => d.version === undone);
    assert.deepEqual(cleared.diagnostics, []);
    await client.close(uri);
  });

  it('Should end on diagnostics for the final text and version when changes come quickly, never on a stale version', async () => {
    const uri = client.uri(0, 'postmortems/pm-001.md');
    const since = client.mark();
    await client.open(uri, readFileSync(join(root, 'postmortems/pm-001.md'), 'utf8'));
    // Each change adds one blaming sentence, so the count of blaming-language findings tells which text a
    // publication was computed from: version v must carry exactly v of them (the note starts with one).
    const changes = 25;
    for (let i = 0; i < changes; i++) {
      void client.change(uri, [{ range: { start: line(14), end: line(14) }, text: `Someone was careless (${i}).\n` }]);
    }
    const finalVersion = 1 + changes;
    const p = await client.waitForDiagnostics(uri, (d) => d.version === finalVersion, 10_000, since);
    assert.equal(p.diagnostics.filter((d) => d.code === 'blaming-language').length, finalVersion);
    // "human error" stays on line 13; the 25 inserted sentences are lines 14 to 38.
    const blaming = p.diagnostics.filter((d) => d.code === 'blaming-language').map((d) => d.range.start.line);
    assert.deepEqual(blaming, [13, ...Array.from({ length: changes }, (_, i) => 14 + i)]);
    const published = client.eventsOf('diagnostics', since).filter((e) => e.params.uri === uri);
    assert.ok(published.length < changes, `quick changes are coalesced (${published.length} publications for ${changes} changes)`);
    for (const e of published) {
      assert.equal(e.params.diagnostics.filter((d) => d.code === 'blaming-language').length, e.params.version, 'a publication carries the version it was computed for');
    }
    assert.equal(published[published.length - 1]!.params.version, finalVersion);
    await client.close(uri);
  });

  it('Should update a closed note that applies a lesson when another note adds or removes that lesson', async () => {
    const exp001 = client.uri(0, 'experiments/exp-001.md');
    const draft = client.uri(0, 'experiments/exp-003-draft.md');
    const exp002 = client.uri(0, 'experiments/exp-002.md');
    await client.waitForDiagnostics(draft, (p) => codesOf(p).includes('unknown-lesson'));
    await client.open(exp001, readFileSync(join(root, 'experiments/exp-001.md'), 'utf8'));
    // Add L-0099 under Lessons Learned (after line 32): the draft, which applies it, no longer warns.
    const added = client.mark();
    await client.change(exp001, [{ range: { start: line(33), end: line(33) }, text: '- [L-0099] Ship the hybrid behind a flag.\n' }]);
    const fixed = await client.waitForDiagnostics(draft, (p) => !codesOf(p).includes('unknown-lesson'), 10_000, added);
    assert.deepEqual(codesOf(fixed), ['section-missing', 'section-missing', 'section-missing', 'section-missing']);
    // Remove it again: the warning comes back at the same place.
    const removed = client.mark();
    await client.change(exp001, [{ range: { start: line(33), end: line(34) }, text: '' }]);
    const back = await client.waitForDiagnostics(draft, (p) => codesOf(p).includes('unknown-lesson'), 10_000, removed);
    assert.deepEqual(back.diagnostics.find((d) => d.code === 'unknown-lesson')!.range, { start: line(8, 4), end: line(8, 10) });
    // Remove L-0002 (line 32), which exp-002 applies inline as [[L-0002]].
    const gone = client.mark();
    await client.change(exp001, [{ range: { start: line(32), end: line(33) }, text: '' }]);
    const unknown = await client.waitForDiagnostics(exp002, (p) => p.diagnostics.length > 0, 10_000, gone);
    assert.deepEqual(
      unknown.diagnostics.map((d) => [d.code, d.range, d.message]),
      [['unknown-lesson', { start: line(20, 40), end: line(20, 46) }, 'No note defines lesson L-0002.']],
    );
    // Closing the unsaved buffer puts the note back as it is on disk: the lesson exists again.
    const closed = client.mark();
    await client.close(exp001);
    const restored = await client.waitForDiagnostics(exp002, () => true, 10_000, closed);
    assert.deepEqual(restored.diagnostics, []);
  });
});

describe('Closing and reopening a note', () => {
  let client: LspClient;
  let root: string;
  before(async () => {
    root = copyFixture('journal');
    client = await LspClient.start({ folders: [root] });
  });
  after(() => client?.stop());

  it('Should keep the reopened buffer in the index, not the disk text read for the close', async () => {
    const uri = client.uri(0, 'experiments/exp-001.md');
    const exp002 = client.uri(0, 'experiments/exp-002.md');
    const text = readFileSync(join(root, 'experiments/exp-001.md'), 'utf8');
    const without = text.replace('- [L-0002] Segment metrics by user tenure.\n', '');
    for (let i = 0; i < 10; i++) {
      await client.open(uri, text);
      const since = client.mark();
      // Closing reads the note back from disk; the buffer opened right after must win over that read.
      void client.close(uri);
      await client.open(uri, without);
      await client.waitForDiagnostics(exp002, (p) => codesOf(p).includes('unknown-lesson'), 10_000, since);
      const lessons = await client.connection.sendRequest(LessonsRequest);
      assert.deepEqual([...lessons.applied, ...lessons.neverApplied].map((l) => l.id).sort(), ['L-0001', 'L-0003', 'L-0004'], `round ${i}`);
      assert.deepEqual(codesOf(client.lastDiagnostics(exp002)!), ['unknown-lesson'], `round ${i}`);
      await client.close(uri);
      await client.waitForDiagnostics(exp002, (p) => p.diagnostics.length === 0, 10_000, since);
    }
  });
});

describe('Watched files', () => {
  let client: LspClient;
  let root: string;
  before(async () => {
    root = copyFixture('journal');
    client = await LspClient.start({ folders: [root] });
  });
  after(() => client?.stop());

  it('Should apply a burst of 202 file events (create, change, delete) as one coherent update', async () => {
    const count = 200;
    mkdirSync(join(root, 'experiments', 'batch'));
    const created: string[] = [];
    for (let i = 0; i < count; i++) {
      const path = `experiments/batch/b-${i}.md`;
      // Each new note applies lesson L-0002 and misses every section but Hypothesis.
      writeFileSync(join(root, path), `---\nid: EXP-B${i}\ntype: experiment\ntitle: Batch ${i}\ndate: 2026-05-01\nstatus: running\napplies: [L-0002]\n---\n\n## Hypothesis\n\nNumber ${i}.\n`);
      created.push(path);
    }
    // exp-001 loses lesson L-0002 on disk; exp-004 is deleted.
    const exp001 = join(root, 'experiments/exp-001.md');
    writeFileSync(exp001, readFileSync(exp001, 'utf8').replace('- [L-0002] Segment metrics by user tenure.\n', ''));
    rmSync(join(root, 'experiments/exp-004-fields.md'));
    const events: FileEvent[] = [
      ...created.map((p) => ({ uri: client.uri(0, p), type: CREATED })),
      { uri: client.uri(0, 'experiments/exp-001.md'), type: CHANGED },
      { uri: client.uri(0, 'experiments/exp-004-fields.md'), type: DELETED },
    ];
    const since = client.mark();
    // As an editor sends them during a checkout: several notifications in a row.
    for (let i = 0; i < events.length; i += 50) await client.filesChanged(events.slice(i, i + 50));

    const done = await client.waitForNotification('indexChanged', (e) => e.params.notes === 5 - 1 + count, 20_000, since);
    for (const path of created) {
      const p = await client.waitForDiagnostics(client.uri(0, path), () => true, 5_000, since);
      assert.deepEqual(codesOf(p), ['section-missing', 'section-missing', 'section-missing', 'section-missing', 'section-missing', 'unknown-lesson'], path);
    }
    const exp002 = await client.waitForDiagnostics(client.uri(0, 'experiments/exp-002.md'), () => true, 5_000, since);
    assert.deepEqual(codesOf(exp002), ['unknown-lesson']);
    const deleted = await client.waitForDiagnostics(client.uri(0, 'experiments/exp-004-fields.md'), () => true, 5_000, since);
    assert.deepEqual(deleted.diagnostics, []);
    const notifications = client.eventsOf('indexChanged', since);
    assert.ok(notifications.length <= 4, `one or a few index-changed notifications, not one per file (got ${notifications.length})`);
    assert.equal(notifications[notifications.length - 1]!.seq, done.seq);
    assert.equal(done.params.indexing, false);
    assert.deepEqual(await client.connection.sendRequest(StatusRequest), { ...done.params, version: (await client.connection.sendRequest(StatusRequest)).version });
  });

  it('Should drop the notes of a deleted folder', async () => {
    rmSync(join(root, 'experiments', 'batch'), { recursive: true });
    const since = client.mark();
    await client.filesChanged([{ uri: client.uri(0, 'experiments/batch'), type: DELETED }]);
    const done = await client.waitForNotification('indexChanged', (e) => e.params.notes === 4, 10_000, since);
    assert.equal(done.params.notes, 4);
    const cleared = await client.waitForDiagnostics(client.uri(0, 'experiments/batch/b-7.md'), () => true, 5_000, since);
    assert.deepEqual(cleared.diagnostics, []);
  });
});

describe('Configuration', () => {
  let client: LspClient;
  let root: string;
  let settings: Record<string, unknown> = {};
  before(async () => {
    root = copyFixture('journal');
    writeFileSync(
      join(root, 'experiments/exp-005-placeholder.md'),
      readFileSync(join(root, 'experiments/exp-001.md'), 'utf8').replace('EXP-001', 'EXP-005').replace(/- \[L-000(\d)\]/g, '- [L-050$1]').replace('CTR 45% overall, 11% for new users.', 'TBD'),
    );
    client = await LspClient.start({ folders: [root], settings: () => settings });
  });
  after(() => client?.stop());

  it('Should re-publish diagnostics without a rule the settings turn off', async () => {
    const uri = client.uri(0, 'experiments/exp-005-placeholder.md');
    const before = await client.waitForDiagnostics(uri, () => true);
    assert.deepEqual(
      before.diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['section-placeholder', 21],
        ['completed-without-results', 21],
      ],
    );
    settings = { rules: { 'section-placeholder': 'off' }, trace: { server: 'verbose' } };
    const since = client.mark();
    await client.configurationChanged();
    const after = await client.waitForDiagnostics(uri, () => true, 10_000, since);
    assert.deepEqual(codesOf(after), ['completed-without-results']);
  });

  it('Should warn once, naming the setting, when a setting is invalid, and keep its default', async () => {
    settings = { rules: { 'section-missing': 'loud' } };
    const since = client.mark();
    await client.configurationChanged();
    const shown = await client.waitForNotification('showMessage', () => true, 10_000, since);
    assert.equal(shown.params.type, 2);
    assert.match(shown.params.message, /experimentJournal\.rules\.section-missing/);
    // The placeholder rule is back on (the settings no longer turn it off).
    const p = await client.waitForDiagnostics(client.uri(0, 'experiments/exp-005-placeholder.md'), (d) => codesOf(d).includes('section-placeholder'), 10_000, since);
    assert.deepEqual(codesOf(p), ['section-placeholder', 'completed-without-results']);
  });

  it('Should read .experiment-journal.json in the folder, re-checking when it appears, and let it win over the settings', async () => {
    settings = { rules: { 'unknown-lesson': 'error' } };
    writeFileSync(join(root, '.experiment-journal.json'), JSON.stringify({ rules: { 'unknown-lesson': 'off', 'section-missing': 'info' } }));
    const since = client.mark();
    await client.filesChanged([{ uri: client.uri(0, '.experiment-journal.json'), type: CREATED }]);
    const draft = client.uri(0, 'experiments/exp-003-draft.md');
    // Publications of the previous re-check may still arrive: wait for the state the file asks for.
    const p = await client.waitForDiagnostics(draft, (d) => d.diagnostics.every((x) => x.severity === 3), 10_000, since);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity]), [
      ['section-missing', 3],
      ['section-missing', 3],
      ['section-missing', 3],
      ['section-missing', 3],
    ]);
  });
});

describe('Multi-root workspaces', () => {
  let client: LspClient;
  let first: string;
  let second: string;
  before(async () => {
    first = copyFixture('journal');
    second = copyFixture('second');
    client = await LspClient.start({ folders: [first, second] });
  });
  after(() => client?.stop());

  it('Should report indexing progress for each folder', () => {
    const begins = client.eventsOf('progress').filter((e) => e.value.kind === 'begin');
    const ends = client.eventsOf('progress').filter((e) => e.value.kind === 'end');
    assert.equal(begins.length, 2);
    assert.deepEqual(new Set(ends.map((e) => e.token)), new Set(begins.map((e) => e.token)));
  });

  it('Should check each folder with its own configuration and its own lessons', async () => {
    // The second folder's config turns section-missing off and allows failure mode "vendor"; lesson L-0001
    // is defined only in the first folder, so it is unknown in the second.
    const p = await client.waitForDiagnostics(client.uri(1, 'experiments/exp-100.md'), () => true);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range]), [['unknown-lesson', { start: line(7, 10), end: line(7, 16) }]]);
    const draft = await client.waitForDiagnostics(client.uri(0, 'experiments/exp-003-draft.md'), () => true);
    assert.deepEqual(codesOf(draft), ['section-missing', 'section-missing', 'section-missing', 'section-missing', 'unknown-lesson']);
    // The same text opened in the first folder: "vendor" is not in its taxonomy, and sections are required there.
    const copy = client.uri(0, 'experiments/exp-100-copy.md');
    await client.open(copy, readFileSync(join(second, 'experiments/exp-100.md'), 'utf8').replace('EXP-100', 'EXP-101'));
    const q = await client.waitForDiagnostics(copy, (d) => d.version === 1);
    assert.deepEqual(codesOf(q).sort(), ['failure-mode-unknown', 'section-missing', 'section-missing', 'section-missing', 'section-missing', 'section-missing']);
    await client.close(copy);
  });
});
