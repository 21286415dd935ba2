import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateCorpus } from '../../../bench/corpus';
import { compareExtractors, type Comparison } from './harness';
import { createRandom, mutate, randomNote } from './fuzz';

/** Names the first field where the two extractions differ, for a readable failure. */
function firstDifference(c: Comparison): string {
  for (const key of Object.keys(c.slow ?? {}) as (keyof NonNullable<Comparison['slow']>)[]) {
    const a = JSON.stringify(c.fast?.[key]);
    const b = JSON.stringify(c.slow?.[key]);
    if (a !== b) return `${key}:\n  fast ${a?.slice(0, 400)}\n  remark ${b?.slice(0, 400)}`;
  }
  return '(no field differs)';
}

describe('fastExtractBody against extractBody (remark)', () => {
  it('Should give exactly the remark result, or refuse, on every note of a 2,000-note benchmark corpus', () => {
    const corpus = generateCorpus(2000, 11);
    let fallbacks = 0;
    for (const note of corpus) {
      const c = compareExtractors(note.text, note.type);
      assert.equal(c.slowError, undefined, `extractBody threw on ${note.path}`);
      if (c.fast === undefined) {
        fallbacks++;
        continue;
      }
      assert.ok(c.equal, `${note.path} differs in ${firstDifference(c)}`);
    }
    // The fast path must actually carry the corpus, not refuse it: the design target is < 15 % fallbacks.
    assert.ok(fallbacks / corpus.length < 0.15, `fallback rate ${fallbacks}/${corpus.length}`);
  });

  it('Should give exactly the remark result, or refuse, on 6,000 fuzzed notes', () => {
    const corpus = generateCorpus(300, 3);
    const rnd = createRandom(20240601);
    let compared = 0;
    let remarkCrashes = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const base = corpus[i % corpus.length]!;
      let text: string;
      if (i % 3 === 2) {
        text = randomNote(rnd);
      } else {
        // A window of the note (sometimes with its front matter), then random edits.
        const lines = base.text.split('\n');
        const from = rnd.chance(0.3) ? 0 : rnd.int(0, lines.length - 1);
        text = mutate(rnd, lines.slice(from, from + rnd.int(10, 60)).join('\n'));
      }
      const c = compareExtractors(text, i % 3 === 2 ? 'postmortem' : base.type);
      if (c.slowError !== undefined) {
        // extractBody itself throws on a few inputs (autolink literals next to `[[`); nothing to compare.
        remarkCrashes++;
        continue;
      }
      if (c.fast === undefined) continue;
      compared++;
      if (!c.equal && mismatches.length < 3) mismatches.push(`${JSON.stringify(text)}\n${firstDifference(c)}`);
    }
    assert.deepEqual(mismatches, []);
    // Not vacuous: a good share of the fuzzed notes went through the fast path and were compared.
    assert.ok(compared >= 1500, `only ${compared} fuzzed notes were compared (remark crashed on ${remarkCrashes})`);
  });

  it('Should match remark on cases the fuzzer once caught', () => {
    const cases = [
      // An ordered item not starting at 1 cannot interrupt the item's paragraph: it is continuation text.
      '# T\n\n1. first\n   2. not a nested list\n3. third\n',
      // An autolink literal swallows the backticks after it, so there is no code span.
      '# T\n\nThe http://x.y`config.yaml` setting.\n',
      // An e-mail address in a task item keeps the checkbox in remark's paragraph.
      '## Action Items\n\n- [x] done\n  - [ ] ask a@b.co about it @grace\n',
      '## Next Steps\n\nHeading text\n---\n- [ ] task @bob due: 2024-01-01\n\n| a | b |\n| - | - |\n| `x|y` | [[EXP-1]] |\n',
      '<!-- c -->\n# T <!-- inline -->\n\n```\n# code\n',
      // A task whose text opens with a link, code, emphasis or an image: mdast starts the paragraph at the checkbox.
      '## Action Items\n\n- [ ] [e]()Alert on checks @bob due: 2025-08-23\n- [x] `flag` off @eve\n- [ ] *now* @al\n- [ ] ![i](a.png) x\n- [ ] [x] y\n',
      // Sections whose only content is a thematic break, an empty link or a code span.
      '## What Went Well\n\n***\n\n## Root Cause\n\n[](x.md)\n\n## Action Items\n\n`x`\n',
    ];
    for (const text of cases) {
      const c = compareExtractors(text, 'postmortem');
      assert.ok(c.equal || c.fast === undefined, `${JSON.stringify(text)}: ${firstDifference(c)}`);
    }
  });

  it('Should take a heading being typed (`## ` with no text yet) on the fast path, as remark reads it', () => {
    for (const text of ['# T\n\n## Hypothesis\n\nx\n\n## \n', '# T\n\n##\n\nmore\n', '#\n\n## Approach\n\ny\n', '# T\n\n###   \n']) {
      const c = compareExtractors(text, 'experiment');
      assert.ok(c.fast, `${JSON.stringify(text)} takes the fast path`);
      assert.ok(c.equal, `${JSON.stringify(text)}: ${firstDifference(c)}`);
    }
    // A trailing # after text may close the heading: still remark's.
    assert.equal(compareExtractors('# T\n\n## x #\n', 'experiment').fast, undefined);
  });

  it('Should never count the checkbox as part of an action item, whatever the text opens with', () => {
    const text = '## Action Items\n\n- [ ] [runbook](run.md) update @bob due: 2025-08-23\n- [x] `flag` off @eve\n- [ ] **now** @al\n- [ ] [x] stays literal\n';
    const c = compareExtractors(text, 'postmortem');
    assert.deepEqual(
      c.slow!.actionItems.map((a) => [a.text, a.checked, a.owner]),
      [
        ['[runbook](run.md) update @bob due: 2025-08-23', false, 'bob'],
        ['`flag` off @eve', true, 'eve'],
        ['**now** @al', false, 'al'],
        ['[x] stays literal', false, undefined],
      ],
    );
    assert.ok(c.fast && c.equal, firstDifference(c));
  });

  it('Should take an empty list item being typed (`- ` at the end of the action items) on the fast path', () => {
    for (const text of ['## Action Items\n\n- [ ] a @bob\n- \n', '## Action Items\n\n- [ ] a @bob\n- \n\n## Next Steps\n\n- more\n', '## R\n\n1. a\n2. \n3. c\n', '## R\n\n-\n']) {
      const c = compareExtractors(text, 'postmortem');
      assert.ok(c.fast, `${JSON.stringify(text)} takes the fast path`);
      assert.ok(c.equal, `${JSON.stringify(text)}: ${firstDifference(c)}`);
    }
    // An empty item with content on the next lines, or followed by a paragraph, is remark's.
    assert.equal(compareExtractors('## R\n\n- \n  foo\n', 'postmortem').fast, undefined);
    assert.equal(compareExtractors('## R\n\n- \nfoo\n', 'postmortem').fast, undefined);
  });

  it('Should take block quotes of one-line paragraphs (a quoted error message) on the fast path, as remark reads them', () => {
    for (const text of ['## Results\n\n> RuntimeError: CUDA out of memory\n\nThen we halved the batch.\n', '## R\n\n> a [[EXP-1]] `x`\n>\n> b [l](c.md)\n## S\n\nx\n', '## R\n\n>\n', '## Lessons Learned\n\n> [L-1] quoted, so not a lesson\n']) {
      const c = compareExtractors(text, 'postmortem');
      assert.ok(c.fast, `${JSON.stringify(text)} takes the fast path`);
      assert.ok(c.equal, `${JSON.stringify(text)}: ${firstDifference(c)}`);
    }
  });

  it('Should take images (plots in a Results section) on the fast path, as remark reads them: no text, no link, but content', () => {
    for (const text of ['# T\n\n## Results\n\n![loss curve](plots/loss.png)\n\n## Outcome\n\nx\n', '# T\n\n## Results\n\nSee ![loss](a.png "Loss") and [[EXP-1]], [notes](b.md#c).\n', '## Results\n\n- ![x](a.png) item\n- [L-1] lesson ![y](b.png)\n', '## R\n\n| a | b |\n| - | - |\n| ![x](y.png) | z |\n']) {
      const c = compareExtractors(text, 'experiment');
      assert.ok(c.fast, `${JSON.stringify(text)} takes the fast path`);
      assert.ok(c.equal, `${JSON.stringify(text)}: ${firstDifference(c)}`);
    }
    const onlyImage = compareExtractors('# T\n\n## Results\n\n![loss](plots/loss.png)\n', 'experiment').fast!;
    assert.equal(onlyImage.sections[1]!.hasContent, true, 'a section holding only a plot is not empty');
    assert.deepEqual(onlyImage.links, [], 'an image is not a link');
  });

  it('Should refuse constructs it does not parse, and accept a plain note', () => {
    const plain = '---\nid: EXP-1\n---\n# T\n\n## Lessons Learned\n\n- [L-1] Check *drift* before `deploy`. See [[PM-2]] and [x](../a.md#b).\n';
    assert.ok(compareExtractors(plain, 'experiment').fast, 'a plain note takes the fast path');
    for (const refused of ['> quoted over\n> two lines\n', '> lazy\ncontinuation\n', '> - a list in a quote\n', '[ref]: ./a.md\n', '<div>\nx\n</div>\n', '    indented code\n', 'a \\* b\n', 'a &amp; b\n', '[![i](a.png)](b.md)\n', '- a\n\n  second paragraph\n']) {
      assert.equal(compareExtractors(`# T\n\n${refused}`, 'experiment').fast, undefined, JSON.stringify(refused));
    }
  });
});
