import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JournalAnalyses } from '../../../src/core/analyses';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { MemoryWorkspace } from '../../../src/core/workspace';
import { ID_POOL, LESSON_POOL, Random, pathFor, randomLinks, randomNote, renderNote, rng, type NoteModel } from './generatedJournal';

const TODAY = '2026-07-01';

/** Every analysis result, in a form deepEqual can compare. Related scores are compared to 3 decimals (they are rounded so). */
function analysesOf(analyses: JournalAnalyses, probe: string[]) {
  return {
    lessons: analyses.lessons(),
    repeats: analyses.repeats(),
    metrics: analyses.metrics(),
    actionItems: analyses.actionItems(),
    related: Object.fromEntries(probe.map((p) => [p, analyses.related.find(p, 100)])),
  };
}

function changedPaths(before: Map<string, Diagnostic[]>, after: Map<string, Diagnostic[]>): string[] {
  const out: string[] = [];
  for (const [path, diags] of after) {
    if (JSON.stringify(diags) !== JSON.stringify(before.get(path) ?? [])) out.push(path);
  }
  return out;
}

async function runSequence(seed: number, steps: number): Promise<{ kinds: Map<string, number>; compared: number }> {
  const r = new Random(rng(seed));
  const models = new Map<string, NoteModel>();
  const ws = new MemoryWorkspace();
  let counter = 0;
  const paths = () => [...models.keys()].sort();
  const write = (path: string) => ws.set(path, renderNote(path, models.get(path)!));
  for (; counter < 40; counter++) {
    const m = randomNote(r, paths);
    const path = pathFor(m.type, counter);
    models.set(path, m);
    write(path);
  }
  ws.set('README.md', '# Readme\n\n[[EXP-1]] [missing](nowhere.md)\n');

  const index = await JournalIndex.build(ws, DEFAULT_CONFIG, { today: TODAY });
  const analyses = new JournalAnalyses(index);
  const kinds = new Map<string, number>();
  let compared = 0;

  const edits: [string, () => Set<string>][] = [
    ['add note', () => {
      const m = randomNote(r, paths);
      const path = pathFor(m.type, counter++);
      models.set(path, m);
      write(path);
      return index.update(path, ws.files.has(path) ? renderNote(path, m) : '');
    }],
    ['change id', () => edit((m) => (m.id = r.chance(0.1) ? undefined : r.pick(ID_POOL)))],
    ['duplicate id', () => {
      const other = models.get(r.pick(paths()))!;
      return edit((m) => (m.id = other.id));
    }],
    ['add lesson', () => edit((m) => m.lessons.push(r.pick(LESSON_POOL)))],
    ['remove lesson', () => edit((m) => m.lessons.splice(r.int(m.lessons.length + 1), 1))],
    ['add applies', () => edit((m) => m.applies.push(r.pick(LESSON_POOL)))],
    ['remove applies', () => edit((m) => m.applies.splice(r.int(m.applies.length + 1), 1))],
    ['add reference', () => edit((m) => (r.chance(0.5) ? m.related.push(r.pick(ID_POOL)) : m.wikiRefs.push(r.pick([...ID_POOL, ...LESSON_POOL])))) ],
    ['remove reference', () => edit((m) => (r.chance(0.5) ? m.related.splice(r.int(m.related.length + 1), 1) : m.wikiRefs.splice(r.int(m.wikiRefs.length + 1), 1)))],
    ['change links', () => edit((m) => (m.links = randomLinks(r, paths())))],
    ['change text', () => edit((m) => {
      m.date = r.chance(0.1) ? undefined : `2026-0${1 + r.int(9)}-1${r.int(10)}`;
      m.outcome = r.pick(['failure', 'success']);
      m.failureMode = r.chance(0.2) ? undefined : m.failureMode ?? 'latency';
      m.words.reverse();
      m.tags = r.some(['recsys', 'search', 'infra', 'data'], 2);
    })],
    ['delete note', () => {
      const path = r.pick(paths());
      models.delete(path);
      ws.delete(path);
      return index.remove(path);
    }],
    ['rename note', () => {
      const from = r.pick(paths());
      const m = models.get(from)!;
      const to = pathFor(m.type, counter++);
      models.delete(from);
      models.set(to, m);
      ws.delete(from);
      write(to);
      return index.rename(from, to, renderNote(to, m));
    }],
    ['update bytes', () => {
      const path = r.pick(paths());
      models.get(path)!.words.push('checkpoint');
      write(path);
      return index.updateBytes(path, ws.files.get(path)!);
    }],
  ];
  function edit(change: (m: NoteModel) => void): Set<string> {
    const path = r.pick(paths());
    change(models.get(path)!);
    write(path);
    return index.update(path, renderNote(path, models.get(path)!));
  }

  for (let step = 0; step < steps; step++) {
    if (models.size < 5) edits[0]![1]();
    const before = index.allDiagnostics();
    const [kind, run] = r.pick(edits);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const returned = run();
    const after = index.allDiagnostics();

    // update() must name every path whose diagnostics changed (the removed path itself excepted).
    for (const path of changedPaths(before, after)) {
      assert.ok(returned.has(path), `step ${step} (${kind}): ${path} changed but update() did not return it`);
    }
    if (step % 3 !== 0 && kind !== 'rename note' && kind !== 'delete note') continue;
    const fresh = await JournalIndex.build(ws, DEFAULT_CONFIG, { today: TODAY });
    assert.deepEqual([...after.keys()], [...fresh.allDiagnostics().keys()], `step ${step} (${kind}): same files`);
    assert.deepEqual(after, fresh.allDiagnostics(), `step ${step} (${kind}): incremental diagnostics equal a rebuild`);
    const freshAnalyses = new JournalAnalyses(fresh);
    const probe = [...paths().filter((_, i) => i % 7 === step % 7), 'README.md'];
    assert.deepEqual(analysesOf(analyses, probe), analysesOf(freshAnalyses, probe), `step ${step} (${kind}): analyses equal a rebuild`);
    assert.equal(index.neverAppliedCount, freshAnalyses.lessons().neverApplied.length, `step ${step} (${kind}): the kept never-applied count`);
    assert.equal(index.noteCount, [...fresh.notes()].length, `step ${step} (${kind}): the kept note count`);
    freshAnalyses.dispose();
    compared++;
  }
  analyses.dispose();
  return { kinds, compared };
}

describe('incremental updates', () => {
  it('Should give exactly the diagnostics and analyses of a full rebuild along 320 random edits', async () => {
    const { kinds, compared } = await runSequence(20260701, 320);
    // The sequence really exercised every kind of edit.
    assert.equal(kinds.size, 14);
    for (const [kind, n] of kinds) assert.ok(n >= 5, `${kind} ran ${n} times`);
    assert.ok(compared >= 120, `compared ${compared} times`);
  });

  it('Should hold for a second seed', async () => {
    const { compared } = await runSequence(7, 150);
    assert.ok(compared >= 50);
  });
});
