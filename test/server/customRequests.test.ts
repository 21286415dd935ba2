import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ActionItemsRequest,
  AddLessonRequest,
  ApplyLessonRequest,
  LessonsRequest,
  MetricsRequest,
  NoteInfoRequest,
  RefreshRequest,
  RelatedFailuresRequest,
  RepeatFailuresRequest,
  StatusRequest,
} from '../../src/shared/protocol';
import { LspClient, applyEdits, copyFixture } from './lspClient';

const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });

describe('Custom requests', () => {
  let client: LspClient;
  let root: string;
  let rel: (path: string) => string;
  before(async () => {
    root = copyFixture('journal');
    client = await LspClient.start({ folders: [root] });
    rel = (path) => client.uri(0, path);
  });
  after(() => client?.stop());

  it('lessons: never applied first, applied with where', async () => {
    const result = await client.connection.sendRequest(LessonsRequest);
    assert.deepEqual(result.neverApplied.map((l) => [l.id, l.uri, l.noteId, l.idRange, l.applications]), [['L-0004', rel('experiments/exp-004-fields.md'), 'EXP-004', range(25, 3, 25, 9), []]]);
    assert.deepEqual(
      result.applied.map((l) => [l.id, l.applications.map((a) => [a.uri, a.noteId, a.via, a.range])]),
      [
        ['L-0001', [[rel('experiments/exp-002.md'), 'EXP-002', 'applies', range(8, 10, 8, 16)]]],
        ['L-0002', [[rel('experiments/exp-002.md'), 'EXP-002', 'reference', range(20, 40, 20, 46)]]],
        ['L-0003', [[rel('experiments/exp-003-draft.md'), 'EXP-003', 'applies', range(7, 4, 7, 10)]]],
      ],
    );
    assert.equal(result.applied[0]!.text, 'Test cold-start behaviour from the first day.');
    assert.equal(result.applied[0]!.ageDays, 328, '2026-01-10 to the fixed today 2026-12-04');
  });

  it('repeatFailures: counts failures; two cold-start notes, the later applying the earlier lesson, are no wasteful repeat', async () => {
    const result = await client.connection.sendRequest(RepeatFailuresRequest);
    assert.equal(result.failures, 3);
    assert.equal(result.wastefulRepeats, 0);
    for (const g of result.groups) for (const m of g.members) assert.ok(m.uri.startsWith('file://'));
  });

  it('relatedFailures: the earlier failure with its reasons and the range to open', async () => {
    const result = await client.connection.sendRequest(RelatedFailuresRequest, { uri: rel('experiments/exp-002.md') });
    assert.deepEqual(result.map((r) => [r.uri, r.noteId, r.failureMode, r.focusRange, r.preview]), [
      [rel('experiments/exp-001.md'), 'EXP-001', 'cold-start', range(25, 0, 25, 10), 'Failure: new users get nothing useful.'],
    ]);
    assert.ok(result[0]!.reasons.includes('same failure mode: cold-start'));
    assert.ok(result[0]!.reasons.includes('linked: this note references EXP-001'));
    assert.deepEqual(await client.connection.sendRequest(RelatedFailuresRequest, { uri: rel('README.md') }), []);
  });

  it('actionItems: open items grouped by note, with owners and ranges', async () => {
    const result = await client.connection.sendRequest(ActionItemsRequest);
    assert.deepEqual(result, [
      {
        uri: rel('postmortems/pm-001.md'),
        noteId: 'PM-001',
        noteTitle: 'Ranking outage',
        noteType: 'postmortem',
        items: [
          { uri: rel('postmortems/pm-001.md'), text: 'Add a contract test @wei', owner: 'wei', overdue: false, range: range(25, 0, 25, 30) },
          { uri: rel('postmortems/pm-001.md'), text: 'Alert on the fallback rate', overdue: false, range: range(26, 0, 26, 32) },
        ],
      },
    ]);
  });

  it('metrics: overall and per month', async () => {
    const result = await client.connection.sendRequest(MetricsRequest);
    assert.equal(result.overall.month, 'all');
    assert.equal(result.overall.experiments, 3);
    assert.equal(result.overall.lessonsDocumented, 4);
    assert.equal(result.overall.lessonsApplied, 3);
    assert.equal(result.overall.lessonApplicationRate, 0.75);
    assert.equal(result.overall.failures, 3);
    assert.deepEqual(result.months.map((m) => [m.month, m.experiments]), [
      ['2026-01', 1],
      ['2026-02', 1],
      ['2026-03', 1],
    ]);
  });

  it('status and noteInfo', async () => {
    const status = await client.connection.sendRequest(StatusRequest);
    assert.equal(status.notes, 5);
    assert.equal(status.neverApplied, 1);
    assert.equal(status.indexing, false);
    assert.deepEqual(await client.connection.sendRequest(NoteInfoRequest, { uri: rel('experiments/exp-002.md') }), {
      isNote: true,
      id: 'EXP-002',
      type: 'experiment',
      title: 'Content features for new users',
      outcome: 'failure',
      failureMode: 'cold-start',
      lessonIds: ['L-0003'],
      applies: ['L-0001'],
    });
  });

  it('addLesson: appends a lesson with the next id to the lessons section, or creates the section', async () => {
    const uri = rel('experiments/exp-001.md');
    const text = readFileSync(join(root, 'experiments/exp-001.md'), 'utf8');
    await client.open(uri, text);
    const result = await client.connection.sendRequest(AddLessonRequest, { uri, text: 'Ask new users for preferences.' });
    assert.ok(result);
    assert.equal(result.lessonId, 'L-EXP-001-1');
    const after = applyEdits(text, result.edit.changes![uri]!);
    assert.equal(after, text.replace('- [L-0002] Segment metrics by user tenure.\n', '- [L-0002] Segment metrics by user tenure.\n- [L-EXP-001-1] Ask new users for preferences.\n'));
    assert.deepEqual(result.textStart, { line: 33, character: 16 });
    assert.equal(after.split('\n')[33]!.slice(16), 'Ask new users for preferences.');
    await client.close(uri);

    // The draft has no Lessons Learned: the section is created in its canonical place (before Next Steps).
    const draftUri = rel('experiments/exp-003-draft.md');
    const draft = readFileSync(join(root, 'experiments/exp-003-draft.md'), 'utf8');
    await client.open(draftUri, draft);
    const created = await client.connection.sendRequest(AddLessonRequest, { uri: draftUri });
    assert.ok(created);
    const withSection = applyEdits(draft, created.edit.changes![draftUri]!);
    assert.equal(withSection, draft.replace('## Next Steps', '## Lessons Learned\n\n- [L-EXP-003-1] What we will do differently next time\n\n## Next Steps'));
    assert.deepEqual(created.textStart, { line: 19, character: 16 });
    await client.close(draftUri);
  });

  it('applyLesson: adds the id to a flow list, a block list, or a new `applies` field; says when already applied', async () => {
    const flowUri = rel('experiments/exp-002.md');
    const flow = readFileSync(join(root, 'experiments/exp-002.md'), 'utf8');
    await client.open(flowUri, flow);
    const r1 = await client.connection.sendRequest(ApplyLessonRequest, { uri: flowUri, lessonId: 'L-0004' });
    assert.ok('edit' in r1);
    assert.equal(applyEdits(flow, r1.edit.changes![flowUri]!), flow.replace('applies: [L-0001]', 'applies: [L-0001, L-0004]'));
    assert.deepEqual(await client.connection.sendRequest(ApplyLessonRequest, { uri: flowUri, lessonId: 'L-0001' }), { alreadyApplied: true });

    const blockUri = rel('experiments/exp-003-draft.md');
    const block = readFileSync(join(root, 'experiments/exp-003-draft.md'), 'utf8');
    await client.open(blockUri, block);
    const r2 = await client.connection.sendRequest(ApplyLessonRequest, { uri: blockUri, lessonId: 'L-0004' });
    assert.ok('edit' in r2);
    assert.equal(applyEdits(block, r2.edit.changes![blockUri]!), block.replace('  - L-0099\n', '  - L-0099\n  - L-0004\n'));

    const noneUri = rel('experiments/exp-001.md');
    const none = readFileSync(join(root, 'experiments/exp-001.md'), 'utf8');
    await client.open(noneUri, none);
    const r3 = await client.connection.sendRequest(ApplyLessonRequest, { uri: noneUri, lessonId: 'L-0004' });
    assert.ok('edit' in r3);
    assert.equal(applyEdits(none, r3.edit.changes![noneUri]!), none.replace('tags: [recsys]\n---\n', 'tags: [recsys]\napplies: [L-0004]\n---\n'));

    assert.deepEqual(await client.connection.sendRequest(ApplyLessonRequest, { uri: rel('experiments/not-open.md'), lessonId: 'L-0004' }), { error: 'The note is not open.' });
    for (const uri of [flowUri, blockUri, noneUri]) await client.close(uri);
  });

  it('indexChanged: sent after an edit changes the index, with the new status', async () => {
    const uri = rel('experiments/exp-002.md');
    const text = readFileSync(join(root, 'experiments/exp-002.md'), 'utf8');
    await client.open(uri, text);
    const since = client.mark();
    // Applying L-0004 leaves no lesson never applied.
    await client.change(uri, [{ range: range(8, 16, 8, 16), text: ', L-0004' }]);
    const changed = await client.waitForNotification('indexChanged', (e) => e.params.neverApplied === 0, 10_000, since);
    assert.equal(changed.params.notes, 5);
    const lessons = await client.connection.sendRequest(LessonsRequest);
    assert.deepEqual(lessons.neverApplied, []);
    await client.close(uri);
  });

  it('refresh: re-reads every folder from disk', async () => {
    writeFileSync(join(root, 'experiments/exp-006.md'), readFileSync(join(root, 'experiments/exp-001.md'), 'utf8').replace('EXP-001', 'EXP-006').replace(/\[L-000(\d)\]/g, '[L-060$1]'));
    const since = client.mark();
    const status = await client.connection.sendRequest(RefreshRequest);
    assert.equal(status.notes, 6);
    assert.equal(status.neverApplied, 3, 'L-0004 again (the buffer that applied it was closed) and the two new lessons');
    await client.waitForNotification('indexChanged', (e) => e.params.notes === 6, 10_000, since);
    assert.equal(client.eventsOf('progress', since).filter((e) => e.value.kind === 'begin').length, 1, 'with indexing progress');
  });
});
