import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applicationCount, lessonReport } from '../../../src/core/analyses';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { MemoryWorkspace } from '../../../src/core/workspace';
import { JOURNAL, note } from '../index/journal';

const TODAY = '2026-06-01';
const build = (files: Record<string, string>) => JournalIndex.build(new MemoryWorkspace(files), DEFAULT_CONFIG, { today: TODAY });
const exp = (fm: Record<string, unknown>, body: string) =>
  note({ type: 'experiment', title: String(fm.id), status: 'completed', ...Object.fromEntries(Object.entries(fm).filter(([, v]) => v !== undefined)) }, body);

const LESSONS: Record<string, string> = {
  // Applies its own L-1 and references its own L-2: neither counts.
  'experiments/a.md': exp({ id: 'EXP-A', date: '2026-01-01', applies: ['L-1'] }, '## Lessons Learned\n\n- [L-1] Validate inputs\n- [L-2] Cache embeddings\n\nSee [[L-2]].\n'),
  'experiments/e.md': exp({ id: 'EXP-E', date: '2026-01-15' }, '## Lessons Learned\n\n- [L-6] Pin versions\n'),
  // Applies L-1 in front matter and references it in the body: two applications, one note.
  'experiments/b.md': exp({ id: 'EXP-B', date: '2026-02-01', applies: ['L-1'] }, 'As [[L-1]] says.\n\n## Lessons Learned\n\n- [L-3] Profile first\n'),
  'postmortems/c.md': note(
    { id: 'PM-C', type: 'postmortem', title: 'C', date: '2026-03-01', status: 'open' },
    '## What Happened\n\nWe forgot [[L-1]] and [[L-3]].\n\n## Lessons for Team\n\n- [L-4] Alert on drift\n',
  ),
  'experiments/d.md': exp({ id: 'EXP-D' }, '## Lessons Learned\n\n- [L-5] Undated lesson\n'),
};

describe('lessons never applied and applied', () => {
  it('Should list never-applied lessons oldest first with their age in days, undated last', async () => {
    const report = lessonReport(await build(LESSONS));
    // Ages from 2026-06-01: Jan 1 → 151 days, Jan 15 → 137, Mar 1 → 92.
    assert.deepEqual(report.neverApplied.map((l) => [l.id, l.noteId, l.date, l.ageDays]), [
      ['L-2', 'EXP-A', '2026-01-01', 151],
      ['L-6', 'EXP-E', '2026-01-15', 137],
      ['L-4', 'PM-C', '2026-03-01', 92],
      ['L-5', 'EXP-D', undefined, undefined],
    ]);
    assert.equal(report.neverApplied[0]!.text, 'Cache embeddings');
  });

  it('Should list applied lessons with where and how, most applied first; self-application not counted', async () => {
    const index = await build(LESSONS);
    const report = lessonReport(index);
    assert.deepEqual(
      report.applied.map((l) => [l.id, l.applications.map((a) => [a.noteId, a.via, a.date])]),
      [
        ['L-1', [['EXP-B', 'applies', '2026-02-01'], ['EXP-B', 'reference', '2026-02-01'], ['PM-C', 'reference', '2026-03-01']]],
        ['L-3', [['PM-C', 'reference', '2026-03-01']]],
      ],
    );
    assert.deepEqual(report.applied[0]!.applications[1]!.range, { start: { line: 8, character: 5 }, end: { line: 8, character: 8 } });
    assert.equal(applicationCount(index, 'L-1'), 2);
    assert.equal(applicationCount(index, 'L-2'), 0);
  });

  it('Should report the example lessons of the small journal by hand', async () => {
    const report = lessonReport(await build(JOURNAL));
    assert.deepEqual(report.neverApplied.map((l) => [l.id, l.ageDays]), [
      ['L-0003', 83],
      ['L-0004', 61],
      ['L-0005', 31],
    ]);
    assert.deepEqual(report.applied.map((l) => [l.id, l.applications.map((a) => a.noteId)]), [
      ['L-0001', ['EXP-2', 'EXP-3']],
      ['L-0002', ['EXP-3']],
    ]);
  });

  it('Should list a lesson defined twice once, from the earliest note, whatever the listing order', async () => {
    const dup = (first: string, second: string, date1: string, date2: string) => ({
      [first]: exp({ id: 'EXP-X', date: date1 }, '## Lessons Learned\n\n- [L-9] From X\n'),
      [second]: exp({ id: 'EXP-Y', date: date2 }, '## Lessons Learned\n\n- [L-9] From Y\n'),
    });
    for (const files of [dup('experiments/x.md', 'experiments/y.md', '2026-02-01', '2026-01-01'), dup('experiments/y.md', 'experiments/x.md', '2026-01-01', '2026-02-01')]) {
      const report = lessonReport(await build(files));
      assert.equal(report.neverApplied.length, 1);
      assert.equal(report.neverApplied[0]!.date, '2026-01-01');
    }
    // Same date (or both undated): the first path wins, so a rebuild and an incremental index agree.
    for (const date of ['2026-01-01', undefined]) {
      const files = dup('experiments/x.md', 'experiments/y.md', date as string, date as string);
      const index = await build(files);
      // Removing and re-adding x.md puts it after y.md in the index's own order.
      index.remove('experiments/x.md');
      index.update('experiments/x.md', files['experiments/x.md']!);
      assert.equal(lessonReport(index).neverApplied[0]!.path, 'experiments/x.md', `date ${date}`);
    }
  });
});
