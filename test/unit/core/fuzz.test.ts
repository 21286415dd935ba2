import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { lintNote } from '../../../src/core/lint';
import type { ParsedNote } from '../../../src/core/note';
import { parseNote } from '../../../src/core/parse';
import type { Range } from '../../../src/core/text';

/**
 * Random and mutated notes through parseNote + lintNote: nothing may throw (a rule that throws is
 * reported through onRuleError and fails the test), and every range must lie inside the document.
 * Seeded, so a failure reproduces; the seed and the input are in the failure message.
 */

const here = dirname(fileURLToPath(import.meta.url));
const fixtureRoot = join(here, '..', '..', 'fixtures', 'rules');

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fragments that mean something to the front-matter, Markdown or rule parsers. */
const TOKENS = [
  '---', '---js', '...', '\n', '\r\n', '\r', '\t', ' ', '#', '## ', '===', '\n---\n', '- ', '* ', '1. ', '> ', '- [ ] ', '- [x] ', '[L-', '[l ', ']', '[[', ']]', '|',
  '@', 'due: 2020-01-01', 'due: 2999-12-31', '`', '```', '~~~', '    ', '<!--', '-->', '<div>', '</div>', '*', '_', '(', ')', '](', '#frag', '"', "'", ':', ': ', '&a', '*a',
  '{', '}', '[', 'status: ', 'outcome: failure', 'metrics:\n  x: .nan', 'type: postmortem', 'type: experiment', '\uFEFF', '\u0000', '\uD800', '😀', 'é', 'TBD', "Sam's fault",
  '\\', '&amp;', '<', '>', '|---|', '\n\n',
];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 8);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.45) {
      out = out.slice(0, at) + TOKENS[Math.floor(random() * TOKENS.length)]! + out.slice(at);
    } else if (kind < 0.7) {
      out = out.slice(0, at) + out.slice(at + 1 + Math.floor(random() * 20));
    } else if (kind < 0.85) {
      const lines = out.split('\n');
      const i = Math.floor(random() * lines.length);
      const j = Math.floor(random() * lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      out = lines.join('\n');
    } else {
      const len = Math.floor(random() * 40);
      out = out.slice(0, at) + out.slice(at, at + len) + out.slice(at);
    }
  }
  return out;
}

function randomText(random: () => number): string {
  let out = '';
  const n = Math.floor(random() * 60);
  for (let i = 0; i < n; i++) {
    out += random() < 0.7 ? TOKENS[Math.floor(random() * TOKENS.length)]! : String.fromCharCode(Math.floor(random() * 0x3000));
  }
  return out;
}

function assertRangeInside(note: ParsedNote, range: Range, what: string): void {
  const { start, end } = range;
  assert.ok(start.line >= 0 && start.character >= 0, `${what}: negative position`);
  assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${what}: range ends before it starts`);
  assert.ok(end.line < note.lines.lineCount, `${what}: range past the last line`);
  const lineLength = note.lines.lineText(end.line).length;
  assert.ok(end.character <= lineLength, `${what}: range past the end of line ${end.line}`);
}

function check(path: string, text: string, label: string): void {
  let note: ParsedNote;
  let diagnostics: Diagnostic[];
  try {
    note = parseNote(path, text, DEFAULT_CONFIG);
    diagnostics = lintNote(note, DEFAULT_CONFIG, {
      today: '2026-06-01',
      onRuleError: (rule, error) => {
        throw new Error(`rule ${rule.code} threw: ${String(error)}`);
      },
    });
  } catch (error) {
    assert.fail(`${label}: ${String(error)}\ninput: ${JSON.stringify(text)}`);
  }
  for (const d of diagnostics) {
    assertRangeInside(note, d.range, `${label} ${d.code}`);
    assert.ok(d.message.length > 0 && d.message.length < 400, `${label} ${d.code}: message length ${d.message.length}`);
  }
  for (const s of note.sections) assertRangeInside(note, s.headingRange, `${label} section`);
  for (const l of note.lessons) assertRangeInside(note, l.idRange, `${label} lesson`);
  for (const a of note.actionItems) if (a.dueRange) assertRangeInside(note, a.dueRange, `${label} due`);
}

const seeds = readdirSync(fixtureRoot, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .map((f) => ({ path: f.split('\\').join('/'), text: readFileSync(join(fixtureRoot, f), 'utf8') }));

describe('fuzzing parseNote and lintNote', () => {
  it('Should never throw and keep every range inside the document on mutated fixtures', () => {
    assert.ok(seeds.length > 10);
    const random = mulberry32(20260601);
    for (let i = 0; i < 1500; i++) {
      const seed = seeds[i % seeds.length]!;
      const folder = i % 3 === 0 ? 'postmortems/' : i % 3 === 1 ? 'experiments/' : '';
      check(folder + seed.path.split('/').pop(), mutate(seed.text, random), `mutation ${i} of ${seed.path}`);
    }
  });

  it('Should never throw on random token soup, with and without front matter', () => {
    const random = mulberry32(42);
    for (let i = 0; i < 1500; i++) {
      const body = randomText(random);
      const text = i % 2 === 0 ? body : `---\ntype: ${i % 4 === 1 ? 'postmortem' : 'experiment'}\n${randomText(random)}\n---\n${body}`;
      check(i % 3 === 0 ? 'postmortems/r.md' : 'experiments/r.md', text, `random ${i}`);
    }
  });
});
