import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyLessonPicks, postmortemSourcePicks, relatedFailurePicks } from '../../../src/extension/model/picks';
import { statusBarModel } from '../../../src/extension/model/statusText';
import { lesson, lessons, range, related } from './fixtures';

describe('Related failures quick pick', () => {
  it('Should list the best match first with score, id, date and failure mode, and the reasons as detail', () => {
    const picks = relatedFailurePicks([related('PM-1', 0.62, { failureMode: 'data-quality' }), related('PM-2', 1.85, { reasons: ['links to this note', 'shares tags: recsys'] })]);
    assert.deepEqual(picks.map((p) => p.value!.noteId), ['PM-2', 'PM-1']);
    assert.equal(picks[0]!.label, '$(history) Title PM-2');
    assert.equal(picks[0]!.description, 'score 1.85 · PM-2 · 2026-03-27');
    assert.equal(picks[1]!.description, 'score 0.62 · PM-1 · 2026-03-27 · data-quality');
    assert.equal(picks[0]!.detail, 'links to this note; shares tags: recsys — The join dropped rows.');
  });

  it('Should fall back to the id, then the file name, for untitled notes', () => {
    const [a, b] = relatedFailurePicks([related('PM-3', 1, { title: undefined }), related('PM-4', 0.5, { title: undefined, noteId: undefined, uri: 'file:///j/post%20mortem.md', preview: '' })]);
    assert.equal(a!.label, '$(history) PM-3');
    assert.equal(b!.label, '$(history) post mortem.md');
    assert.equal(b!.detail, 'same failure mode data-quality');
  });
});

describe('Apply Lesson quick pick', () => {
  const result = lessons(
    [lesson('L-B-1', { date: '2026-02-01' }), lesson('L-A-1', { date: '2026-01-01' }), lesson('L-OWN-1')],
    [lesson('L-C-1', { applications: [{ uri: 'file:///x.md', via: 'applies', range: range(1) }] }), lesson('L-D-1')],
  );

  it('Should offer never-applied lessons first, oldest first, under separators', () => {
    const picks = applyLessonPicks(result, { lessonIds: ['L-OWN-1'], applies: ['l-d-1'] });
    assert.deepEqual(
      picks.map((p) => (p.kind === 'separator' ? `--${p.label}` : p.value!.id)),
      ['--Never applied', 'L-A-1', 'L-B-1', '--Applied elsewhere', 'L-C-1'],
    );
    assert.equal(picks[1]!.label, '$(warning) L-A-1');
    assert.match(picks[4]!.detail!, /applied 1 time$/);
  });

  it('Should leave out the separators of empty groups', () => {
    assert.deepEqual(applyLessonPicks(lessons([], [lesson('L-C-1')]), { lessonIds: [], applies: [] }).map((p) => p.label), ['Applied elsewhere', '$(lightbulb) L-C-1']);
    assert.deepEqual(applyLessonPicks(lessons([], []), { lessonIds: [], applies: [] }), []);
  });
});

describe('New Post-Mortem source pick', () => {
  it('Should offer a blank post-mortem, then failed experiments with the current note first', () => {
    const exps = [
      { uri: 'file:///e1.md', id: 'EXP-1', title: 'One', date: '2026-01-01', failureMode: 'overfitting' },
      { uri: 'file:///e2.md', id: 'EXP-2', title: 'Two', date: '2026-02-01' },
    ];
    const picks = postmortemSourcePicks(exps, 'file:///e2.md');
    assert.deepEqual(picks.map((p) => p.label), ['$(new-file) Blank post-mortem', 'From a failed experiment', '$(beaker) Two', '$(beaker) One']);
    assert.equal(picks[0]!.value, 'blank');
    assert.equal(picks[2]!.description, 'EXP-2 · 2026-02-01 · current note');
    assert.equal(picks[3]!.description, 'EXP-1 · 2026-01-01 · overfitting');
    assert.deepEqual(postmortemSourcePicks([], undefined).map((p) => p.label), ['$(new-file) Blank post-mortem']);
  });
});

describe('Status bar', () => {
  it('Should spin while starting or indexing, then show notes and never-applied lessons', () => {
    assert.match(statusBarModel('starting', undefined).text, /sync~spin/);
    assert.match(statusBarModel('ready', { indexing: true, notes: 4, neverApplied: 1, version: 2 }).text, /^\$\(sync~spin\) Journal 4$/);
    assert.equal(statusBarModel('ready', { indexing: false, notes: 15, neverApplied: 3, version: 9 }).text, '$(book) 15 $(warning) 3');
    assert.match(statusBarModel('ready', { indexing: false, notes: 15, neverApplied: 3, version: 9 }).tooltip, /3 lessons never applied/);
    assert.equal(statusBarModel('ready', { indexing: false, notes: 1, neverApplied: 0, version: 9 }).text, '$(book) 1');
    assert.match(statusBarModel('failed', undefined).text, /error/);
  });
});
