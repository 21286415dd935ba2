import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NoteInfoRequest, StatusRequest } from '../../src/shared/protocol';
import { LspClient, assertServerBuilt, copyFixture } from './lspClient';

/** Diagnostics as [code, startLine, startChar, endLine, endChar], sorted as published. */
function codes(p: { diagnostics: { code?: string | number; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[] }) {
  return p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
}

describe('Indexing at start', () => {
  let client: LspClient;
  let root: string;
  before(async () => {
    assertServerBuilt();
    root = copyFixture('journal');
    client = await LspClient.start({ folders: [root] });
  });
  after(() => client?.stop());

  it('Should report work-done progress titled "Indexing journal" with N/M messages, then end', () => {
    const created = client.eventsOf('progressCreate');
    assert.equal(created.length, 1, 'one progress token for one folder');
    const token = created[0]!.token;
    const progress = client.eventsOf('progress').filter((e) => e.token === token);
    assert.ok(progress[0]!.seq > created[0]!.seq, 'the token is created before it is used');
    assert.deepEqual(progress[0]!.value, { kind: 'begin', title: 'Indexing journal', message: 'listing files…', cancellable: false, percentage: 0 });
    const reports = progress.slice(1, -1);
    assert.ok(reports.length >= 1);
    for (const r of reports) {
      assert.equal(r.value.kind, 'report');
      assert.match(r.value.kind === 'report' ? r.value.message ?? '' : '', /^\d\/6$/);
    }
    const last = reports[reports.length - 1]!.value;
    assert.deepEqual(last, { kind: 'report', percentage: 100, message: '6/6' });
    assert.deepEqual(progress[progress.length - 1]!.value, { kind: 'end' });
  });

  it('Should register file watchers for notes and the configuration file', () => {
    assert.deepEqual(client.eventsOf('register').map((e) => e.method), ['workspace/didChangeWatchedFiles']);
  });

  it('Should publish diagnostics for closed notes with exact codes and ranges', async () => {
    const draft = await client.waitForDiagnostics(client.uri(0, 'experiments/exp-003-draft.md'), () => true);
    assert.deepEqual(codes(draft), [
      ['section-missing', 0, 0, 0, 3],
      ['section-missing', 0, 0, 0, 3],
      ['section-missing', 0, 0, 0, 3],
      ['section-missing', 0, 0, 0, 3],
      ['unknown-lesson', 8, 4, 8, 10],
    ]);
    assert.deepEqual(
      draft.diagnostics.filter((d) => d.code === 'section-missing').map((d) => (d.data as { section: string }).section),
      ['Approach', 'Results', 'Outcome', 'Lessons Learned'],
    );
    assert.equal(draft.version, undefined, 'a closed note has no version');
    const pm = await client.waitForDiagnostics(client.uri(0, 'postmortems/pm-001.md'), () => true);
    assert.deepEqual(codes(pm), [
      ['blaming-language', 13, 57, 13, 68],
      ['action-item-owner', 26, 0, 26, 32],
      ['lesson-id-malformed', 30, 2, 30, 10],
      ['lesson-missing-id', 31, 0, 31, 26],
    ]);
    const fields = await client.waitForDiagnostics(client.uri(0, 'experiments/exp-004-fields.md'), () => true);
    assert.deepEqual(codes(fields), [['frontmatter-schema', 0, 0, 0, 3]]);
    assert.deepEqual(fields.diagnostics[0]!.data, { missingFields: ['title', 'date', 'status'] });
    assert.equal(fields.diagnostics[0]!.source, 'experiment-journal');
    // Clean notes and the README get nothing at all (no empty publication either).
    const published = new Set(client.eventsOf('diagnostics').map((e) => e.params.uri));
    for (const clean of ['experiments/exp-001.md', 'experiments/exp-002.md', 'README.md']) assert.ok(!published.has(client.uri(0, clean)), clean);
  });

  it('Should send indexChanged once indexing is done, with the note count', async () => {
    const changed = await client.waitForNotification('indexChanged', (e) => !e.params.indexing);
    assert.deepEqual(changed.params, { indexing: false, notes: 5, neverApplied: 1, version: changed.params.version });
    const status = await client.connection.sendRequest(StatusRequest);
    assert.equal(status.notes, 5);
    assert.equal(status.indexing, false);
  });

  it('Should leave a plain Markdown file that is not a note alone, even while it is edited', async () => {
    const readme = client.uri(0, 'README.md');
    const since = client.mark();
    await client.open(readme, '# Team journal\n\n## Lessons\n\n- [L 42] Not a note: TBD.\n');
    await client.change(readme, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '- human error, lazy\n' }]);
    // A note changed after the README is validated after it: its diagnostics are the barrier.
    const draft = client.uri(0, 'experiments/exp-003-draft.md');
    await client.open(draft, '---\nid: EXP-003\ntype: experiment\n---\n');
    await client.waitForDiagnostics(draft, (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'frontmatter-schema'), 10_000, since);
    assert.deepEqual(client.eventsOf('diagnostics', since).filter((e) => e.params.uri === readme), []);
    assert.deepEqual(await client.connection.sendRequest(NoteInfoRequest, { uri: readme }), { isNote: false, lessonIds: [], applies: [] });
    await client.close(readme);
    await client.close(draft);
  });
});

