import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkFileBytes } from '../../../src/core/check';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { allRuleCodes } from '../../../src/core/rules';
import { readExpectations, type Expectation } from './fixtureMarkers';

/**
 * Scenario test in the style of markdownlint: every file under test/fixtures/rules is a note whose
 * expected findings are marked inline next to the offending line (see the README there). The findings
 * of the real pipeline (bytes → decode → parse → lint) must match the markers exactly.
 */

const here = dirname(fileURLToPath(import.meta.url));
const fixtureRoot = join(here, '..', '..', 'fixtures', 'rules');
const TODAY = '2026-06-01';

function listFixtures(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFixtures(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : []))
    .filter((file) => !(dirname(file) === fixtureRoot && file.endsWith('README.md')))
    .sort();
}

const key = (line: number, code: string) => `${line + 1}:${code}`;

function tally(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** Compares findings with expectations as multisets of (line, code), then checks the columns the markers name. */
function assertMatches(file: string, diagnostics: Diagnostic[], expected: Expectation[]): void {
  const actual = tally(diagnostics.map((d) => key(d.range.start.line, d.code)));
  const wanted = tally(expected.map((e) => key(e.line, e.code)));
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [k, n] of wanted) if ((actual.get(k) ?? 0) < n) missing.push(`${k} (x${n - (actual.get(k) ?? 0)})`);
  for (const [k, n] of actual) if ((wanted.get(k) ?? 0) < n) extra.push(`${k} (x${n - (wanted.get(k) ?? 0)})`);
  const detail = diagnostics.map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`).join('\n');
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${file}: findings differ from the markers\n${detail}`);

  for (const e of expected.filter((x) => x.column !== undefined)) {
    const columns = diagnostics.filter((d) => d.range.start.line === e.line && d.code === e.code).map((d) => d.range.start.character + 1);
    assert.ok(columns.includes(e.column!), `${file}:${e.line + 1}: ${e.code} expected at column ${e.column}, found at ${columns.join(', ')}`);
  }
}

function lint(path: string, bytes: Uint8Array): Diagnostic[] {
  return checkFileBytes(path, bytes, DEFAULT_CONFIG, {
    today: TODAY,
    onRuleError: (rule, error) => assert.fail(`rule ${rule.code} threw on ${path}: ${String(error)}`),
  }).diagnostics;
}

const fixtures = listFixtures(fixtureRoot);
const encoder = new TextEncoder();

describe('rule fixtures (test/fixtures/rules)', () => {
  it('Should have fixtures in every notes folder', () => {
    const folders = new Set(fixtures.map((f) => relative(fixtureRoot, f).split(sep)[0]));
    assert.deepEqual([...folders].sort(), ['experiments', 'notes', 'postmortems']);
  });

  for (const file of fixtures) {
    const path = relative(fixtureRoot, file).split(sep).join(posix.sep);
    const bytes = new Uint8Array(readFileSync(file));
    const expected = readExpectations(bytes);

    it(`Should report exactly the marked findings in ${path}`, () => {
      assertMatches(path, lint(path, bytes), expected);
    });

    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    if (!text.includes('\uFFFD')) {
      it(`Should report the same lines and columns in ${path} with CRLF line endings and a BOM`, () => {
        const crlf = encoder.encode('\uFEFF' + text.replace(/\r?\n/g, '\r\n'));
        const lf = lint(path, bytes).map((d) => [d.code, d.range, d.message]);
        const other = lint(path, crlf).map((d) => [d.code, d.range, d.message]);
        assert.deepEqual(other, lf);
        assertMatches(`${path} (CRLF+BOM)`, lint(path, crlf), expected);
      });
    }
  }

  it('Should expect every rule code and built-in code in some fixture', () => {
    const covered = new Set(fixtures.flatMap((f) => readExpectations(new Uint8Array(readFileSync(f))).map((e) => e.code)));
    const uncovered = allRuleCodes().filter((code) => !covered.has(code));
    assert.deepEqual(uncovered, [], `codes no fixture expects: ${uncovered.join(', ')}`);
    const unknown = [...covered].filter((code) => !allRuleCodes().includes(code));
    assert.deepEqual(unknown, [], `markers name codes that do not exist: ${unknown.join(', ')}`);
  });

  it('Should read markers on the line itself and on the line above, with counts and columns', () => {
    const marked = readExpectations(encoder.encode('---\n# expect-above: a-b*2, c@3\nx <!-- expect: d -->\n'));
    assert.deepEqual(marked, [
      { line: 0, code: 'a-b', column: undefined },
      { line: 0, code: 'a-b', column: undefined },
      { line: 0, code: 'c', column: 3 },
      { line: 2, code: 'd', column: undefined },
    ]);
  });
});
