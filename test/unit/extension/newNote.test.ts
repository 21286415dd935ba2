import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { lintNote } from '../../../src/core/lint';
import { parseNote } from '../../../src/core/parse';
import { firstEmptySection, parseTags, postmortemFromExperiment, prefillPostmortemFrontMatter } from '../../../src/extension/model/newNote';
import { prepareNote, readConfigFile, type NewNoteRequest } from '../../../src/extension/noteFactory';

const fixedRandom = (n: number) => new Uint8Array(n).fill(1);
const request = (over: Partial<NewNoteRequest>): NewNoteRequest => ({
  setting: () => undefined,
  configFile: undefined,
  type: 'experiment',
  title: 'Recsys v5: session re-ranking',
  date: '2026-12-04',
  tags: ['recsys'],
  random: fixedRandom,
  ...over,
});

describe('New note', () => {
  it('Should split tags on commas and spaces, dropping duplicates and #', () => {
    assert.deepEqual(parseTags(' recsys, #ranking  Recsys,,ab-test '), ['recsys', 'ranking', 'ab-test']);
    assert.deepEqual(parseTags(''), []);
    assert.deepEqual(parseTags(undefined), []);
  });

  it('Should render an experiment with a fresh id in the configured folder, named after date and title', () => {
    const note = prepareNote(request({ hypothesis: 'Session features lift CTR by 2%.' }));
    assert.ok(note.ok);
    assert.equal(note.id, 'EXP-2026-1204-1111');
    assert.deepEqual(note.folder, ['experiments']);
    assert.equal(note.fileNameFor(1), '2026-12-04-recsys-v5-session-re-ranking.md');
    assert.equal(note.fileNameFor(2), '2026-12-04-recsys-v5-session-re-ranking-2.md');
    const parsed = parseNote('experiments/x.md', note.text, DEFAULT_CONFIG);
    assert.equal(parsed.id, 'EXP-2026-1204-1111');
    assert.equal(parsed.title, 'Recsys v5: session re-ranking');
    assert.deepEqual(parsed.data.tags, ['recsys']);
  });

  it('Should put the cursor on the guidance of the first empty section (Approach when the hypothesis is given)', () => {
    const withHypothesis = prepareNote(request({ hypothesis: 'Session features lift CTR by 2%.' }));
    const without = prepareNote(request({}));
    assert.ok(withHypothesis.ok && without.ok);
    const lines = withHypothesis.text.split('\n');
    const span = firstEmptySection(withHypothesis.text)!;
    assert.equal(lines[span.line - 2], '## Approach');
    assert.equal(lines[span.line]!.slice(span.startCharacter, span.endCharacter), lines[span.line]);
    assert.match(lines[span.line]!, /^<!--.*-->$/);
    const span2 = firstEmptySection(without.text)!;
    assert.equal(without.text.split('\n')[span2.line - 2], '## Hypothesis');
  });

  it('Should skip headings inside fences and sections with content, and handle CRLF', () => {
    const text = '## A\r\n\r\nwritten\r\n\r\n```\r\n## Not a heading\r\n```\r\n\r\n## B\r\n\r\n<!-- guide -->\r\n';
    assert.deepEqual(firstEmptySection(text), { line: 10, startCharacter: 0, endCharacter: 14 });
    assert.equal(firstEmptySection('## A\n\ndone\n'), undefined);
    assert.deepEqual(firstEmptySection('## A\n'), { line: 1, startCharacter: 0, endCharacter: 0 });
  });

  it('Should follow up a failed experiment: failure mode, experiments link, title and a [[reference]]', () => {
    const exp = { uri: 'file:///e.md', id: 'EXP-2026-0517-ABCD', title: 'Anomaly detector', failureMode: 'data-quality', tags: ['fraud'] };
    const prefill = postmortemFromExperiment(exp);
    assert.equal(prefill.title, 'Post-mortem: Anomaly detector');
    const note = prepareNote(request({ type: 'postmortem', title: prefill.title, sections: { 'What Happened': prefill.whatHappened }, experimentId: exp.id, failureMode: exp.failureMode, tags: exp.tags }));
    assert.ok(note.ok);
    assert.deepEqual(note.folder, ['postmortems']);
    const parsed = parseNote('postmortems/x.md', note.text, DEFAULT_CONFIG);
    assert.equal(parsed.data.failure_mode, 'data-quality');
    assert.deepEqual(parsed.data.experiments, ['EXP-2026-0517-ABCD']);
    assert.deepEqual(parsed.references.map((r) => r.target), ['EXP-2026-0517-ABCD']);
    const codes = lintNote(parsed, DEFAULT_CONFIG).map((d) => d.code);
    assert.ok(!codes.includes('frontmatter-schema'), codes.join(', '));
    // The cursor skips the pre-filled What Happened.
    const span = firstEmptySection(note.text)!;
    assert.equal(note.text.split('\n')[span.line - 2], '## Root Cause');
  });

  it('Should add front-matter values before the closing --- when the template has no line for them', () => {
    const text = '---\nid: PM-1\n---\n\n## Root Cause\n';
    assert.equal(prefillPostmortemFrontMatter(text, { experimentId: 'EXP 1', failureMode: 'cost' }), '---\nid: PM-1\nfailure_mode: cost\nexperiments: ["EXP 1"]\n---\n\n## Root Cause\n');
    assert.equal(prefillPostmortemFrontMatter('no front matter', { failureMode: 'cost' }), 'no front matter');
  });

  it('Should honour the folder and id prefix from settings and the configuration file (the file wins)', async () => {
    const settings: Record<string, unknown> = { noteTypes: { experiment: { requiredSections: ['Hypothesis'], folder: 'from-settings', idPrefix: 'SET' } } };
    const fromSettings = prepareNote(request({ setting: (k) => settings[k] }));
    assert.ok(fromSettings.ok);
    assert.deepEqual(fromSettings.folder, ['from-settings']);
    assert.match(fromSettings.id, /^SET-/);
    const file = await readConfigFile(async (name) => {
      if (name === '.experiment-journal.yaml') return 'noteTypes:\n  experiment:\n    requiredSections: [Hypothesis]\n    folder: lab/notes\n    idPrefix: LAB\n';
      throw new Error('missing');
    });
    assert.equal(file!.name, '.experiment-journal.yaml');
    const fromFile = prepareNote(request({ setting: (k) => settings[k], configFile: file }));
    assert.ok(fromFile.ok);
    assert.deepEqual(fromFile.folder, ['lab', 'notes']);
    assert.match(fromFile.id, /^LAB-/);
  });

  it('Should refuse an unknown note type and never build a folder path that leaves the workspace', () => {
    assert.deepEqual(prepareNote(request({ type: 'nope' })), { ok: false, message: 'the configuration has no note type "nope"' });
    const settings: Record<string, unknown> = { noteTypes: { experiment: { requiredSections: ['Hypothesis'], folder: '../../etc' } } };
    const note = prepareNote(request({ setting: (k) => settings[k] }));
    assert.ok(note.ok);
    assert.deepEqual(note.folder, ['etc']);
  });
});

describe('First empty section', () => {
  it('Should never take a commented front-matter field for a heading', () => {
    const text = '---\nid: X\n# outcome: success | failure\n---\n\n## Hypothesis\n\n<!-- guide -->\n';
    assert.deepEqual(firstEmptySection(text), { line: 7, startCharacter: 0, endCharacter: 14 });
  });
});
