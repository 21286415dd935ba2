import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { lintNote } from '../../../src/core/lint';
import type { ParsedNote } from '../../../src/core/note';
import { parseNote } from '../../../src/core/parse';
import { requiredSectionsOf } from '../../../src/core/rules/sections';
import type { Range } from '../../../src/core/text';

const FM = ['---', 'id: EXP-2026-0101-AAAA', 'type: experiment', 'title: T', 'date: 2026-01-01', 'status: running', '---', ''].join('\n');
const FM_LINES = 7;

function parse(body: string, path = 'experiments/x.md'): ParsedNote {
  return parseNote(path, FM + body, DEFAULT_CONFIG);
}

function lint(note: ParsedNote): Diagnostic[] {
  return lintNote(note, DEFAULT_CONFIG, { today: '2026-06-01', onRuleError: (rule, error) => assert.fail(`${rule.code} threw: ${String(error)}`) });
}

/** Range as `line:char-line:char`, zero-based, for compact assertions. */
function r(range: Range | undefined): string {
  return range ? `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}` : 'none';
}

/** The text a range covers. */
function cover(note: ParsedNote, range: Range | undefined): string {
  assert.ok(range);
  return note.text.slice(note.lines.offsetAt(range.start), note.lines.offsetAt(range.end));
}

