import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CROSS_NOTE_CODES } from '../../../src/core/index/crossRules';
import { BUILTIN_CODES, RULES } from '../../../src/core/rules';

/** docs/rules.md documents every code, and only codes that exist, with the right default severity. */

const here = dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(join(here, '..', '..', '..', 'docs', 'rules.md'), 'utf8');

const registered = new Map<string, string>([
  ...RULES.map((r) => [r.code, r.defaultSeverity] as [string, string]),
  ...BUILTIN_CODES.map((c) => [c.code, c.defaultSeverity] as [string, string]),
  ...CROSS_NOTE_CODES.map((c) => [c.code, c.defaultSeverity] as [string, string]),
]);

/** The `## \`code\`` sections of the page, with their text. */
function documented(): Map<string, string> {
  const sections = new Map<string, string>();
  // Split at code headings only: the examples hold `## Section` lines of their own.
  const parts = doc.split(/^## (?=`)/m).slice(1);
  for (const part of parts) {
    const m = /^`([a-z][a-z0-9-]*)`\s*\n/.exec(part);
    if (m) {
      assert.ok(!sections.has(m[1]!), `${m[1]} is documented twice`);
      sections.set(m[1]!, part.slice(m[0].length));
    }
  }
  return sections;
}

describe('docs/rules.md', () => {
  it('Should have a `## \\`code\\`` entry for every registered code, and none for codes that do not exist', () => {
    const docs = documented();
    const undocumented = [...registered.keys()].filter((code) => !docs.has(code));
    const unknown = [...docs.keys()].filter((code) => !registered.has(code));
    assert.deepEqual({ undocumented, unknown }, { undocumented: [], unknown: [] });
  });

  it('Should state each code’s default severity as the code has it, with a bad and a good example', () => {
    for (const [code, text] of documented()) {
      const severity = /\*\*Default: (error|warning|info)\./.exec(text)?.[1];
      assert.equal(severity, registered.get(code), `${code}: documented default severity`);
      assert.match(text, /^Bad\b/m, `${code}: no bad example`);
      assert.match(text, /^Good\b/m, `${code}: no good example`);
    }
  });

  it('Should link every code from the list at the top', () => {
    for (const code of registered.keys()) assert.ok(doc.includes(`[\`${code}\`](#${code})`), `${code} is not in the list at the top`);
  });
});
