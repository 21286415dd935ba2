import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import matter from 'gray-matter';
import { checkFileBytes } from '../../../src/core/check';
import { DEFAULT_CONFIG, resolveConfig } from '../../../src/core/config';
import { decodeNoteBytes } from '../../../src/core/decode';
import { lintNote } from '../../../src/core/lint';
import { parseNote } from '../../../src/core/parse';

const dir = mkdtempSync(join(tmpdir(), 'ej-frontmatter-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Front matter that creates `file` when evaluated as JavaScript. */
function payload(fence: string, file: string): string {
  return `${fence}\n(require('fs').writeFileSync(${JSON.stringify(file)}, 'evaluated'), { id: 'EXP-1', type: 'experiment' })\n---\n\n## Hypothesis\n\nx\n`;
}

describe('front matter in code form', () => {
  it('Should have a payload that really creates its file when evaluated (control)', () => {
    const file = join(dir, 'control');
    matter(payload('---js', file), {}); // gray-matter's own JavaScript engine evaluates it
    assert.ok(existsSync(file));
  });

  for (const fence of ['---js', '---javascript', '---JS', '---coffee', '---coffeescript', '---cson', '--- js ', '---json', '---toml', '---constructor', '---hasOwnProperty', '---__proto__']) {
    it(`Should never evaluate ${JSON.stringify(fence)} front matter and report frontmatter-language`, () => {
      const file = join(dir, `created-by-${fence.replace(/[^a-z_]/gi, '')}`);
      const note = parseNote('experiments/x.md', payload(fence, file), DEFAULT_CONFIG);
      const diagnostics = lintNote(note, DEFAULT_CONFIG, { today: '2026-06-01' });
      assert.equal(existsSync(file), false, 'the front matter was executed');
      const language = diagnostics.filter((d) => d.code === 'frontmatter-language');
      assert.equal(language.length, 1);
      assert.deepEqual(language[0]!.range.start, { line: 0, character: 0 });
      assert.deepEqual(note.data, {});
      assert.deepEqual(
        note.sections.map((s) => s.title),
        ['Hypothesis'],
        'the body is still read',
      );
    });
  }

  it('Should read `---yaml` and `---yml` fences as YAML', () => {
    for (const fence of ['---yaml', '---yml']) {
      const note = parseNote('experiments/x.md', `${fence}\nid: EXP-1\n---\n`, DEFAULT_CONFIG);
      assert.deepEqual(note.parseDiagnostics, []);
      assert.equal(note.id, 'EXP-1');
    }
  });
});

describe('decodeNoteBytes and checkFileBytes', () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);

  it('Should read UTF-8 with and without a BOM, and UTF-16 with a BOM', () => {
    assert.deepEqual(decodeNoteBytes(utf8('é'), 100), { ok: true, text: 'é' });
    assert.deepEqual(decodeNoteBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), 100), { ok: true, text: 'a' });
    assert.deepEqual(decodeNoteBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0xe9, 0x00]), 100), { ok: true, text: 'aé' });
    assert.deepEqual(decodeNoteBytes(new Uint8Array([0xfe, 0xff, 0x00, 0x61]), 100), { ok: true, text: 'a' });
  });

  it('Should skip invalid UTF-8, binary and over-size files with a reason', () => {
    const cases: [Uint8Array, number, string][] = [
      [new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]), 100, 'encoding'],
      [new Uint8Array([0xc3]), 100, 'encoding'],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), 100, 'binary'],
      [utf8('x'.repeat(101)), 100, 'too-large'],
      [new Uint8Array([0xff, 0xfe, 0x00, 0xd8]), 100, 'encoding'],
    ];
    for (const [bytes, max, reason] of cases) {
      const result = decodeNoteBytes(bytes, max);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.reason, reason);
        assert.match(result.message, /^skipped: /);
      }
    }
  });

  it('Should give a skipped file in a notes folder one file-skipped finding on line 1, and none elsewhere', () => {
    const { config } = resolveConfig({ maxFileSize: 64 });
    const big = utf8('---\ntype: experiment\n---\n' + 'x'.repeat(100));
    const inFolder = checkFileBytes('experiments/big.md', big, config, { today: '2026-06-01' });
    assert.equal(inFolder.note, undefined);
    assert.deepEqual(
      inFolder.diagnostics.map((d) => [d.code, d.range.start.line, d.data?.reason]),
      [['file-skipped', 0, 'too-large']],
    );
    assert.match(inFolder.diagnostics[0]!.message, /size limit/);
    assert.deepEqual(checkFileBytes('docs/big.md', big, config).diagnostics, []);
    const binary = checkFileBytes('postmortems/x.md', new Uint8Array([0x2d, 0x00, 0x2d]), DEFAULT_CONFIG);
    assert.deepEqual(
      binary.diagnostics.map((d) => d.data?.reason),
      ['binary'],
    );
  });
});