describe('parseNote: sections', () => {
  it('Should read ATX and setext headings with their level, kind and exact range', () => {
    const note = parse(['# Title', '', 'Hypothesis', '==========', '', 'text', '', 'Approach', '--------', 'more', '', '### Results ###', ''].join('\n'));
    assert.deepEqual(
      note.sections.map((s) => [s.title, s.level, s.setext, r(s.headingRange)]),
      [
        ['Title', 1, false, `${FM_LINES}:0-${FM_LINES}:7`],
        ['Hypothesis', 1, true, `${FM_LINES + 2}:0-${FM_LINES + 3}:10`],
        ['Approach', 2, true, `${FM_LINES + 7}:0-${FM_LINES + 8}:8`],
        ['Results', 3, false, `${FM_LINES + 11}:0-${FM_LINES + 11}:15`],
      ],
    );
  });

  it('Should tell a setext heading whose text starts with "#" from an ATX heading', () => {
    const note = parse('#hashtag\n===\n\n#nospace is a paragraph\n');
    assert.deepEqual(
      note.sections.map((s) => [s.title, s.setext]),
      [['#hashtag', true]],
    );
  });

  it('Should not count headings inside fenced or indented code, HTML blocks or HTML comments', () => {
    const note = parse(
      [
        '## Hypothesis',
        '',
        '```md',
        '## Approach',
        '```',
        '',
        '~~~',
        '## Results',
        '~~~',
        '',
        '    ## Outcome',
        '',
        '<div>',
        '## Lessons Learned',
        '</div>',
        '',
        '<!--',
        '## Next Steps',
        '-->',
        '',
        '> ## Quoted',
        '',
        '- ## In a list',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      note.sections.map((s) => s.title),
      ['Hypothesis'],
    );
  });

  it('Should match required sections by alias, case-insensitively, ignoring numbering and punctuation', () => {
    const note = parse(['## 1. Hypothesis', 'a', '## method', 'b', '## RESULT', 'c', '## iv. Outcome:', 'd', '## LESSONS LEARNED:', 'e', '## next steps', 'f', ''].join('\n'));
    const found = requiredSectionsOf(note, DEFAULT_CONFIG.noteTypes.experiment!).map((s) => [s.name, s.section?.title]);
    assert.deepEqual(found, [
      ['Hypothesis', '1. Hypothesis'],
      ['Approach', 'method'],
      ['Results', 'RESULT'],
      ['Outcome', 'iv. Outcome:'],
      ['Lessons Learned', 'LESSONS LEARNED:'],
      ['Next Steps', 'next steps'],
    ]);
    const lessons = parse('## lessons\n\n- [L-1] x\n');
    assert.equal(requiredSectionsOf(lessons, DEFAULT_CONFIG.noteTypes.experiment!).find((s) => s.name === 'Lessons Learned')?.section?.title, 'lessons');
  });

  it('Should treat a section holding only comments, thematic breaks or empty list items as empty', () => {
    const note = parse('## Results\n\n<!-- later -->\n\n***\n\n-\n\n## Outcome\n\n```\nlog\n```\n');
    assert.deepEqual(
      note.sections.map((s) => [s.title, s.hasContent]),
      [
        ['Results', false],
        ['Outcome', true],
      ],
    );
  });

  it('Should not read a file starting with `----` (a thematic break) as front matter', () => {
    const note = parseNote('experiments/x.md', '----\nid: x\n---\n', DEFAULT_CONFIG);
    assert.equal(note.frontMatter, undefined);
    assert.deepEqual(note.parseDiagnostics, []);
  });

  it('Should treat a section holding only comments and leave code and comments out of its text', () => {
    const note = parse('## Results\n\n<!-- later -->\n\n## Outcome\n\nTBD `code` <!-- x -->\n');
    assert.deepEqual(
      note.sections.map((s) => [s.title, s.hasContent, s.text]),
      [
        ['Results', false, ''],
        ['Outcome', true, 'TBD'],
      ],
    );
  });
});

describe('parseNote: lessons, action items, references and links', () => {
  it('Should give each lesson its exact id range, in nested lists and block quotes too', () => {
    const note = parse(['## Lessons Learned', '', '- [L-0042] Validate data', '  - [L-EXP-1-2] nested', '> 1. [L-7] quoted', ''].join('\n'));
    assert.deepEqual(
      note.lessons.map((l) => [l.id, l.text, r(l.idRange), cover(note, l.idRange)]),
      [
        ['L-0042', 'Validate data', `${FM_LINES + 2}:3-${FM_LINES + 2}:9`, 'L-0042'],
        ['L-EXP-1-2', 'nested', `${FM_LINES + 3}:5-${FM_LINES + 3}:14`, 'L-EXP-1-2'],
        ['L-7', 'quoted', `${FM_LINES + 4}:6-${FM_LINES + 4}:9`, 'L-7'],
      ],
    );
    assert.ok(note.lessons.every((l) => note.sections[l.section]?.title === 'Lessons Learned'));
  });

  it('Should report malformed lesson ids with a suggestion, and items without ids only at the top level of the lessons section', () => {
    const note = parse(['## Lessons', '', '- [l 42] a', '- no id', '  - nested, no id', '- [ ] [l-9] a task is not a lesson', ''].join('\n'));
    assert.deepEqual(
      note.malformedLessons.map((m) => [m.raw, m.suggestion, cover(note, m.range)]),
      [['[l 42]', 'L-42', '[l 42]']],
    );
    assert.deepEqual(
      note.unidentifiedLessons.map((u) => u.text),
      ['no id'],
    );
  });

  it('Should read action items: owner, due date and the due range', () => {
    const pm = [
      '---',
      'id: PM-1',
      'type: postmortem',
      'title: T',
      'date: 2026-01-01',
      'status: open',
      '---',
      '## Action Items',
      '',
      '1. Add validation (@priya, due: 2026-04-10)',
      '2. [ ] Alert @tomas.k DUE:2026-05-01',
      '3. [x] Done, mail sam@example.com',
      '   - sub item, not an action item',
      '',
      '## What Happened',
      '',
      '- [ ] a task anywhere is an action item @lee',
      '- a plain item elsewhere is not',
      '',
    ].join('\n');
    const note = parseNote('postmortems/x.md', pm, DEFAULT_CONFIG);
    assert.deepEqual(
      note.actionItems.map((a) => [a.checked, a.owner, a.due, a.dueRange && cover(note, a.dueRange), r(a.range).split('-')[0]]),
      [
        [undefined, 'priya', '2026-04-10', 'due: 2026-04-10', '9:0'],
        [false, 'tomas.k', '2026-05-01', 'DUE:2026-05-01', '10:0'],
        [true, undefined, undefined, undefined, '11:0'],
        [false, 'lee', undefined, undefined, '16:0'],
      ],
    );
  });

  it('Should find [[references]] outside code and relative links with their fragments', () => {
    const note = parse('See [[EXP-2026-001]] and [[L-0042|the lesson]], not `[[EXP-9]]`; [v1](../experiments/v1.md#results), [here](#hypothesis), [web](https://example.com/a.md).\n');
    assert.deepEqual(
      note.references.map((x) => [x.target, cover(note, x.range)]),
      [
        ['EXP-2026-001', 'EXP-2026-001'],
        ['L-0042', 'L-0042'],
      ],
    );
    assert.deepEqual(
      note.links.map((l) => [l.path, l.fragment, cover(note, l.range)]),
      [
        ['../experiments/v1.md', 'results', '[v1](../experiments/v1.md#results)'],
        ['', 'hypothesis', '[here](#hypothesis)'],
      ],
    );
  });
});

describe('parseNote: line endings, BOM and degenerate files', () => {
  const sample = FM + ['Hypothesis', '==========', '', 'x [[EXP-1]]', '', '## Lessons Learned', '', '- [L-1] a', '- [ ] b @c due: 2020-01-01', ''].join('\n');

  function shape(note: ParsedNote) {
    return {
      sections: note.sections.map((s) => [s.title, s.headingRange]),
      lessons: note.lessons.map((l) => [l.id, l.range, l.idRange]),
      actions: note.actionItems.map((a) => [a.range, a.dueRange]),
      refs: note.references,
      fields: [...(note.frontMatter?.fields ?? [])],
      diagnostics: lint(note).map((d) => [d.code, d.range]),
    };
  }

  it('Should give CRLF files the same lines and characters as LF files', () => {
    const lf = parseNote('experiments/x.md', sample, DEFAULT_CONFIG);
    const crlf = parseNote('experiments/x.md', sample.replace(/\n/g, '\r\n'), DEFAULT_CONFIG);
    assert.deepEqual(shape(crlf), shape(lf));
    assert.ok(shape(lf).diagnostics.length > 0, 'the sample has findings to compare');
  });

  it('Should read a file with a BOM as if it had none', () => {
    const plain = parseNote('experiments/x.md', sample, DEFAULT_CONFIG);
    const bom = parseNote('experiments/x.md', '\uFEFF' + sample, DEFAULT_CONFIG);
    assert.deepEqual(shape(bom), shape(plain));
    assert.equal(bom.id, 'EXP-2026-0101-AAAA');
  });

  it('Should report an empty note file as having no front matter, on line 1', () => {
    const note = parseNote('experiments/x.md', '', DEFAULT_CONFIG);
    const codes = lint(note).map((d) => [d.code, d.range.start.line]);
    assert.deepEqual(codes[0], ['frontmatter-missing', 0]);
    assert.ok(codes.every(([, line]) => line === 0));
  });

  it('Should report a file holding only `---` as unclosed front matter', () => {
    for (const text of ['---', '---\n', '---\r\n']) {
      const note = parseNote('experiments/x.md', text, DEFAULT_CONFIG);
      assert.deepEqual(
        note.parseDiagnostics.map((d) => [d.code, r(d.range)]),
        [['frontmatter-unclosed', '0:0-0:3']],
        JSON.stringify(text),
      );
    }
  });

  it('Should report unclosed front matter on line 1 and still read the body', () => {
    const note = parseNote('experiments/x.md', 'id: x\n---x\n\n## Hypothesis\n\ntext\n'.replace(/^/, '---\n'), DEFAULT_CONFIG);
    assert.deepEqual(
      note.parseDiagnostics.map((d) => [d.code, r(d.range)]),
      [['frontmatter-unclosed', '0:0-0:3']],
    );
    assert.equal(note.frontMatter, undefined);
    assert.deepEqual(
      note.sections.map((s) => s.title),
      ['Hypothesis'],
    );
  });

  it('Should not throw on thousands of nested block quotes, and report the body as not read', () => {
    const note = parse('> '.repeat(20000) + 'deep\n');
    assert.deepEqual(
      lint(note).map((d) => d.code),
      ['file-skipped'],
    );
  });
});

describe('parseNote: front matter errors', () => {
  function fmDiagnostics(text: string, path = 'experiments/x.md'): [string, string, string][] {
    const note = parseNote(path, text, DEFAULT_CONFIG);
    return lint(note)
      .filter((d) => d.code.startsWith('frontmatter'))
      .map((d) => [d.code, r(d.range), cover(note, d.range)]);
  }

  it('Should map a YAML error to its line and column in the file', () => {
    assert.deepEqual(fmDiagnostics('---\nid: EXP-1\ntype: experiment\ntitle: a: b\n---\n'), [['frontmatter-yaml', '3:7-3:8', 'a']]);
    assert.deepEqual(fmDiagnostics('\uFEFF---\r\nid: EXP-1\r\ntype: experiment\r\ntitle: a: b\r\n---\r\n'), [['frontmatter-yaml', '3:7-3:8', 'a']]);
  });

  it('Should put a YAML error found at the end of the block on the last line, never as an empty range', () => {
    assert.deepEqual(fmDiagnostics('---\nid: EXP-1\ntitle: "unterminated\n\n---\n'), [['frontmatter-yaml', '2:0-2:20', 'title: "unterminated']]);
    assert.deepEqual(fmDiagnostics('---\n  tags: [a, b\n---\n'), [['frontmatter-yaml', '1:2-1:13', 'tags: [a, b']]);
  });

  it('Should underline the whole duplicate key', () => {
    assert.deepEqual(fmDiagnostics('---\ntitle: a\ntype: experiment\ntitle: b\n---\n'), [['frontmatter-yaml', '3:0-3:5', 'title']]);
  });

  it('Should stop an alias bomb at the alias limit and report it at the first alias', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) rows.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
    const diagnostics = fmDiagnostics(`---\ntype: experiment\n${rows.join('\n')}\n---\n`);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]![0], 'frontmatter-yaml');
    assert.equal(diagnostics[0]![2], '*a');
  });

  it('Should report an alias to no anchor at the alias', () => {
    assert.deepEqual(fmDiagnostics('---\ntype: experiment\nb: *nowhere\n---\n'), [['frontmatter-yaml', '2:3-2:11', '*nowhere']]);
  });

  it('Should report front matter that is not a mapping', () => {
    assert.deepEqual(fmDiagnostics('---\n- a\n- b\n---\n'), [['frontmatter-yaml', '1:0-2:3', '- a\n- b']]);
  });

  it('Should keep a note typed by its field when its YAML is broken, so that the error is reported', () => {
    const rows = fmDiagnostics('---\ntype: experiment\ntitle: [x\n---\n', 'elsewhere/x.md');
    assert.deepEqual(
      rows.map((x) => x[0]),
      ['frontmatter-yaml'],
    );
  });

  it('Should not make a file a note with a `type` the configuration does not know', () => {
    const note = parseNote('docs/page.md', '---\ntype: page\n---\n# x\n', DEFAULT_CONFIG);
    assert.equal(note.type, undefined);
    assert.deepEqual(lint(note), []);
  });

  it('Should place a schema issue on the offending value', () => {
    const text = ['---', 'id: EXP-1', 'type: experiment', 'title: T', 'date: 2026-01-01', 'status: finished', 'metrics:', '  auc: "high"', '  loss: 0.3', '---', ''].join('\n');
    assert.deepEqual(fmDiagnostics(text), [
      ['frontmatter-schema', '5:8-5:16', 'finished'],
      ['frontmatter-schema', '7:7-7:13', '"high"'],
    ]);
  });

  it('Should list missing required fields once, on the first line, even when the block is empty', () => {
    for (const text of ['---\n---\n', '---\n# only a comment\n---\n']) {
      const note = parseNote('experiments/x.md', text, DEFAULT_CONFIG);
      const schema = lint(note).filter((d) => d.code === 'frontmatter-schema');
      assert.equal(schema.length, 1, JSON.stringify(text));
      assert.equal(schema[0]!.range.start.line, 0);
      assert.deepEqual(schema[0]!.data?.missingFields, ['id', 'title', 'date', 'status'], 'a note typed by its folder need not repeat its type');
    }
  });
});
