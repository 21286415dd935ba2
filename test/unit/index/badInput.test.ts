import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JournalAnalyses } from '../../../src/core/analyses';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { MemoryWorkspace, type Workspace } from '../../../src/core/workspace';
import { JOURNAL, note } from './journal';

const TODAY = '2026-06-01';
const build = (ws: Workspace, options = {}) => JournalIndex.build(ws, DEFAULT_CONFIG, { today: TODAY, ...options });
const codes = (index: JournalIndex, path: string) => index.diagnosticsFor(path).map((d) => d.code);
const CROSS = ['duplicate-note-id', 'duplicate-lesson-id', 'unknown-lesson', 'unknown-note-reference', 'broken-link', 'lesson-self-applied'];
const crossCodes = (index: JournalIndex, path: string) => codes(index, path).filter((c) => CROSS.includes(c));

function everything(index: JournalIndex) {
  const a = new JournalAnalyses(index);
  const out = { lessons: a.lessons(), repeats: a.repeats(), metrics: a.metrics(), items: a.actionItems(), related: [...index.paths()].map((p) => a.related.find(p)) };
  a.dispose();
  return out;
}

const exp = (fm: Record<string, unknown>, body: string) => note({ type: 'experiment', title: String(fm.id), status: 'completed', outcome: 'failure', ...fm }, body);

