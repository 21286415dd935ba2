import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { lintNote } from '../../../src/core/lint';
import { parseNote } from '../../../src/core/parse';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

const snippets = JSON.parse(readFileSync(new URL('../../../snippets/experiment-journal.code-snippets', import.meta.url), 'utf8')) as Record<string, Snippet>;
const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

/** What the snippet inserts when every placeholder keeps its default (choices take the first option). */
function expand(body: string): string {
  const vars: Record<string, string> = { CURRENT_YEAR: '2026', CURRENT_MONTH: '12', CURRENT_DATE: '04' };
  let text = body;
  for (let i = 0; i < 5; i++) {
    text = text
      .replace(/\$\{([A-Z_]+)\}/g, (_, v: string) => vars[v] ?? '')
      .replace(/\$\{(\d+)\|([^,|}]*)[^}]*\|\}/g, '$2')
      .replace(/\$\{(\d+):([^${}]*)\}/g, '$2');
  }
  const defaults = new Map<string, string>();
  // A bare ${1} mirrors tabstop 1's default (the note id in lesson bullets).
  body.replace(/\$\{1:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/, (_, d: string) => (defaults.set('1', d), ''));
  return text.replace(/\$\{(\d+)\}/g, (_, n: string) => expand(defaults.get(n) ?? '')).replace(/\$\d+/g, '');
}

describe('Snippets', () => {
  it('Should offer experiment, post-mortem, lesson, action item and metrics table snippets', () => {
    const prefixes = Object.values(snippets).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
    for (const p of ['experiment', 'postmortem', 'lesson', 'action', 'metrics']) assert.ok(prefixes.includes(p), p);
    for (const s of Object.values(snippets)) assert.match(s.description, /^Experiment Journal: /);
  });

  it('Should have a heading snippet for each required section of the built-in note types', () => {
    const all = Object.values(DEFAULT_CONFIG.noteTypes).flatMap((t) => t.requiredSections);
    for (const section of all) {
      const s = snippets[`Section: ${section}`];
      assert.ok(s, `no snippet for ${section}`);
      assert.equal(bodyOf(s).split('\n')[0], `## ${section}`);
    }
  });

  for (const [name, type] of [['Experiment note', 'experiment'], ['Post-mortem note', 'postmortem']] as const) {
    it(`Should insert a ${type} that parses with every required section and a valid front matter`, () => {
      const text = expand(bodyOf(snippets[name]!));
      const note = parseNote(`${type}s/x.md`, text, DEFAULT_CONFIG);
      assert.equal(note.type, type);
      const codes = lintNote(note, DEFAULT_CONFIG, { today: '2026-12-04' }).map((d) => d.code);
      for (const bad of ['frontmatter-schema', 'frontmatter-yaml', 'section-missing', 'lesson-id-malformed', 'lesson-missing-id']) assert.ok(!codes.includes(bad), `${bad} in ${codes.join(', ')}`);
      assert.ok(note.lessons.length >= 1);
      assert.ok(note.lessons[0]!.id.startsWith(`L-${note.id}`), note.lessons[0]!.id);
    });
  }

  it('Should insert a lesson bullet the parser reads as a lesson and an action item with owner and due date', () => {
    assert.match(expand(bodyOf(snippets.Lesson!)), /^- \[L-NOTEID-1\] \S/);
    assert.match(expand(bodyOf(snippets['Action item']!)), /^- \[ \] Task @owner due: 2026-12-04$/);
    assert.match(bodyOf(snippets['Metrics table']!), /^\| Metric \| Baseline \| This run \| Change \|\n\| --- \|/);
  });
});
