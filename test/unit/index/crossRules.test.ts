import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, resolveConfig } from '../../../src/core/config';
import { CROSS_NOTE_CODES } from '../../../src/core/index/crossRules';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import type { Range } from '../../../src/core/text';
import { MemoryWorkspace } from '../../../src/core/workspace';

const CROSS = new Set(CROSS_NOTE_CODES.map((c) => c.code));
const r = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });

// Line numbers are written next to the lines they count; the ranges below are counted by hand.
const A = [
  '---', // 0
  'id: EXP-1', // 1
  'type: experiment', // 2
  'title: A', // 3
  'date: 2026-01-01', // 4
  'status: planned', // 5
  'applies: [L-9, L-1]', // 6
  'related: [EXP-404, PM-1]', // 7
  '---', // 8
  '# A', // 9
  '', // 10
  '## Lessons Learned', // 11
  '', // 12
  '- [L-1] one', // 13
  '- [L-1] again', // 14
  '- [L-2] two', // 15
  '', // 16
  '## Links', // 17
  '', // 18
  'See [[NOPE]], [[L-77]] and [[PM-1]].', // 19
  '', // 20
  '[missing file](gone.md) [missing heading](b.md#nowhere) [fine](b.md#real-heading) [self](#lessons-learned) [self bad](#nope) [up](../postmortems/p.md#root-cause) [png](x.png)', // 21
  '',
].join('\n');

const B = ['---', 'id: EXP-1', 'type: experiment', 'title: B', 'date: 2026-01-02', 'status: planned', '---', '# B', '', '## Real Heading', '', '## Lessons Learned', '', '- [L-2] two again', ''].join('\n');

const P = ['---', 'id: PM-1', 'type: postmortem', 'title: P', 'date: 2026-01-03', 'status: open', 'experiments: [EXP-405, EXP-1]', '---', '# P', '', '## Root Cause', '', 'Cause.', ''].join('\n');

async function crossDiagnostics(files: Record<string, string>, config = DEFAULT_CONFIG) {
  const index = await JournalIndex.build(new MemoryWorkspace(files), config, { today: '2026-02-01' });
  const out: Record<string, { code: string; range: Range; severity: string }[]> = {};
  for (const [path, diags] of index.allDiagnostics()) {
    out[path] = diags.filter((d) => CROSS.has(d.code)).map((d) => ({ code: d.code, range: d.range, severity: d.severity }));
  }
  return { out, index };
}

