import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EFFICIENCY_WEIGHTS, learningMetrics } from '../../../src/core/analyses';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { MemoryWorkspace } from '../../../src/core/workspace';
import { JOURNAL, note } from '../index/journal';

const build = (files: Record<string, string>) => JournalIndex.build(new MemoryWorkspace(files), DEFAULT_CONFIG, { today: '2026-06-01' });

describe('learning metrics', () => {
  it("Should use the seed's weights and velocity cap", () => {
    assert.deepEqual(EFFICIENCY_WEIGHTS, { application: 0.3, repeat: 0.3, innovation: 0.2, velocity: 0.2, velocityCap: 10 });
  });

  it('Should compute the whole-journal metrics of the small journal by hand', async () => {
    const { overall } = learningMetrics(await build(JOURNAL));
    // 4 experiments from 2026-01-10 to 2026-05-01: 111 days + 1 = 112 days = 16 weeks → 0.25/week.
    // Lessons: L-0001 (EXP-2, EXP-3) and L-0002 (EXP-3) applied of 5 → 0.4.
    // Failures: EXP-1, EXP-2, EXP-5, PM-1; EXP-5 repeats EXP-1 → 0.25.
    // Novel: EXP-1 (recsys, collaborative-filtering), EXP-2 (deep-learning); EXP-3 and EXP-5 only recsys → 0.5.
    // PM-1: 2026-04-01 → resolved 2026-04-05 = 4 days.
    // Score: 0.3·0.4 + 0.3·(1 − 0.25) + 0.2·0.5 + 0.2·min(0.25/10, 1) = 0.12 + 0.225 + 0.1 + 0.005 = 0.45.
    assert.deepEqual(overall, {
      experiments: 4,
      experimentVelocity: 0.25,
      lessonsDocumented: 5,
      lessonsApplied: 2,
      lessonApplicationRate: 0.4,
      failures: 4,
      repeatedFailures: 1,
      repeatFailureRate: 0.25,
      novelExperiments: 2,
      innovationIndex: 0.5,
      failureRecoveryDays: 4,
      learningEfficiencyScore: 0.45,
      from: '2026-01-10',
      to: '2026-05-01',
    });
  });

  it('Should compute each month over its own weeks', async () => {
    const { months } = learningMetrics(await build(JOURNAL));
    const brief = months.map((m) => [m.month, m.experiments, m.experimentVelocity, m.lessonApplicationRate, m.repeatFailureRate, m.innovationIndex, m.failureRecoveryDays, m.learningEfficiencyScore]);
    assert.deepEqual(brief, [
      // January: 1 experiment in 31/7 weeks = 0.2258; L-0001 applied; EXP-1 failed, first of its kind.
      // 0.3 + 0.3 + 0.2 + 0.2·0.02258 = 0.8045 → 0.805.
      ['2026-01', 1, 0.226, 1, 0, 1, undefined, 0.805],
      // February: 28 days = 4 weeks → 0.25; 0.8 + 0.2·0.025 = 0.805.
      ['2026-02', 1, 0.25, 1, 0, 1, undefined, 0.805],
      // March: EXP-3 succeeded (no failures: rate undefined, counted as 0 in the score), tag not new,
      // L-0003 never applied: 0 + 0.3 + 0 + 0.0045 = 0.3045 → 0.305.
      ['2026-03', 1, 0.226, 0, undefined, 0, undefined, 0.305],
      // April: no experiments; PM-1 failed and recovered in 4 days; L-0004 never applied: 0.3.
      ['2026-04', 0, 0, 0, 0, undefined, 4, 0.3],
      // May: EXP-5 is a repeat: 0 + 0 + 0 + 0.0045 → 0.005.
      ['2026-05', 1, 0.226, 0, 1, 0, undefined, 0.005],
    ]);
  });

  it('Should count experiments that introduce a tag on the same day as both novel, whatever the index order', async () => {
    const exp = (id: string, date: string, tags: string[]) => note({ id, type: 'experiment', title: id, date, status: 'completed', tags }, '# x\n');
    const files = {
      'experiments/a.md': exp('EXP-A', '2026-03-01', ['x']),
      'experiments/b.md': exp('EXP-B', '2026-03-01', ['x', 'y']),
      'experiments/c.md': exp('EXP-C', '2026-03-02', ['x']),
      'experiments/d.md': exp('EXP-D', '2026-03-03', []),
    };
    const index = await build(files);
    const before = learningMetrics(index).overall;
    index.remove('experiments/a.md');
    index.update('experiments/a.md', files['experiments/a.md']);
    const after = learningMetrics(index).overall;
    assert.equal(before.novelExperiments, 2);
    assert.equal(after.novelExperiments, 2);
    // 4 experiments over 3 days: the span is at least one week → 4/week; innovation 2/4.
    assert.equal(after.experimentVelocity, 4);
    assert.equal(after.innovationIndex, 0.5);
    // No lessons and no failures: 0·0.3 + (1 − 0)·0.3 + 0.5·0.2 + min(4/10, 1)·0.2 = 0.48.
    assert.equal(after.learningEfficiencyScore, 0.48);
    assert.equal(after.lessonApplicationRate, undefined);
    assert.equal(after.repeatFailureRate, undefined);
  });

  it('Should cap velocity at 10 a week in the score and skip post-mortems without a usable resolved date', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`experiments/e${i}.md`] = note({ id: `EXP-${i}`, type: 'experiment', title: 'x', date: '2026-03-01', status: 'completed' }, '# x\n');
    files['postmortems/open.md'] = note({ id: 'PM-1', type: 'postmortem', title: 'p', date: '2026-03-01', status: 'open' }, '# p\n');
    files['postmortems/back.md'] = note({ id: 'PM-2', type: 'postmortem', title: 'p', date: '2026-03-10', status: 'resolved', resolved: '2026-03-01' }, '# p\n');
    files['postmortems/ok.md'] = note({ id: 'PM-3', type: 'postmortem', title: 'p', date: '2026-03-10', status: 'resolved', resolved: '2026-03-13' }, '# p\n');
    const { overall } = learningMetrics(await build(files));
    assert.equal(overall.experimentVelocity, 30);
    assert.equal(overall.failureRecoveryDays, 3);
    // Three post-mortems, none grouped (no text): 0 + 0.3 + 0 (no tags) + 0.2·1 = 0.5.
    assert.equal(overall.failures, 3);
    assert.equal(overall.learningEfficiencyScore, 0.5);
  });
});