describe('bad input', () => {
  it('Should take reference cycles (A → B → A) and self references without complaint or loops', async () => {
    const ws = new MemoryWorkspace({
      'experiments/a.md': exp({ id: 'EXP-A', date: '2026-01-01', related: ['EXP-B'] }, 'See [[EXP-B]] and [[EXP-A]], [b](b.md), [me](a.md#hypothesis).\n\n## Hypothesis\n\nx\n'),
      'experiments/b.md': exp({ id: 'EXP-B', date: '2026-01-02', related: ['EXP-A', 'EXP-B'] }, 'See [[EXP-A]] and [a](a.md).\n'),
    });
    const index = await build(ws);
    assert.deepEqual(crossCodes(index, 'experiments/a.md'), []);
    assert.deepEqual(crossCodes(index, 'experiments/b.md'), []);
    const r = new JournalAnalyses(index).related;
    assert.deepEqual(r.find('experiments/b.md').map((x) => [x.noteId, x.reasons[0]]), [['EXP-A', 'linked: this note references EXP-A']]);
    assert.deepEqual(r.find('experiments/a.md'), []);
  });

  it('Should not count a lesson applied by the note that defines it, and say so', async () => {
    const ws = new MemoryWorkspace({ 'experiments/a.md': exp({ id: 'EXP-A', date: '2026-01-01', applies: ['L-1'] }, '[[L-1]]\n\n## Lessons Learned\n\n- [L-1] Self\n') });
    const index = await build(ws);
    // Only the `applies` entry is reported; a [[L-1]] mention in the defining note is just a mention.
    assert.deepEqual(crossCodes(index, 'experiments/a.md'), ['lesson-self-applied']);
    const a = new JournalAnalyses(index);
    assert.deepEqual(a.lessons().neverApplied.map((l) => l.id), ['L-1']);
    assert.equal(a.metrics().overall.lessonsApplied, 0);
  });

  it('Should order undated notes last and not crash on notes without dates', async () => {
    const files = {
      'experiments/u1.md': exp({ id: 'EXP-U1', failure_mode: 'latency', tags: ['t'] }, '## Hypothesis\n\nQuantization kernel\n\n## Lessons Learned\n\n- [L-1] Undated\n\n## Next Steps\n\n- [ ] Undated item @a due: 2026-01-01\n'),
      'experiments/u2.md': exp({ id: 'EXP-U2', failure_mode: 'latency', tags: ['t'] }, '## Hypothesis\n\nQuantization kernel\n'),
      'experiments/d.md': exp({ id: 'EXP-D', date: '2026-03-01', failure_mode: 'latency' }, '## Hypothesis\n\nQuantization kernel\n\n## Lessons Learned\n\n- [L-2] Dated\n'),
      'postmortems/p.md': note({ id: 'PM-U', type: 'postmortem', title: 'p', status: 'resolved', resolved: '2026-03-01' }, '# p\n'),
    };
    const index = await build(new MemoryWorkspace(files));
    const r = everything(index);
    assert.deepEqual(r.lessons.neverApplied.map((l) => [l.id, l.ageDays]), [['L-2', 92], ['L-1', undefined]]);
    assert.deepEqual(r.repeats.groups[0]!.members.map((m) => m.noteId), ['EXP-D', 'EXP-U1', 'EXP-U2']);
    // Undated experiments are left out of velocity and innovation; the undated post-mortem has no recovery time.
    assert.equal(r.metrics.overall.experiments, 1);
    assert.equal(r.metrics.overall.failureRecoveryDays, undefined);
    assert.equal(r.metrics.overall.failures, 4);
    assert.deepEqual(r.items.map((g) => g.noteId), ['EXP-U1']);
    // Related: an undated note has no known order, so dated and undated failures alike may be related.
    assert.deepEqual(new JournalAnalyses(index).related.find('experiments/u1.md').map((x) => x.noteId).sort(), ['EXP-D', 'EXP-U2']);
  });

  it('Should report two notes with one id on both, and resolve references to the id to either', async () => {
    const ws = new MemoryWorkspace({
      'experiments/a.md': exp({ id: 'EXP-1', date: '2026-01-01' }, '# a\n'),
      'experiments/b.md': exp({ id: 'EXP-1', date: '2026-01-02' }, '# b\n'),
      'experiments/c.md': exp({ id: 'EXP-2', date: '2026-01-03', related: ['EXP-1'] }, '# c\n'),
    });
    const index = await build(ws);
    assert.deepEqual(crossCodes(index, 'experiments/a.md'), ['duplicate-note-id']);
    assert.deepEqual(crossCodes(index, 'experiments/b.md'), ['duplicate-note-id']);
    assert.deepEqual(crossCodes(index, 'experiments/c.md'), []);
    assert.deepEqual([...index.pathsOfNoteId('EXP-1')].sort(), ['experiments/a.md', 'experiments/b.md']);
    // Fixing one clears the other.
    const changed = index.update('experiments/b.md', exp({ id: 'EXP-3', date: '2026-01-02' }, '# b\n'));
    assert.ok(changed.has('experiments/a.md'));
    assert.deepEqual(crossCodes(index, 'experiments/a.md'), []);
  });

  it('Should finish a build when a listed file vanishes (readFile undefined or throwing) and not list it', async () => {
    const mem = new MemoryWorkspace(JOURNAL);
    const ws: Workspace = {
      listFiles: async () => [...(await mem.listFiles()), 'experiments/gone.md', 'experiments/throws.md'],
      readFile: async (path) => {
        if (path === 'experiments/throws.md') throw new Error('ENOENT');
        return mem.readFile(path);
      },
    };
    const index = await build(ws);
    assert.equal(index.has('experiments/gone.md'), false);
    assert.equal(index.has('experiments/throws.md'), false);
    assert.deepEqual([...index.allDiagnostics().keys()], [...(await mem.listFiles())]);
    assert.deepEqual(everything(index), everything(await build(mem)));
  });

  it('Should finish a build when stat throws', async () => {
    const mem = new MemoryWorkspace(JOURNAL);
    const ws: Workspace = { listFiles: () => mem.listFiles(), readFile: (p) => mem.readFile(p), stat: async () => Promise.reject(new Error('EACCES')) };
    const index = await build(ws);
    assert.equal(index.size, mem.files.size);
  });

  it('Should keep references to a renamed note resolving, and break links to its old path', async () => {
    const B = exp({ id: 'EXP-B', date: '2026-01-02' }, '## Hypothesis\n\nx\n');
    const ws = new MemoryWorkspace({
      'experiments/a.md': exp({ id: 'EXP-A', date: '2026-01-01', related: ['EXP-B'] }, '[[EXP-B]] [b](b.md) [h](b.md#hypothesis)\n'),
      'experiments/b.md': B,
    });
    const index = await build(ws);
    assert.deepEqual(crossCodes(index, 'experiments/a.md'), []);
    const changed = index.rename('experiments/b.md', 'experiments/b-renamed.md', B);
    assert.ok(changed.has('experiments/a.md'));
    assert.equal(index.has('experiments/b.md'), false);
    assert.deepEqual(crossCodes(index, 'experiments/a.md'), ['broken-link', 'broken-link']);
    assert.deepEqual(index.diagnosticsFor('experiments/b.md'), []);
    // Renaming back repairs the links.
    index.rename('experiments/b-renamed.md', 'experiments/b.md', B);
    assert.deepEqual(crossCodes(index, 'experiments/a.md'), []);
  });
});

