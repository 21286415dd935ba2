import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { completeExperiment, runCli, tempWorkspace, type JsonProblem } from './helpers';

const EXAMPLES = resolve(__dirname, '../../examples/journal');

/** The example journal copied to a temp folder, so the tests see exactly what a user would. */
function exampleCopy() {
  const ws = tempWorkspace();
  cpSync(EXAMPLES, join(ws.root, 'journal'), { recursive: true });
  return ws;
}

describe('experiment-journal report', () => {
  it('Should report the example journal as JSON: never-applied lessons oldest first, the wasteful repeat, action items, metrics', () => {
    const ws = exampleCopy();
    try {
      const run = runCli(['report', 'journal', '--format', 'json', '--today', '2026-12-04'], ws.root);
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.equal(report.version, 1);
      assert.equal(report.today, '2026-12-04');
      const never = report.lessons.neverApplied as { id: string; date: string; ageDays: number; file: string; line: number }[];
      assert.equal(never[0]!.id, 'L-0006');
      assert.equal(never[0]!.ageDays, 277);
      assert.equal(never[0]!.file, 'journal/experiments/2026-03-02-search-ranking-query-features.md');
      const dates = never.map((l) => l.date);
      assert.deepEqual([...dates].sort(), dates, 'oldest first');
      const v1Lesson = report.lessons.applied.find((l: { id: string }) => l.id === 'L-0001');
      assert.ok(v1Lesson.count >= 2, 'the v1 cold-start lesson is applied by later versions');

      const groups = report.repeatFailures.groups as { failureMode: string; members: { noteId: string; isRepeat: boolean; despite: string[]; similarTo: unknown }[] }[];
      const overfit = groups.find((g) => g.failureMode === 'overfitting');
      assert.ok(overfit, 'the overfitting repeat is grouped');
      assert.deepEqual(
        overfit.members.map((m) => [m.noteId, m.isRepeat, m.despite]),
        [
          ['EXP-2026-003', false, []],
          ['EXP-2026-009', true, ['L-0005', 'L-0006']],
        ],
      );
      assert.equal(report.repeatFailures.wastefulRepeats, 1);
      assert.ok(report.actionItems.overdue >= 1);
      const overdue = report.actionItems.notes.flatMap((n: { items: { overdue: boolean; due: string }[] }) => n.items).filter((i: { overdue: boolean }) => i.overdue);
      assert.ok(overdue.every((i: { due: string }) => i.due < '2026-12-04'));
      const m = report.metrics.overall;
      const expected = 0.3 * m.lessonApplicationRate + 0.3 * (1 - m.repeatFailureRate) + 0.2 * m.innovationIndex + 0.2 * Math.min(m.experimentVelocity / 10, 1);
      assert.ok(Math.abs(m.learningEfficiencyScore - expected) < 0.002, `score ${m.learningEfficiencyScore} follows the seed's weights (${expected})`);
      assert.ok(report.metrics.months.length > 0);
    } finally {
      ws.cleanup();
    }
  });

  it('Should print text and Markdown reports', () => {
    const ws = exampleCopy();
    try {
      const text = runCli(['report', 'journal', '--today', '2026-12-04'], ws.root);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /Lessons never applied \(\d+ of \d+\)/);
      assert.match(text.stdout, /repeated despite L-0005, L-0006/);
      assert.match(text.stdout, /OVERDUE since 2026-10-15/);
      assert.doesNotMatch(text.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
      const md = runCli(['report', 'journal', '--format', 'markdown', '--today', '2026-12-04'], ws.root);
      assert.equal(md.status, 0, md.stderr);
      assert.match(md.stdout, /^# Experiment Journal report/);
      assert.match(md.stdout, /\| Lesson \| Text \| Note \| Age \(days\) \|/);
      assert.match(md.stdout, /\*\*repeated despite L-0005, L-0006\*\*/);
    } finally {
      ws.cleanup();
    }
  });

  it('Should exit 2 on a bad format or a missing folder', () => {
    const ws = tempWorkspace();
    try {
      assert.equal(runCli(['report', '--format', 'pdf'], ws.root).status, 2);
      assert.equal(runCli(['report', 'nowhere'], ws.root).status, 2);
    } finally {
      ws.cleanup();
    }
  });
});

describe('experiment-journal related', () => {
  it('Should rank the earlier failures like a note, with reasons, as JSON', () => {
    const ws = exampleCopy();
    try {
      const run = runCli(['related', 'journal/experiments/2026-09-14-price-sensitivity-model.md', '--format', 'json', '--limit', '3'], ws.root);
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout);
      assert.equal(out.noteId, 'EXP-2026-009');
      assert.ok(out.related.length >= 1 && out.related.length <= 3, 'at most --limit results');
      assert.equal(out.related[0].noteId, 'EXP-2026-003');
      assert.ok(out.related[0].reasons.includes('same failure mode: overfitting'));
      assert.ok(out.related.every((r: { date: string }) => r.date < '2026-09-14'), 'only earlier failures');
      const scores = out.related.map((r: { score: number }) => r.score);
      assert.deepEqual([...scores].sort((a, b) => b - a), scores);
    } finally {
      ws.cleanup();
    }
  });

  it('Should refuse a file that is not a note', () => {
    const ws = exampleCopy();
    try {
      const run = runCli(['related', 'journal/README.md'], ws.root);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /is not a note/);
    } finally {
      ws.cleanup();
    }
  });
});

describe('experiment-journal check with cross-note rules', () => {
  it('Should report a duplicate note id on both notes and an unknown lesson', () => {
    const ws = tempWorkspace({
      'experiments/a.md': completeExperiment('EXP-2026-0101-AAAA'),
      'experiments/b.md': completeExperiment('EXP-2026-0101-AAAA').replace('L-EXP-2026-0101-AAAA-1', 'L-OTHER-1').replace('outcome: success', 'outcome: success\napplies: [L-NOWHERE]'),
    });
    try {
      mkdirSync(join(ws.root, 'postmortems'));
      const run = runCli(['check', '--format', 'json'], ws.root);
      assert.equal(run.status, 1, run.stderr);
      const problems = JSON.parse(run.stdout) as JsonProblem[];
      const dup = problems.filter((p) => p.code === 'duplicate-note-id');
      assert.deepEqual(dup.map((p) => [p.file, p.line, p.column]).sort(), [
        ['experiments/a.md', 2, 5],
        ['experiments/b.md', 2, 5],
      ]);
      const unknown = problems.filter((p) => p.code === 'unknown-lesson');
      assert.deepEqual(unknown.map((p) => [p.file, p.line]), [['experiments/b.md', 8]]);
    } finally {
      ws.cleanup();
    }
  });
});

describe('experiment-journal check on the example journal', () => {
  it('Should report exactly the findings the example journal promises (test/unit/examples/expected-findings.json), through the built CLI', () => {
    const ws = exampleCopy();
    try {
      const run = runCli(['check', 'journal', '--format', 'json', '--today', '2026-12-04'], ws.root);
      assert.equal(run.status, 1, 'the deliberately broken notes include an error');
      const problems = JSON.parse(run.stdout) as JsonProblem[];
      const expected = JSON.parse(readFileSync(resolve(__dirname, '../unit/examples/expected-findings.json'), 'utf8')) as { file: string; line: number; code: string }[];
      const key = (p: { file: string; line: number; code: string }) => `${p.file}:${p.line}:${p.code}`;
      assert.deepEqual(problems.map((p) => key({ ...p, file: p.file.replace(/^journal\//, '') })).sort(), expected.map(key).sort());
    } finally {
      ws.cleanup();
    }
  });
});
