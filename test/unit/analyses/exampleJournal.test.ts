import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JournalAnalyses } from '../../../src/core/analyses';
import { parseConfigText } from '../../../src/core/configFile';
import { CROSS_NOTE_CODES } from '../../../src/core/index/crossRules';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { MemoryWorkspace } from '../../../src/core/workspace';

const ROOT = join(__dirname, '../../../examples/journal');

/** The example journal, read from disk into a MemoryWorkspace, indexed as of a fixed day. */
async function exampleJournal() {
  const ws = new MemoryWorkspace();
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = dir ? `${dir}/${name}` : name;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else ws.set(path, readFileSync(join(ROOT, path)));
    }
  };
  walk('');
  const configFile = '.experiment-journal.json';
  const config = parseConfigText(readFileSync(join(ROOT, configFile), 'utf8'), configFile);
  assert.ok(config.ok);
  const index = await JournalIndex.build(ws, config.config, { today: '2026-12-15' });
  return { index, analyses: new JournalAnalyses(index) };
}

const V1 = 'EXP-2026-001';
const V2 = 'EXP-2026-002';
const V3 = 'EXP-2026-005';
const V4 = 'EXP-2026-1012-7QM4';
const PIPELINE_PM = 'PM-2026-001';

describe('the example journal', () => {
  it('Should resolve every cross-note reference', async () => {
    const { index } = await exampleJournal();
    const cross = new Set(CROSS_NOTE_CODES.map((c) => c.code));
    const found = [...index.allDiagnostics()].flatMap(([path, ds]) => ds.filter((d) => cross.has(d.code)).map((d) => `${path}: ${d.code}`));
    assert.deepEqual(found, []);
  });

  it('Should tell the recommendation-system story: v1 and v2 failed, their lessons carried into v3 and v4', async () => {
    const { index, analyses } = await exampleJournal();
    const byId = new Map([...index.notes()].map(([, n]) => [n.id, n]));
    assert.deepEqual([V1, V2, V3, V4].map((id) => [byId.get(id)?.data.outcome, byId.get(id)?.data.status]), [
      ['failure', 'completed'],
      ['failure', 'completed'],
      ['success', 'completed'],
      [undefined, 'running'],
    ]);
    assert.equal(byId.get(V1)!.data.failure_mode, 'cold-start');
    const lessons = analyses.lessons();
    const appliedBy = (id: string) => new Set(lessons.applied.find((l) => l.id === id)?.applications.map((a) => a.noteId));
    // v1's lessons (content features for new users, per-cohort metrics) are applied by v2, v3 and v4.
    for (const id of ['L-0001', 'L-0002']) for (const by of [V2, V3, V4]) assert.ok(appliedBy(id).has(by), `${id} applied by ${by}`);
    // v2's lessons (performance constraints, measure latency early) by v3 and v4.
    for (const id of ['L-0003', 'L-0004']) for (const by of [V3, V4]) assert.ok(appliedBy(id).has(by), `${id} applied by ${by}`);
    // v3's "pragmatic solutions beat pure approaches" by v4.
    assert.ok(appliedBy('L-EXP-2026-005-1').has(V4));
    const never = new Set(lessons.neverApplied.map((l) => l.id));
    for (const id of ['L-0001', 'L-0002', 'L-0003', 'L-0004']) assert.ok(!never.has(id));
    // v3 is related to the failures it learned from, each by an explicit link.
    const v3Path = [...index.pathsOfNoteId(V3)][0]!;
    const related = analyses.related.find(v3Path);
    assert.deepEqual(related.slice(0, 2).map((r) => r.noteId).sort(), [V1, V2]);
    for (const r of related.slice(0, 2)) assert.match(r.reasons[0]!, /^linked: this note references /);
    // v4 is still running: its open next steps are open action items.
    const v4Items = analyses.actionItems().find((g) => g.noteId === V4);
    assert.equal(v4Items?.items.length, 2);
  });

  it('Should tell the feature-pipeline post-mortem: resolved in 28 days, action items done, lessons carried on', async () => {
    const { index, analyses } = await exampleJournal();
    const path = [...index.pathsOfNoteId(PIPELINE_PM)][0]!;
    const pm = index.note(path)!;
    assert.equal(pm.data.failure_mode, 'data-quality');
    // 2026-03-27 → 2026-04-24.
    const march = analyses.metrics().months.find((m) => m.month === '2026-03')!;
    assert.equal(march.failureRecoveryDays, 28);
    assert.ok(pm.actionItems.length >= 4);
    assert.ok(pm.actionItems.every((a) => a.checked === true));
    assert.equal(analyses.actionItems().find((g) => g.noteId === PIPELINE_PM), undefined);
    assert.deepEqual(pm.lessons.map((l) => l.id), ['L-0007', 'L-0008', 'L-0009']);
    assert.equal(pm.lessons[0]!.text, 'Always validate data assumptions.');
    const lessons = analyses.lessons();
    assert.ok(lessons.applied.some((l) => l.id === 'L-0007'));
    assert.ok(lessons.applied.some((l) => l.id === 'L-0008'));
    // The post-mortem's nearest past failure is the experiment it is about.
    const about = pm.noteReferences.find((r) => r.via === 'experiments')!.noteId;
    assert.equal(analyses.related.find(path)[0]!.noteId, about);
  });
});