describe('persisted snapshot', () => {
  /** A MemoryWorkspace with stat (size, and an mtime bumped by `touch`) that counts reads. */
  class StatWorkspace extends MemoryWorkspace {
    reads: string[] = [];
    mtimes = new Map<string, number>();
    override async readFile(path: string) {
      this.reads.push(path);
      return super.readFile(path);
    }
    async stat(path: string) {
      const bytes = this.files.get(path);
      return bytes ? { size: bytes.length, mtimeMs: this.mtimes.get(path) ?? 1000 } : undefined;
    }
    touch(path: string, content: string) {
      this.set(path, content);
      this.mtimes.set(path, (this.mtimes.get(path) ?? 1000) + 1);
    }
  }

  it('Should give the same diagnostics from a JSON round-tripped snapshot without reading unchanged files', async () => {
    const ws = new StatWorkspace(JOURNAL);
    const first = await build(ws);
    assert.equal(ws.reads.length, 6);
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    ws.reads = [];
    const warm = await build(ws, { snapshot });
    assert.deepEqual(ws.reads, []);
    assert.deepEqual(warm.allDiagnostics(), first.allDiagnostics());
    assert.deepEqual(everything(warm), everything(first));
  });

  it('Should re-read exactly the files whose size or mtime changed', async () => {
    const ws = new StatWorkspace(JOURNAL);
    const snapshot = JSON.parse(JSON.stringify((await build(ws)).snapshot()));
    // Same size, new mtime: a new lesson id of the same length.
    ws.touch('experiments/v5.md', JOURNAL['experiments/v5.md']!.replace('[L-0005]', '[L-0001]'));
    // New size, same mtime.
    ws.set('experiments/v2.md', JOURNAL['experiments/v2.md']!.replace('applies: [L-0001]', 'applies: [L-0001, L-0404]'));
    ws.reads = [];
    const warm = await build(ws, { snapshot });
    assert.deepEqual(ws.reads.sort(), ['experiments/v2.md', 'experiments/v5.md']);
    // What a host decides on (rewrite its cache or not) is reported by the build itself.
    const again = new JournalIndex(DEFAULT_CONFIG, { today: TODAY });
    assert.deepEqual(await again.addFromWorkspace(ws, { snapshot }), { read: 2, reused: Object.keys(JOURNAL).length - 2 });
    ws.reads = [];
    const cold = await build(ws);
    assert.deepEqual(warm.allDiagnostics(), cold.allDiagnostics());
    assert.ok(crossCodes(warm, 'experiments/v5.md').includes('duplicate-lesson-id'));
    assert.ok(crossCodes(warm, 'experiments/v1.md').includes('duplicate-lesson-id'));
    assert.ok(crossCodes(warm, 'experiments/v2.md').includes('unknown-lesson'));
  });

  it('Should ignore a snapshot taken with another configuration or day', async () => {
    const ws = new StatWorkspace(JOURNAL);
    const snapshot = JSON.parse(JSON.stringify((await build(ws)).snapshot()));
    ws.reads = [];
    await JournalIndex.build(ws, DEFAULT_CONFIG, { today: '2026-06-02', snapshot });
    assert.equal(ws.reads.length, 6);
  });

  it('Should index notes whose front matter is cyclic through YAML aliases (x: &a [*a]) and analyse them', async () => {
    const text = '---\ntype: experiment\nid: EXP-C\ntitle: Cyclic\ndate: 2026-01-01\nstatus: completed\noutcome: failure\ntags: &t [loop, *t]\nx: &a {k: *a}\n---\n# T\n\n## Hypothesis\n\nx\n';
    const ws = new MemoryWorkspace({ 'experiments/c.md': text, 'experiments/d.md': text.replace('EXP-C', 'EXP-D').replace('2026-01-01', '2026-02-01') });
    const index = await build(ws);
    assert.ok(codes(index, 'experiments/c.md').includes('section-missing'));
    assert.deepEqual(crossCodes(index, 'experiments/d.md'), []);
    const d = index.note('experiments/d.md')!;
    assert.equal((d.data.x as { k: unknown }).k, d.data.x, 'the cycle is kept as the YAML says');
    const related = everything(index).related[1]!;
    assert.deepEqual(related.map((r) => [r.noteId, r.reasons[0]]), [['EXP-C', 'shared tags: loop']]);
    index.update('experiments/c.md', text.replace('x\n', 'y\n'));
    assert.ok(codes(index, 'experiments/c.md').includes('section-missing'));
  });
});
