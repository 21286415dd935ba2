import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_CONFIG, resolveConfig, type JournalConfig } from '../../../src/core/config';
import { lintNote } from '../../../src/core/lint';
import { parseNote } from '../../../src/core/parse';

/**
 * docs/format.md promises behaviour; the examples it marks with `<!-- check: … -->` are run through the
 * core here, and its tables of defaults are compared with DEFAULT_CONFIG, so the page cannot drift from
 * the code unnoticed.
 */

const here = dirname(fileURLToPath(import.meta.url));
const doc = readFileSync(join(here, '..', '..', '..', 'docs', 'format.md'), 'utf8');

interface CheckedBlock {
  /** `config`, or the workspace path the example note is linted at. */
  target: string;
  /** Rule codes the example must produce (empty: none); undefined for configuration blocks. */
  expect: string[] | undefined;
  language: string;
  body: string;
  line: number;
}

/** Finds `<!-- check: target [expect: codes|none] -->` followed by a fenced block (``` or ````). */
function checkedBlocks(text: string): CheckedBlock[] {
  const lines = text.split('\n');
  const out: CheckedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- check: (\S+)(?: expect: ([^>]+?))? -->$/.exec(lines[i]!);
    if (!marker) continue;
    const fence = /^(`{3,})(\w+)$/.exec(lines[i + 1] ?? '');
    assert.ok(fence, `line ${i + 2} of docs/format.md: a check marker must be followed by a fenced block`);
    const close = lines.findIndex((l, j) => j > i + 1 && l === fence[1]);
    assert.ok(close > 0, `line ${i + 2}: unclosed fence`);
    const expect = marker[2] === undefined ? undefined : marker[2].trim() === 'none' ? [] : marker[2].split(',').map((c) => c.trim());
    out.push({ target: marker[1]!, expect, language: fence[2]!, body: lines.slice(i + 2, close).join('\n') + '\n', line: i + 1 });
  }
  return out;
}

const blocks = checkedBlocks(doc);
const configBlocks = blocks.filter((b) => b.target === 'config');
const noteBlocks = blocks.filter((b) => b.target !== 'config');
const documentedConfig: JournalConfig = resolveConfig(JSON.parse(configBlocks.find((b) => b.language === 'json')!.body)).config;

describe('docs/format.md', () => {
  it('Should mark its example notes and configurations for checking', () => {
    assert.equal(noteBlocks.length, 4);
    assert.deepEqual(
      configBlocks.map((b) => b.language),
      ['json', 'yaml'],
    );
  });

  it('Should show configurations that validate without problems, the JSON and YAML forms alike', () => {
    const resolved = configBlocks.map((b) => resolveConfig(b.language === 'json' ? JSON.parse(b.body) : parseYaml(b.body)));
    for (const r of resolved) assert.deepEqual(r.problems, []);
    assert.deepEqual(resolved[0]!.config.noteTypes['design-review']!.requiredSections, ['Context', 'Decision', 'Risks']);
    assert.deepEqual(resolved[1]!.config.folders, resolved[0]!.config.folders);
    assert.deepEqual(resolved[1]!.config.rules, resolved[0]!.config.rules);
  });

  for (const block of noteBlocks) {
    it(`Should give the example at line ${block.line} (${block.target}) exactly the findings it promises`, () => {
      const config = block.target.startsWith('design-reviews/') ? documentedConfig : DEFAULT_CONFIG;
      const note = parseNote(block.target, block.body, config);
      assert.ok(note.type, 'the example is a note');
      const codes = lintNote(note, config, { today: '2026-12-04' }).map((d) => d.code);
      assert.deepEqual(codes.sort(), [...block.expect!].sort());
    });
  }

  it('Should list the default required sections and aliases of DEFAULT_CONFIG', () => {
    const documented: Record<string, { requiredSections: string[]; aliases: Record<string, string[]> }> = {};
    let type = '';
    for (const row of doc.matchAll(/^\| (experiment|postmortem)? *\| ([^|]+?) +\| ([^|]+?) +\|$/gm)) {
      if (row[1]) type = row[1];
      if (!type) continue;
      const entry = (documented[type] ??= { requiredSections: [], aliases: {} });
      entry.requiredSections.push(row[2]!);
      if (row[3] !== '—') entry.aliases[row[2]!] = row[3]!.split(', ');
    }
    for (const name of ['experiment', 'postmortem']) {
      assert.deepEqual(documented[name]?.requiredSections, DEFAULT_CONFIG.noteTypes[name]!.requiredSections, name);
      assert.deepEqual(documented[name]?.aliases, DEFAULT_CONFIG.noteTypes[name]!.aliases, name);
    }
  });

  it('Should list the default failure-mode taxonomy of DEFAULT_CONFIG', () => {
    const section = doc.slice(doc.indexOf('## Failure modes'), doc.indexOf('## Configuration'));
    const listed = /default\s+taxonomy[^`]*((?:`[a-z-]+`,?\s*)+)/.exec(section)?.[1];
    assert.ok(listed);
    assert.deepEqual([...listed.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]), DEFAULT_CONFIG.failureModes);
  });
});