describe('Files that cannot be read as notes', () => {
  let client: LspClient;
  let root: string;
  before(async () => {
    root = copyFixture('journal');
    // Over the default 2 MB limit, and a note with a NUL byte in it.
    writeFileSync(join(root, 'experiments', 'huge.md'), `---\nid: EXP-900\ntype: experiment\n---\n${'a'.repeat(2 * 1024 * 1024)}\n`);
    writeFileSync(join(root, 'experiments', 'binary.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02, 0x0a]));
    client = await LspClient.start({ folders: [root] });
  });
  after(() => client?.stop());

  it('Should skip a huge note with exactly one file-skipped diagnostic', async () => {
    const p = await client.waitForDiagnostics(client.uri(0, 'experiments/huge.md'), () => true);
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0]!.code, 'file-skipped');
    assert.match(String(p.diagnostics[0]!.message), /over the size limit/);
    assert.deepEqual(p.diagnostics[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  it('Should skip a binary note with exactly one file-skipped diagnostic', async () => {
    const p = await client.waitForDiagnostics(client.uri(0, 'experiments/binary.md'), () => true);
    assert.deepEqual(
      p.diagnostics.map((d) => [d.code, d.message]),
      [['file-skipped', 'skipped: binary file (contains NUL bytes)']],
    );
  });

  it('Should keep indexing the other notes and answer requests', async () => {
    const status = await client.connection.sendRequest(StatusRequest);
    assert.equal(status.notes, 5);
    assert.ok(client.alive);
  });

  it('Should skip a huge buffer opened in the editor the same way, instead of parsing it on every keystroke', async () => {
    const uri = client.uri(0, 'experiments/huge-open.md');
    const since = client.mark();
    await client.open(uri, `---\nid: EXP-901\ntype: experiment\n---\n${'b'.repeat(2 * 1024 * 1024 + 10)}\n`);
    const p = await client.waitForDiagnostics(uri, (d) => d.version === 1, 10_000, since);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['file-skipped']);
    assert.match(String(p.diagnostics[0]!.message), /over the size limit/);
    await client.close(uri);
  });
});

describe('The index persisted between sessions', () => {
  it('Should save the index in the cache folder, start the next session from it reading only changed notes, and publish the same diagnostics', async () => {
    const root = copyFixture('journal');
    const cacheFolder = mkdtempSync(join(tmpdir(), 'ej-server-cache-'));
    const published = (c: LspClient) => new Map(c.eventsOf('diagnostics').map((e) => [e.params.uri, JSON.stringify(e.params.diagnostics)]));
    try {
      const first = await LspClient.start({ folders: [root], cacheFolder });
      await first.waitForNotification('log', (e) => /Saved the index cache of folder0/.test(e.params.message));
      assert.equal(readdirSync(cacheFolder).filter((f) => f.startsWith('index-')).length, 1);
      const before = published(first);
      await first.stop();

      const second = await LspClient.start({ folders: [root], cacheFolder });
      const log = second.eventsOf('log').map((e) => e.params.message).find((m) => m.startsWith('Indexed '));
      assert.match(log ?? '', /^Indexed 6 files of folder0 in \d+ ms \(6 unchanged, from the cache\)\.$/);
      assert.deepEqual(published(second), before);
      await second.stop();

      // One note changed on disk while no editor was running: only it is read again.
      const file = join(root, 'experiments', 'exp-003-draft.md');
      writeFileSync(file, readFileSync(file, 'utf8') + '\n## Outcome\n\nStill a draft.\n');
      utimesSync(file, new Date(), new Date(Date.now() + 10_000));
      const third = await LspClient.start({ folders: [root], cacheFolder });
      const log3 = third.eventsOf('log').map((e) => e.params.message).find((m) => m.startsWith('Indexed '));
      assert.match(log3 ?? '', /\(5 unchanged, from the cache\)/);
      const after3 = published(third);
      assert.notEqual(after3.get(third.uri(0, 'experiments/exp-003-draft.md')), before.get(third.uri(0, 'experiments/exp-003-draft.md')));
      await third.stop();

      // A damaged cache is ignored with a warning, never trusted.
      for (const f of readdirSync(cacheFolder)) writeFileSync(join(cacheFolder, f), 'garbage');
      const fourth = await LspClient.start({ folders: [root], cacheFolder });
      assert.ok(fourth.eventsOf('log').some((e) => /Ignoring the index cache of folder0/.test(e.params.message)));
      assert.deepEqual(published(fourth), after3);
      await fourth.stop();
    } finally {
      rmSync(cacheFolder, { recursive: true, force: true });
    }
  });
});