describe('cross-note diagnostics', () => {
  it('Should report each code at the exact range, and nothing for valid links and fragments', async () => {
    const { out } = await crossDiagnostics({ 'experiments/a.md': A, 'experiments/b.md': B, 'postmortems/p.md': P });
    assert.deepEqual(out['experiments/a.md'], [
      { code: 'duplicate-note-id', range: r(1, 4, 9), severity: 'error' },
      { code: 'unknown-lesson', range: r(6, 10, 13), severity: 'warning' },
      { code: 'lesson-self-applied', range: r(6, 15, 18), severity: 'info' },
      { code: 'unknown-note-reference', range: r(7, 10, 17), severity: 'warning' },
      // The first [L-1] is the definition; the second one in the same note is the duplicate.
      { code: 'duplicate-lesson-id', range: r(14, 3, 6), severity: 'error' },
      { code: 'duplicate-lesson-id', range: r(15, 3, 6), severity: 'error' },
      { code: 'unknown-note-reference', range: r(19, 6, 10), severity: 'warning' },
      { code: 'unknown-lesson', range: r(19, 16, 20), severity: 'warning' },
      { code: 'broken-link', range: r(21, 0, 23), severity: 'warning' },
      { code: 'broken-link', range: r(21, 24, 55), severity: 'warning' },
      { code: 'broken-link', range: r(21, 107, 124), severity: 'warning' },
    ]);
    assert.deepEqual(out['experiments/b.md'], [
      { code: 'duplicate-note-id', range: r(1, 4, 9), severity: 'error' },
      { code: 'duplicate-lesson-id', range: r(13, 3, 6), severity: 'error' },
    ]);
    assert.deepEqual(out['postmortems/p.md'], [{ code: 'unknown-note-reference', range: r(6, 14, 21), severity: 'warning' }]);
  });

  it('Should name the other notes and the missing targets in messages and data', async () => {
    const { index } = await crossDiagnostics({ 'experiments/a.md': A, 'experiments/b.md': B, 'postmortems/p.md': P });
    const a = index.diagnosticsFor('experiments/a.md').filter((d) => CROSS.has(d.code));
    const dupId = a.find((d) => d.code === 'duplicate-note-id')!;
    assert.deepEqual(dupId.data, { others: ['experiments/b.md'] });
    assert.match(dupId.message, /experiments\/b\.md/);
    const lessonDups = a.filter((d) => d.code === 'duplicate-lesson-id');
    assert.match(lessonDups[0]!.message, /used twice in this note/);
    assert.deepEqual(lessonDups[1]!.data, { lessonId: 'L-2', others: ['experiments/b.md'] });
    const links = a.filter((d) => d.code === 'broken-link').map((d) => d.data);
    assert.deepEqual(links, [{ target: 'experiments/gone.md' }, { target: 'experiments/b.md', fragment: 'nowhere' }, { target: 'experiments/a.md', fragment: 'nope' }]);
    assert.deepEqual(a.find((d) => d.code === 'unknown-lesson')!.data, { lessonId: 'L-9' });
    assert.deepEqual(a.find((d) => d.code === 'unknown-note-reference')!.data, { noteId: 'EXP-404' });
  });

  it('Should give three notes with one id the duplicate on each, naming the other two', async () => {
    const C = B.replace('title: B', 'title: C').replace('- [L-2] two again', '- [L-3] three');
    const { index } = await crossDiagnostics({ 'experiments/a.md': A, 'experiments/b.md': B, 'experiments/c.md': C });
    for (const [path, others] of [
      ['experiments/a.md', ['experiments/b.md', 'experiments/c.md']],
      ['experiments/b.md', ['experiments/a.md', 'experiments/c.md']],
      ['experiments/c.md', ['experiments/a.md', 'experiments/b.md']],
    ] as const) {
      const d = index.diagnosticsFor(path).find((x) => x.code === 'duplicate-note-id');
      assert.deepEqual(d?.data, { others: [...others] }, path);
    }
  });

  it('Should follow the configured severity, and report nothing for a rule turned off', async () => {
    const { config } = resolveConfig({ rules: { 'broken-link': 'error', 'duplicate-note-id': 'off' } });
    const { out } = await crossDiagnostics({ 'experiments/a.md': A, 'experiments/b.md': B, 'postmortems/p.md': P }, config);
    assert.equal(out['experiments/a.md']!.filter((d) => d.code === 'duplicate-note-id').length, 0);
    assert.deepEqual(
      out['experiments/a.md']!.filter((d) => d.code === 'broken-link').map((d) => d.severity),
      ['error', 'error', 'error'],
    );
  });

  it('Should resolve links with .. and ./ and check fragments of notes in other folders', async () => {
    const X = ['---', 'id: EXP-7', 'type: experiment', 'title: X', 'date: 2026-01-01', 'status: planned', '---', '[a](./../../postmortems/./p.md#root-cause) [b](../../postmortems/p.md#what-happened)', ''].join('\n');
    const { out } = await crossDiagnostics({ 'experiments/deep/x.md': X, 'postmortems/p.md': P });
    assert.deepEqual(out['experiments/deep/x.md'], [{ code: 'broken-link', range: r(7, 43, 84), severity: 'warning' }]);
  });

  it('Should not report references inside code', async () => {
    const X = ['---', 'id: EXP-7', 'type: experiment', 'title: X', 'date: 2026-01-01', 'status: planned', '---', '`[[NOPE]]` [x](gone.md)', '', '```', '[[NOPE]] [y](gone.md)', '```', ''].join('\n');
    const { out } = await crossDiagnostics({ 'experiments/x.md': X });
    assert.deepEqual(out['experiments/x.md'], [{ code: 'broken-link', range: r(7, 11, 23), severity: 'warning' }]);
  });

  it('Should count CRLF files in the same lines and characters', async () => {
    const { out } = await crossDiagnostics({ 'experiments/a.md': A.replace(/\n/g, '\r\n'), 'experiments/b.md': B, 'postmortems/p.md': P });
    const lf = (await crossDiagnostics({ 'experiments/a.md': A, 'experiments/b.md': B, 'postmortems/p.md': P })).out;
    assert.deepEqual(out['experiments/a.md'], lf['experiments/a.md']);
  });
});
