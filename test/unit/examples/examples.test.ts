import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkFileBytes, type FileResult } from '../../../src/core/check';
import { resolveConfig } from '../../../src/core/config';
import type { ParsedNote } from '../../../src/core/note';

/**
 * The example journal is checked as a whole: the deliberately incomplete notes must give exactly the
 * findings listed (and explained) in expected-findings.json, every other note none, and the notes must
 * hang together (every applied lesson and referenced note exists), so that the journal-wide analyses
 * built on it see the stories the README tells.
 */

const here = dirname(fileURLToPath(import.meta.url));
const journalRoot = join(here, '..', '..', '..', 'examples', 'journal');
/** Fixed, so that due dates do not drift into or out of "overdue" with the clock. */
const TODAY = '2026-12-04';

interface ExpectedFinding {
  file: string;
  line: number;
  code: string;
  why: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const toJournalPath = (absolute: string) => relative(journalRoot, absolute).split(sep).join('/');

const { config, problems: configProblems } = resolveConfig(JSON.parse(readFileSync(join(journalRoot, '.experiment-journal.json'), 'utf8')));
const markdownFiles = listFiles(journalRoot)
  .filter((f) => f.endsWith('.md'))
  .map(toJournalPath)
  .sort();
const results = new Map<string, FileResult>(
  markdownFiles.map((path) => [path, checkFileBytes(path, readFileSync(join(journalRoot, path)), config, { today: TODAY })]),
);
const notes: ParsedNote[] = [...results.values()].flatMap((r) => (r.note && r.note.type !== undefined ? [r.note] : []));
const expected = JSON.parse(readFileSync(join(here, 'expected-findings.json'), 'utf8')) as ExpectedFinding[];

function noteById(id: string): ParsedNote {
  const note = notes.find((n) => n.id === id);
  assert.ok(note, `no note with id ${id}`);
  return note;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const lessonOwner = new Map<string, string>();
for (const note of notes) for (const lesson of note.lessons) lessonOwner.set(lesson.id, note.id!);

describe('example journal', () => {
  it('Should load its configuration without problems', () => {
    assert.deepEqual(configProblems, []);
    assert.ok(config.noteTypes['design-review'], 'the design-review type is configured');
    assert.ok(config.failureModes.includes('false-positives'));
  });

  it('Should give exactly the intended findings, and none in the complete notes', () => {
    const actual = [...results.values()]
      .flatMap((r) => r.diagnostics.map((d) => ({ file: r.path, line: d.range.start.line + 1, code: d.code })))
      .sort(compareFinding);
    const wanted = expected.map(({ file, line, code }) => ({ file, line, code })).sort(compareFinding);
    assert.deepEqual(actual, wanted);
  });

  it('Should explain every expected finding and point at a file of the journal', () => {
    for (const finding of expected) {
      assert.ok(finding.why.trim().length > 10, `${finding.file}:${finding.line} needs a reason`);
      assert.ok(results.has(finding.file), `${finding.file} is not in the journal`);
    }
  });

  it('Should report the draft post-mortem as missing exactly What Went Well and Lessons for Team', () => {
    const missing = results
      .get('postmortems/2026-11-30-labelling-backlog.md')!
      .diagnostics.filter((d) => d.code === 'section-missing')
      .map((d) => d.data?.section);
    assert.deepEqual(missing, ['What Went Well', 'Lessons for Team']);
  });

  it('Should type every note by its folder and agree with its type field; the README is not a note', () => {
    const folderType: Record<string, string> = { experiments: 'experiment', postmortems: 'postmortem', 'design-reviews': 'design-review' };
    for (const [path, result] of results) {
      const folder = path.split('/')[0]!;
      if (path === 'README.md') {
        assert.equal(result.note?.type, undefined);
        continue;
      }
      assert.equal(result.note?.type, folderType[folder], path);
      assert.equal(result.note?.data.type, folderType[folder], `${path}: type field`);
    }
    assert.equal(notes.length, markdownFiles.length - 1);
  });

  it('Should give every note and every lesson a unique id', () => {
    const ids = notes.map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, 'note ids');
    const lessonIds = notes.flatMap((n) => n.lessons.map((l) => l.id));
    assert.equal(new Set(lessonIds).size, lessonIds.length, 'lesson ids');
  });

  it('Should apply only lessons that an earlier, other note defines', () => {
    for (const note of notes) {
      const applied = [...stringList(note.data.applies), ...note.references.map((r) => r.target).filter((t) => t.startsWith('L-'))];
      for (const lessonId of applied) {
        const owner = lessonOwner.get(lessonId);
        assert.ok(owner, `${note.path} applies unknown lesson ${lessonId}`);
        assert.notEqual(owner, note.id, `${note.path} applies its own lesson ${lessonId}`);
        assert.ok(noteById(owner).date! < note.date!, `${note.path} applies ${lessonId} from a later note`);
      }
    }
  });

  it('Should reference only notes that exist, by id or by relative link with an existing heading', () => {
    const ids = new Set(notes.map((n) => n.id));
    for (const note of notes) {
      const referenced = [
        ...stringList(note.data.related),
        ...stringList(note.data.experiments),
        ...note.references.map((r) => r.target).filter((t) => !t.startsWith('L-')),
      ];
      for (const id of referenced) assert.ok(ids.has(id), `${note.path} references unknown note ${id}`);
      for (const link of note.links) {
        const target = posix.normalize(posix.join(posix.dirname(note.path), link.path));
        const linked = results.get(target)?.note;
        assert.ok(linked, `${note.path} links to missing file ${target}`);
        if (link.fragment !== undefined) assert.ok(linked.headingSlugs.includes(link.fragment), `${note.path} links to missing heading ${link.url}`);
      }
    }
    assert.ok(notes.some((n) => n.links.some((l) => l.fragment)), 'the journal shows a link with a #heading fragment');
  });

  it('Should tell the recommendation system story: v1 and v2 fail, v3 applies their lessons and succeeds, v4 runs', () => {
    const v1 = noteById('EXP-2026-001');
    const v2 = noteById('EXP-2026-002');
    const v3 = noteById('EXP-2026-005');
    const v4 = noteById('EXP-2026-1012-7QM4');
    assert.deepEqual([v1.data.outcome, v1.data.failure_mode, (v1.data.metrics as Record<string, number>).ctr], ['failure', 'cold-start', 0.45]);
    assert.deepEqual([v2.data.outcome, v2.data.failure_mode, (v2.data.metrics as Record<string, number>).latency_p95_ms], ['failure', 'performance', 300]);
    assert.deepEqual([v3.data.outcome, (v3.data.metrics as Record<string, number>).ctr, (v3.data.metrics as Record<string, number>).latency_p95_ms], ['success', 0.68, 50]);
    const v3Applies = stringList(v3.data.applies);
    for (const lesson of [...v1.lessons, ...v2.lessons]) assert.ok(v3Applies.includes(lesson.id), `v3 applies ${lesson.id}`);
    assert.deepEqual([v4.data.status, (v4.data.metrics as Record<string, number>).ctr], ['running', 0.71]);
    assert.ok(stringList(v4.data.applies).some((id) => lessonOwner.get(id) === v3.id));
  });

  it('Should tell the anomaly detector that became the churn model', () => {
    const detector = noteById('EXP-2026-006');
    const churn = noteById('EXP-2026-007');
    assert.deepEqual([detector.data.outcome, (detector.data.metrics as Record<string, number>).false_positive_rate], ['failure', 0.15]);
    assert.deepEqual([churn.data.outcome, (churn.data.metrics as Record<string, number>).accuracy], ['success', 0.84]);
    assert.ok(stringList(churn.data.related).includes('EXP-2026-006'));
    assert.ok(churn.references.some((r) => r.target === 'L-0010'), 'the churn note applies L-0010 inline');
  });

  it('Should hold the feature-pipeline post-mortem with owned, dated action items and lessons', () => {
    const pm = noteById('PM-2026-001');
    assert.deepEqual(stringList(pm.data.experiments), ['EXP-2026-004']);
    assert.equal(pm.actionItems.length, 4);
    for (const item of pm.actionItems) {
      assert.ok(item.owner && item.due && item.checked === true, item.text);
    }
    assert.deepEqual(
      pm.lessons.map((l) => l.id),
      ['L-0007', 'L-0008', 'L-0009'],
    );
  });

  it('Should contain a wasteful repeat: a later failure like an earlier one that applies none of its lessons', () => {
    const first = noteById('EXP-2026-003');
    const repeat = noteById('EXP-2026-009');
    assert.equal(first.data.outcome, 'failure');
    assert.equal(repeat.data.outcome, 'failure');
    assert.equal(repeat.data.failure_mode, first.data.failure_mode);
    assert.ok(first.date! < repeat.date!);
    assert.ok(first.lessons.length > 0);
    const applied = new Set([...stringList(repeat.data.applies), ...repeat.references.map((r) => r.target)]);
    for (const lesson of first.lessons) assert.ok(!applied.has(lesson.id), `the repeat must not apply ${lesson.id}`);
    // Similar on purpose: the same approach and root cause in other words.
    for (const phrase of ['depth 12', 'no early stopping', 'sampled at random from the same']) {
      assert.ok(sectionText(first, 'approach').includes(phrase) && sectionText(repeat, 'approach').includes(phrase), phrase);
    }
  });

  it('Should show the format in its odd forms: setext headings, CRLF with BOM, headings in code and comments', () => {
    const setext = noteById('EXP-2026-006');
    assert.ok(setext.sections.length >= 7 && setext.sections.every((s) => s.setext));
    const crlfBytes = readFileSync(join(journalRoot, 'experiments/2026-06-15-churn-model-from-anomaly-scores.md'));
    assert.deepEqual([...crlfBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    assert.ok(crlfBytes.includes('---\r\nid: EXP-2026-007\r\n'), 'CRLF line endings');
    assert.equal(crlfBytes.toString('utf8').split('\n').length - 1, crlfBytes.toString('utf8').split('\r\n').length - 1, 'every line ends in CRLF');
    // `# Lessons Learned` inside a fenced code block and `## Results (final)` inside a comment are not sections.
    assert.equal(setext.sections.filter((s) => s.key === 'lessons learned').length, 1);
    const v4 = noteById('EXP-2026-1012-7QM4');
    assert.ok(v4.text.includes('## Results (final)'));
    assert.equal(v4.sections.filter((s) => s.key.startsWith('results')).length, 1);
  });
});

function sectionText(note: ParsedNote, key: string): string {
  return note.sections.find((s) => s.key === key)?.text ?? '';
}

function compareFinding(a: { file: string; line: number; code: string }, b: { file: string; line: number; code: string }): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code);
}
