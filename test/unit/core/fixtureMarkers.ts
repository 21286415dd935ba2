import assert from 'node:assert/strict';

/**
 * Expected findings marked inline in a fixture (see test/fixtures/rules/README.md):
 * `<!-- expect: code, code*2, code@12 -->` or `# expect: …` marks its own line, `expect-above:` the line before.
 */
export interface Expectation {
  /** Zero-based line. */
  line: number;
  code: string;
  /** One-based start column, when the marker gives one. */
  column: number | undefined;
}

export const MARKER = /\bexpect(-above)?:\s*([a-z][a-z0-9-]*(?:[*@]\d+)*(?:\s*,\s*[a-z][a-z0-9-]*(?:[*@]\d+)*)*)/g;

/** Reads the markers; the text is decoded leniently so that fixtures that are not valid UTF-8 can carry them too. */
export function readExpectations(bytes: Uint8Array): Expectation[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  const out: Expectation[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const m of lineText.matchAll(MARKER)) {
      const line = m[1] ? index - 1 : index;
      for (const item of m[2]!.split(',')) {
        const spec = /^([a-z][a-z0-9-]*)(?:\*(\d+))?(?:@(\d+))?$/.exec(item.trim());
        assert.ok(spec, `bad marker item "${item}" on line ${index + 1}`);
        const times = spec[2] ? Number(spec[2]) : 1;
        for (let i = 0; i < times; i++) out.push({ line, code: spec[1]!, column: spec[3] ? Number(spec[3]) : undefined });
      }
    }
  });
  return out;
}

