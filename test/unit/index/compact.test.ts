import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { MultiMap } from '../../../src/core/index/multiMap';
import { compact } from '../../../src/core/index/storedNote';
import { parseNote } from '../../../src/core/parse';
import { MemoryWorkspace } from '../../../src/core/workspace';
import { JOURNAL } from './journal';

describe('compact storage of notes', () => {
  it('Should keep every value of a note exactly while sharing positions and copying arrays', () => {
    const text = JOURNAL['experiments/v1.md']!;
    const parsed = parseNote('experiments/v1.md', text, DEFAULT_CONFIG);
    const before = structuredClone({ lessons: parsed.lessons, sections: parsed.sections, data: parsed.data, references: parsed.references });
    const after = compact({ lessons: parsed.lessons, sections: parsed.sections, data: parsed.data, references: parsed.references });
    assert.deepEqual(after, before);
    assert.notEqual(after.lessons, parsed.lessons, 'arrays are replaced by exact-size copies');
    const again = compact(structuredClone(before));
    const p = after.lessons[0]!.range.start;
    assert.equal(again.lessons[0]!.range.start, p, 'the same position is one shared object');
    assert.ok(Object.isFrozen(p), 'shared positions cannot be changed through one note');
    assert.throws(() => {
      (p as { line: number }).line = 99;
    }, TypeError);
  });

  it('Should keep strings with any characters, lone surrogates and line breaks included', () => {
    const odd = 'Lesson with a lone \ud800 surrogate, "quotes", \\ backslashes,\r\n and émojis 🎉 — long enough';
    assert.deepEqual(compact({ text: odd.slice(1), list: [odd, odd.slice(0, 5)] }), { text: odd.slice(1), list: [odd, odd.slice(0, 5)] });
  });

  it('Should leave positions beyond the shared table as they are', () => {
    const far = { range: { start: { line: 100_000, character: 3 }, end: { line: 100_000, character: 9_999 } } };
    const out = compact(structuredClone(far));
    assert.deepEqual(out, far);
    assert.ok(!Object.isFrozen(out.range.start));
  });

  it('Should index the same facts after an edit as a fresh build (stored notes do not depend on the text they came from)', async () => {
    const ws = new MemoryWorkspace(JOURNAL);
    const index = await JournalIndex.build(ws, DEFAULT_CONFIG, { today: '2026-06-01' });
    const path = 'experiments/v1.md';
    index.update(path, JOURNAL[path]!.replace('Need content-based', 'Need more content-based'));
    index.update(path, JOURNAL[path]!);
    const fresh = await JournalIndex.build(ws, DEFAULT_CONFIG, { today: '2026-06-01' });
    assert.deepEqual(index.note(path), fresh.note(path));
    assert.deepEqual(index.diagnosticsFor(path), fresh.diagnosticsFor(path));
  });
});

describe('MultiMap', () => {
  it('Should hold one value without a set and grow and shrink through two values', () => {
    const m = new MultiMap<string, string>();
    assert.deepEqual([...m.get('k')], []);
    m.add('k', 'a');
    m.add('k', 'a');
    assert.deepEqual([...m.get('k')], ['a']);
    assert.equal(m.get('k').size, 1);
    assert.ok(m.get('k').has('a') && !m.get('k').has('b'));
    m.add('k', 'b');
    assert.deepEqual([...m.get('k')].sort(), ['a', 'b']);
    m.delete('k', 'a');
    assert.deepEqual([...m.get('k')], ['b']);
    assert.deepEqual([...m.entries()].map(([k, v]) => [k, [...v]]), [['k', ['b']]]);
    m.delete('k', 'x');
    assert.ok(m.has('k'));
    m.delete('k', 'b');
    assert.ok(!m.has('k'));
    assert.equal(m.get('k').size, 0);
    const seen: string[] = [];
    m.add('j', 'z');
    m.get('j').forEach((v) => seen.push(v));
    assert.deepEqual(seen, ['z']);
  });
});
