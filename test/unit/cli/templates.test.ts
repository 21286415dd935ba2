import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, resolveConfig } from '../../../src/core/config';
import { checkFileBytes } from '../../../src/core/check';
import { parseNote } from '../../../src/core/parse';
import { noteFileName, renderNoteTemplate, slugify } from '../../../src/core/templates';
import { FIELD_ORDER } from '../../../src/core/schemas';

const encode = (s: string) => new TextEncoder().encode(s);

describe('renderNoteTemplate', () => {
  for (const type of ['experiment', 'postmortem']) {
    it(`Should render a ${type} that parses without errors and names every field of the type`, () => {
      const text = renderNoteTemplate(type, { id: 'X-2026-1204-AAAA', title: 'A: "quoted" # title', date: '2026-12-04', tags: ['ml', 'a b'] }, DEFAULT_CONFIG);
      const note = parseNote(`${type}s/a.md`, text, DEFAULT_CONFIG);
      assert.equal(note.type, type);
      assert.equal(note.title, 'A: "quoted" # title');
      assert.deepEqual(note.data.tags, ['ml', 'a b']);
      const fm = text.slice(0, text.indexOf('\n---\n'));
      for (const field of FIELD_ORDER[type]!) assert.match(fm, new RegExp(`^(# )?${field}:`, 'm'), field);
      const result = checkFileBytes(`${type}s/a.md`, encode(text), DEFAULT_CONFIG, { today: '2026-12-04' });
      assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
      assert.deepEqual(
        result.diagnostics.map((d) => d.data?.section),
        DEFAULT_CONFIG.noteTypes[type]!.requiredSections,
      );
    });
  }

  it('Should write given hypothesis text so that section is not reported empty', () => {
    const text = renderNoteTemplate('experiment', { id: 'EXP-1', title: 't', date: '2026-12-04', hypothesis: 'Hybrid beats CF by 3%.' }, DEFAULT_CONFIG);
    const result = checkFileBytes('experiments/a.md', encode(text), DEFAULT_CONFIG, { today: '2026-12-04' });
    assert.ok(!result.diagnostics.some((d) => d.data?.section === 'Hypothesis'));
    assert.match(text, /## Hypothesis\n\nHybrid beats CF by 3%\./);
  });

  it('Should show the note’s first lesson id in the guidance, inside a comment', () => {
    const text = renderNoteTemplate('experiment', { id: 'EXP-2026-1204-K3X9', title: 't', date: '2026-12-04' }, DEFAULT_CONFIG);
    assert.match(text, /<!-- One lesson per list item[^]*\[L-EXP-2026-1204-K3X9-1\][^]*-->/);
    assert.equal(parseNote('experiments/a.md', text, DEFAULT_CONFIG).lessons.length, 0, 'the example is not a lesson');
  });

  it('Should flatten control characters in titles to one line', () => {
    const text = renderNoteTemplate('experiment', { id: 'EXP-1', title: 'a\nstatus: hacked\u0000b', date: '2026-12-04' }, DEFAULT_CONFIG);
    const note = parseNote('experiments/a.md', text, DEFAULT_CONFIG);
    assert.equal(note.title, 'a status: hacked b');
    assert.equal(note.data.status, 'planned');
  });

  it('Should render a configured note type with its own sections and the common fields', () => {
    const { config } = resolveConfig({ noteTypes: { 'design-review': { requiredSections: ['Context', 'Decision'] } } });
    const text = renderNoteTemplate('design-review', { id: 'DR-1', title: 'Cache', date: '2026-12-04' }, config);
    assert.deepEqual(text.match(/^## .*$/gm), ['## Context', '## Decision']);
    assert.match(text, /^type: design-review$/m);
    const result = checkFileBytes('docs/a.md', encode(text), config, { today: '2026-12-04' });
    assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  });
});

describe('slugify / noteFileName', () => {
  it('Should keep only letters and digits joined by hyphens, so no path can be formed', () => {
    assert.equal(slugify('../../x'), 'x');
    assert.equal(slugify('/etc/passwd'), 'etc-passwd');
    assert.equal(slugify('a\u0000b'), 'a-b');
    assert.equal(slugify('C:\\Windows\\system32'), 'c-windows-system32');
    assert.equal(slugify('Café Über-Model v2!'), 'cafe-uber-model-v2');
    assert.equal(slugify('推荐系统 v4'), '推荐系统-v4');
    assert.equal(slugify('...'), 'note');
  });

  it('Should cut long titles at a hyphen, at most 60 characters', () => {
    const slug = slugify('a very long title about the real time recommendation system version four and its latency');
    assert.ok(slug.length <= 60);
    assert.ok(!slug.endsWith('-'));
    assert.ok('a-very-long-title-about-the-real-time-recommendation-system-version'.startsWith(slug));
  });

  it('Should add the suffix before the extension', () => {
    assert.equal(noteFileName('2026-12-04', 'My title'), '2026-12-04-my-title.md');
    assert.equal(noteFileName('2026-12-04', 'My title', 3), '2026-12-04-my-title-3.md');
  });
});
