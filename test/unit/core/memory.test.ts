import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import matter from 'gray-matter';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { lintNote } from '../../../src/core/lint';
import { parseNote } from '../../../src/core/parse';

/**
 * gray-matter, called without options, caches every result keyed by the whole file text and never
 * evicts. In a language server that reparses on every keystroke that is a leak proportional to the
 * typing. The core must not grow with the number of parses.
 */

function note(): string {
  const lines = [
    '---',
    'id: EXP-2026-0412-H7QK',
    'type: experiment',
    'title: "Recommendations v3: hybrid approach"',
    'date: 2026-04-12',
    'status: completed',
    'outcome: partial',
    'tags: [recommendations, hybrid]',
    'metrics:',
    '  ctr: 0.68',
    '---',
    '',
  ];
  for (const section of ['Hypothesis', 'Approach', 'Results', 'Outcome', 'Lessons Learned', 'Next Steps']) {
    lines.push(`## ${section}`, '');
    for (let i = 0; i < 5; i++) lines.push(`- [L-${section.length}-${i}] Combining simple models with selective deep learning, see [[EXP-2026-001]].`);
    lines.push('');
  }
  return lines.join('\n');
}

/** gray-matter's cache is not in its type declarations. */
const grayMatter = matter as unknown as typeof matter & { cache: Record<string, unknown>; clearCache(): void };

/** The collector, so that heap figures mean live objects: `--expose-gc` if given, else exposed at run time. */
function exposeGc(): (() => void) | undefined {
  const given = (globalThis as { gc?: () => void }).gc;
  if (given) return given;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
const gc = exposeGc();

describe('bounded memory over many parses', () => {
  it('Should leave gray-matter’s cache empty and the heap bounded across 10,000 successive versions of a note', (t) => {
    const base = note();
    assert.ok(base.length > 2500 && base.length < 4000, `the note is about 3 KB (${base.length})`);
    assert.equal(Object.keys(grayMatter.cache).length, 0);

    let text = base;
    let heapAfterWarmUp = 0;
    const VERSIONS = 10_000;
    for (let i = 0; i < VERSIONS; i++) {
      text += 'abcdefghij'[i % 10];
      const parsed = parseNote('experiments/typing.md', text, DEFAULT_CONFIG);
      if (i % 500 === 0) {
        // Lint some versions too, so that the rules' caches are exercised as well.
        lintNote(parsed, DEFAULT_CONFIG, { today: '2026-06-01' });
        assert.equal(parsed.id, 'EXP-2026-0412-H7QK');
      }
      if (i === 999 && gc) {
        gc();
        heapAfterWarmUp = process.memoryUsage().heapUsed;
      }
    }

    assert.equal(Object.keys(grayMatter.cache).length, 0, 'gray-matter cached results');
    if (!gc) t.diagnostic('heap not measured: run node with --expose-gc to check it too');
    if (gc) {
      gc();
      const growth = process.memoryUsage().heapUsed - heapAfterWarmUp;
      t.diagnostic(`heap growth over the last 9,000 parses: ${(growth / 1024 / 1024).toFixed(2)} MB`);
      // 9,000 further versions of ~3 KB kept anywhere would be 27 MB of text alone (54 MB as UTF-16).
      assert.ok(growth < 8 * 1024 * 1024, `heap grew by ${(growth / 1024 / 1024).toFixed(1)} MB over 9,000 parses`);
    }
  });

  it('Should detect the leak it guards against: gray-matter without options does cache', () => {
    matter('---\na: 1\n---\nthe control');
    assert.equal(Object.keys(grayMatter.cache).length, 1);
    grayMatter.clearCache();
  });
});
