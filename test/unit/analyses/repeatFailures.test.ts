import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repeatFailures, REPEAT_THRESHOLDS } from '../../../src/core/analyses';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { MemoryWorkspace } from '../../../src/core/workspace';
import { JOURNAL } from '../index/journal';
import { FAILURES } from './fixtures';

const build = (files: Record<string, string>) => JournalIndex.build(new MemoryWorkspace(files), DEFAULT_CONFIG, { today: '2026-07-01' });

describe('repeat failures', () => {
  it('Should flag the cold-start repeat EXP-5 of EXP-1 as wasteful despite L-0001, naming shared terms per field', async () => {
    const report = repeatFailures(await build(JOURNAL));
    // Failures: EXP-1, EXP-2, EXP-5 (outcome failure) and PM-1 (a post-mortem); EXP-3 succeeded.
    assert.equal(report.failures, 4);
    assert.equal(report.repeats, 1);
    assert.equal(report.wastefulRepeats, 1);
    assert.equal(report.groups.length, 1);
    const [group] = report.groups;
    assert.equal(group!.failureMode, 'cold-start');
    assert.deepEqual(group!.members.map((m) => [m.noteId, m.isRepeat, m.despite]), [
      ['EXP-1', false, []],
      ['EXP-5', true, ['L-0001']],
    ]);
    const similar = group!.members[1]!.similarTo!;
    assert.equal(similar.noteId, 'EXP-1');
    assert.equal(similar.sameFailureMode, true);
    assert.ok(similar.similarity >= REPEAT_THRESHOLDS.sameMode);
    // Worked out from the fixture text: terms of three or more letters, stop words out, plurals folded;
    // within a field the rarer terms first (recommendation is also in EXP-2's hypothesis), then a-z.
    assert.deepEqual(similar.shared, [
      { field: 'title', terms: ['collaborative', 'filtering'] },
      { field: 'root cause', terms: ['cold', 'start', 'user', 'recommendation'] },
      { field: 'hypothesis', terms: ['drive', 'preference', 'similarity', 'user'] },
      { field: 'approach', terms: ['click', 'collaborative', 'filtering', 'logs'] },
    ]);
  });

  it('Should group by the hand-computed TF-IDF cosine and the failure-mode thresholds', async () => {
    const report = repeatFailures(await build(FAILURES));
    // Six failures (EXP-14 succeeded). idf = ln(1 + 6/df): quantization (df 3) ln 3, pruning/throughput/
    // kernel/schema (df 2) ln 4, the rest ln 7. cos(EXP-10, EXP-11) = ln²3 / √((ln²3 + 3 ln²4)(ln²3 + 3 ln²7))
    // = 0.1289 ≥ 0.1 with the same mode: grouped. cos(PM-12, EXP-13) = ln²4 / (ln²4 + 3 ln²7) = 0.1447
    // < 0.3 with different modes: not grouped. EXP-16 shares the mode but no term: not grouped.
    assert.equal(report.failures, 6);
    assert.equal(report.groups.length, 1);
    const [group] = report.groups;
    assert.equal(group!.failureMode, 'latency');
    assert.deepEqual(group!.keyTerms, ['quantization', 'kernel', 'pruning', 'throughput']);
    assert.deepEqual(
      group!.members.map((m) => ({ id: m.noteId, repeat: m.isRepeat, despite: m.despite, similarTo: m.similarTo?.noteId, sim: m.similarTo?.similarity })),
      [
        { id: 'EXP-10', repeat: false, despite: [], similarTo: undefined, sim: undefined },
        { id: 'EXP-11', repeat: true, despite: ['L-10'], similarTo: 'EXP-10', sim: 0.129 },
        // EXP-15 applies L-10 but not L-11 (recorded by EXP-11, an earlier member); it is most like EXP-10.
        { id: 'EXP-15', repeat: true, despite: ['L-11'], similarTo: 'EXP-10', sim: 1 },
      ],
    );
    assert.deepEqual(group!.members[2]!.similarTo!.shared, [
      { field: 'title', terms: ['quantization'] },
      { field: 'root cause', terms: ['kernel'] },
      { field: 'hypothesis', terms: ['pruning'] },
      { field: 'approach', terms: ['throughput'] },
    ]);
    assert.equal(group!.repeats, 2);
    assert.equal(group!.wastefulRepeats, 2);
  });

  it('Should not call a repeat wasteful when it applies the earlier lessons, by applies or by [[L-…]]', async () => {
    const files = { ...FAILURES };
    files['experiments/f5.md'] = files['experiments/f5.md']!.replace('## Hypothesis', 'Following [[L-11]].\n\n## Hypothesis');
    const report = repeatFailures(await build(files));
    assert.deepEqual(report.groups[0]!.members.map((m) => m.despite), [[], ['L-10'], []]);
    assert.equal(report.wastefulRepeats, 1);
  });

  it('Should group different failure modes only when the text is at least 0.3 similar', async () => {
    // EXP-13 takes PM-12's words (plus one of its own): well above 0.3 across modes → grouped.
    const files = { ...FAILURES };
    files['experiments/f4.md'] = files['experiments/f4.md']!.replace(/Onboarding/, 'Upstream rename').replace(/Popularity/, 'Drift').replace(/Fallback/, 'Placeholder');
    const report = repeatFailures(await build(files));
    const cross = report.groups.find((g) => g.members.some((m) => m.noteId === 'PM-12'));
    assert.ok(cross, 'PM-12 and EXP-13 grouped');
    assert.deepEqual(cross.members.map((m) => m.noteId), ['PM-12', 'EXP-13']);
    assert.equal(cross.members[1]!.similarTo!.sameFailureMode, false);
    assert.ok(cross.members[1]!.similarTo!.similarity >= REPEAT_THRESHOLDS.anyMode);
  });

  it('Should order a group by date whatever order the files are listed in, undated members last', async () => {
    const files: Record<string, string> = {
      'experiments/z-first.md': FAILURES['experiments/f1.md']!,
      'experiments/a-second.md': FAILURES['experiments/f5.md']!.replace('date: 2026-05-01', 'date: 2026-01-06'),
      'experiments/m-undated.md': FAILURES['experiments/f2.md']!.replace('date: 2026-02-05\n', ''),
    };
    const report = repeatFailures(await build(files));
    assert.deepEqual(report.groups[0]!.members.map((m) => [m.noteId, m.date]), [
      ['EXP-10', '2026-01-05'],
      ['EXP-15', '2026-01-06'],
      ['EXP-11', undefined],
    ]);
  });
});
