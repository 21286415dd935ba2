import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RELATED_WEIGHTS, RelatedFailures } from '../../../src/core/analyses';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { JournalIndex } from '../../../src/core/index/journalIndex';
import { MemoryWorkspace } from '../../../src/core/workspace';
import { JOURNAL } from '../index/journal';
import { FAILURES } from './fixtures';

async function related(files: Record<string, string>) {
  const index = await JournalIndex.build(new MemoryWorkspace(files), DEFAULT_CONFIG, { today: '2026-07-01' });
  return { index, related: new RelatedFailures(index) };
}

describe('related past failures', () => {
  it('Should rank earlier failures by link, failure mode, tags and text, with the reasons', async () => {
    const { related: r } = await related(FAILURES);
    const results = r.find('experiments/f5.md');
    assert.deepEqual(results.map((x) => x.noteId), ['EXP-10', 'EXP-11', 'EXP-13', 'PM-12']);
    // EXP-10 has the same words in every field: the text part is the full 1 → 0.5 + 2·0.2 + 1.
    assert.equal(results[0]!.score, RELATED_WEIGHTS.sameFailureMode + 2 * RELATED_WEIGHTS.sharedTag + RELATED_WEIGHTS.text);
    assert.deepEqual(results[0]!.reasons, [
      'same failure mode: latency',
      'shared tags: serving, gpu',
      'shared terms in title: quantization',
      'shared terms in root cause: kernel',
      'shared terms in hypothesis: pruning',
      'shared terms in approach: throughput',
    ]);
    // EXP-11 shares the mode, both tags and one of four words: between 0.9 and 1.9.
    assert.deepEqual(results[1]!.reasons, ['same failure mode: latency', 'shared tags: serving, gpu', 'shared terms in title: quantization']);
    assert.ok(results[1]!.score > 0.9 && results[1]!.score < 1.9, String(results[1]!.score));
    // Explicit links either way, nothing else in common: 0.75 each, the later first.
    assert.deepEqual(results.slice(2).map((x) => [x.noteId, x.score, x.reasons]), [
      ['EXP-13', 0.75, ['linked: EXP-13 references this note']],
      ['PM-12', 0.75, ['linked: this note references PM-12']],
    ]);
  });

  it('Should return only earlier failures: never later ones, never successes', async () => {
    const { related: r } = await related(FAILURES);
    // EXP-10 is the first failure: EXP-15 (identical, but later) and EXP-14 (a success) are not returned.
    assert.deepEqual(r.find('experiments/f1.md'), []);
    // EXP-16 shares only the failure mode with three earlier failures: 0.5 each, latest first.
    assert.deepEqual(r.find('experiments/f6.md').map((x) => [x.noteId, x.score]), [
      ['EXP-15', 0.5],
      ['EXP-11', 0.5],
      ['EXP-10', 0.5],
    ]);
    // A successful experiment gets its related past failures too.
    assert.deepEqual(r.find('experiments/s.md').map((x) => x.noteId), ['EXP-10', 'EXP-11']);
    assert.deepEqual(r.find('experiments/f5.md', 2).map((x) => x.noteId), ['EXP-10', 'EXP-11']);
    assert.deepEqual(r.find('nowhere.md'), []);
  });

  it('Should keep a weak text match weak: one shared word is far below an identical note, and below the listing threshold', async () => {
    const { related: r } = await related(JOURNAL);
    // The feature-pipeline post-mortem shares only "feature" (in EXP-1's lessons) with earlier failures:
    // its score (~0.003) is under RELATED_WEIGHTS.minScore, so nothing is listed rather than noise.
    assert.deepEqual(r.find('postmortems/pipeline.md'), []);
    // EXP-5 (cold start again) finds EXP-1 first: same mode, shared tag, shared terms.
    const v5 = r.find('experiments/v5.md');
    assert.deepEqual(v5.map((x) => x.noteId), ['EXP-1', 'EXP-2']);
    assert.deepEqual(v5[0]!.reasons.slice(0, 3), ['same failure mode: cold-start', 'shared tags: recsys', 'shared terms in title: collaborative, filtering']);
    // EXP-3 links EXP-1 and EXP-2 in `related`.
    assert.deepEqual(r.find('experiments/v3.md').map((x) => [x.noteId, x.reasons[0]]), [
      ['EXP-2', 'linked: this note references EXP-2'],
      ['EXP-1', 'linked: this note references EXP-1'],
    ]);
  });

  it('Should query the most distinctive terms within the match budget, skipping common ones that would overrun it', async () => {
    // Of 40 earlier failures, ten share "tokenizer" with the last note; one of them also shares the rarer "quantization".
    const note = (id: string, date: string, text: string) =>
      `---\nid: ${id}\ntype: postmortem\ntitle: Incident\ndate: ${date}\nseverity: low\n---\n# Incident\n\n## What Happened\n\n${text}\n\n## Root Cause\n\n${text}\n`;
    const files: Record<string, string> = {};
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    for (let i = 0; i < 40; i++) {
      const own = `${words[i % 8]}${words[Math.floor(i / 8)]}`;
      const text = i === 3 ? 'tokenizer quantization' : i < 10 ? `tokenizer ${own}` : own;
      files[`postmortems/p${i}.md`] = note(`PM-${i}`, `2026-01-${String(10 + (i % 18)).padStart(2, '0')}`, text);
    }
    files['postmortems/last.md'] = note('PM-LAST', '2026-03-01', 'tokenizer quantization');
    const { related: r } = await related(files);
    const full = r.find('postmortems/last.md', 20);
    assert.equal(full.length, 10, 'with the budget unreached, the common term finds all ten');
    assert.equal(full[0]!.noteId, 'PM-3');
    const budget = RELATED_WEIGHTS.maxMatches;
    RELATED_WEIGHTS.maxMatches = 5; // room for "quantization" (in 2 notes) but not "tokenizer" (in 11)
    try {
      const narrow = r.find('postmortems/last.md', 20);
      assert.deepEqual(narrow.map((x) => x.noteId), ['PM-3']);
      assert.match(narrow[0]!.reasons.join(' '), /quantization/);
      assert.doesNotMatch(narrow[0]!.reasons.join(' '), /tokenizer/);
    } finally {
      RELATED_WEIGHTS.maxMatches = budget;
    }
  });

  it('Should follow edits: a note that becomes a failure is found, one that is deleted is not', async () => {
    const { index, related: r } = await related(FAILURES);
    index.update('experiments/s.md', FAILURES['experiments/s.md']!.replace('outcome: success', 'outcome: failure'));
    // EXP-14 now has EXP-10's words: the same 1.9, the later date first.
    assert.deepEqual(r.find('experiments/f5.md').map((x) => x.noteId), ['EXP-14', 'EXP-10', 'EXP-11', 'EXP-13', 'PM-12']);
    index.remove('experiments/f1.md');
    assert.deepEqual(r.find('experiments/f5.md').map((x) => x.noteId), ['EXP-14', 'EXP-11', 'EXP-13', 'PM-12']);
    r.dispose();
    index.remove('experiments/s.md');
    // Disposed: no longer follows the index (and does not crash).
    assert.equal(r.find('experiments/f5.md')[0]!.noteId, 'EXP-11');
  });
});
