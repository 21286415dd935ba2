import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { completeExperiment, emptySectionsExperiment, runCli, tempWorkspace, writeFiles, type JsonProblem } from './helpers';

const INVALID_YAML = `---
id: EXP-2026-0103-CCCC
type: experiment
title: [unclosed
date: 2026-01-03
status: planned
---

## Hypothesis

Something.
`;

/** The parts of a SARIF log these tests read; the schema validates the rest. */
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
    }[];
  }[];
}

function parseJson(stdout: string): JsonProblem[] {
  const parsed: unknown = JSON.parse(stdout);
  assert.ok(Array.isArray(parsed), 'JSON output is an array');
  return parsed as JsonProblem[];
}

describe('experiment-journal check', () => {
  let ws: { root: string; cleanup: () => void };
  before(() => {
    ws = tempWorkspace({
      'clean/experiments/2026-01-01-baseline.md': completeExperiment(),
      'warn/experiments/2026-01-02-empty.md': emptySectionsExperiment(),
      'broken/experiments/deep/2026-01-03-broken.md': INVALID_YAML,
      'broken/experiments/2026-01-01-baseline.md': completeExperiment(),
    });
  });
  after(() => ws.cleanup());

  it('Should exit 0 and print an empty JSON array for a clean journal', () => {
    const run = runCli(['check', 'clean', '--format', 'json'], ws.root);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(parseJson(run.stdout), []);
  });

  it('Should exit 1 and report an error with 1-based positions and a cwd-relative path', () => {
    const run = runCli(['check', 'broken', '--format', 'json'], ws.root);
    assert.equal(run.status, 1, run.stderr);
    const problems = parseJson(run.stdout);
    assert.ok(problems.length > 0);
    for (const p of problems) {
      assert.deepEqual(Object.keys(p).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
      assert.ok(Number.isInteger(p.line) && p.line >= 1);
      assert.ok(Number.isInteger(p.column) && p.column >= 1);
      assert.ok(p.endLine >= p.line);
      assert.ok(['error', 'warning', 'info'].includes(p.severity));
    }
    const yaml = problems.find((p) => p.code === 'frontmatter-yaml');
    assert.ok(yaml, `expected a frontmatter-yaml error, got ${JSON.stringify(problems)}`);
    assert.equal(yaml.file, 'broken/experiments/deep/2026-01-03-broken.md');
    assert.equal(yaml.severity, 'error');
    // The flow sequence opened on line 4 ("title: [unclosed") is where the YAML goes wrong.
    assert.ok(yaml.line >= 4 && yaml.line <= 7, `YAML error at line ${yaml.line}`);
    assert.ok(!problems.some((p) => p.file.includes('baseline')), 'the clean note has no findings');
  });

  it('Should print stylish output grouped by file with a summary and no colours when not on a terminal', () => {
    const run = runCli(['check', 'warn'], ws.root);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'warn/experiments/2026-01-02-empty.md');
    const rows = lines.filter((l) => /^ {2}\d+:\d+ /.test(l));
    assert.equal(rows.length, 6);
    assert.match(rows[0]!, /^ {2}9:1\s+warning\s+Section "Hypothesis" is empty\.\s+section-empty$/);
    assert.match(run.stdout, /✖ 6 problems \(0 errors, 6 warnings, 0 infos\) in 1 file checked/);
    assert.ok(!run.stdout.includes('\u001b['), 'no ANSI escapes when stdout is not a TTY');
  });

  it('Should say so when there are no problems', () => {
    const run = runCli(['check', 'clean'], ws.root);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /No problems \(1 file checked\)/);
  });

  it('Should exit 1 only when warnings exceed --max-warnings', () => {
    assert.equal(runCli(['check', 'warn', '--max-warnings', '6'], ws.root).status, 0);
    const over = runCli(['check', 'warn', '--max-warnings', '5'], ws.root);
    assert.equal(over.status, 1);
    assert.match(over.stderr, /6 warnings, more than --max-warnings 5/);
    assert.equal(runCli(['check', 'warn', '--max-warnings', 'lots'], ws.root).status, 2);
  });

  it('Should exit 2 on usage errors with a helpful message', () => {
    const flag = runCli(['check', '--frobnicate'], ws.root);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /--frobnicate/);
    assert.match(flag.stderr, /experiment-journal check --help/);
    const format = runCli(['check', '--format', 'xml'], ws.root);
    assert.equal(format.status, 2);
    assert.match(format.stderr, /unknown --format "xml"; use one of: stylish, json, sarif/);
    const missing = runCli(['check', 'no-such-folder'], ws.root);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such file or folder: no-such-folder/);
    const today = runCli(['check', '--today', '2026-02-30'], ws.root);
    assert.equal(today.status, 2);
  });

  it('Should write SARIF 2.1.0 that validates against the official schema', () => {
    const run = runCli(['check', 'broken', 'warn', '--format', 'sarif'], ws.root);
    assert.equal(run.status, 1, run.stderr);
    const sarif = JSON.parse(run.stdout) as SarifLog;
    const schema = JSON.parse(readFileSync(join(__dirname, '../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid = validate(sarif);
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));

    const runObj = sarif.runs[0]!;
    assert.equal(sarif.version, '2.1.0');
    assert.equal(runObj.tool.driver.name, 'experiment-journal');
    const ruleIds = runObj.tool.driver.rules.map((r) => r.id);
    assert.ok(ruleIds.includes('section-empty') && ruleIds.includes('frontmatter-yaml') && ruleIds.includes('file-skipped'));
    for (const r of runObj.tool.driver.rules) assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));

    const json = parseJson(runCli(['check', 'broken', 'warn', '--format', 'json'], ws.root).stdout);
    assert.equal(runObj.results.length, json.length);
    for (const [i, result] of runObj.results.entries()) {
      const p = json[i]!;
      assert.equal(result.ruleId, p.code);
      assert.equal(ruleIds[result.ruleIndex], p.code);
      assert.equal(result.level, p.severity === 'info' ? 'note' : p.severity);
      const loc = result.locations[0]!.physicalLocation;
      assert.equal(loc.artifactLocation.uri, p.file);
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.deepEqual(loc.region, { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn });
    }
  });

  it('Should encode spaces in SARIF URIs so they stay valid URI references', () => {
    const spaced = tempWorkspace({ 'my notes/experiments/a b.md': emptySectionsExperiment() });
    try {
      const run = runCli(['check', '--format', 'sarif'], spaced.root);
      const uri = (JSON.parse(run.stdout) as SarifLog).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
      assert.equal(uri, 'my%20notes/experiments/a%20b.md');
    } finally {
      spaced.cleanup();
    }
  });
});

describe('experiment-journal check: configuration', () => {
  it('Should name an invalid key on stderr, keep going with the defaults, and not fail the run', () => {
    const ws = tempWorkspace({
      'cfg.json': JSON.stringify({ rules: { 'section-empty': 'loud' }, bogus: 1 }),
      'experiments/a.md': emptySectionsExperiment(),
    });
    try {
      const run = runCli(['check', '.', '--config', 'cfg.json', '--format', 'json'], ws.root);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /cfg\.json: invalid setting "rules\.section-empty"/);
      assert.match(run.stderr, /invalid setting "bogus": unknown setting/);
      const problems = parseJson(run.stdout);
      assert.equal(problems.filter((p) => p.code === 'section-empty' && p.severity === 'warning').length, 6, 'default severity used');
    } finally {
      ws.cleanup();
    }
  });

  it('Should exit 2 when --config cannot be read or parsed', () => {
    const ws = tempWorkspace({ 'bad.yaml': 'rules: [unclosed\n', 'bad.json': '{ "rules": ', 'experiments/a.md': completeExperiment() });
    try {
      const yaml = runCli(['check', '--config', 'bad.yaml'], ws.root);
      assert.equal(yaml.status, 2);
      assert.match(yaml.stderr, /bad\.yaml is not valid YAML/);
      const json = runCli(['check', '--config', 'bad.json'], ws.root);
      assert.equal(json.status, 2);
      assert.match(json.stderr, /bad\.json is not valid JSON/);
      const missing = runCli(['check', '--config', 'nope.json'], ws.root);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /cannot read the configuration file nope\.json/);
    } finally {
      ws.cleanup();
    }
  });

  it('Should discover .experiment-journal.yaml in a parent folder and resolve folder globs from its folder', () => {
    const untyped = '---\nid: N-1\ntitle: Untyped\ndate: 2026-01-01\nstatus: planned\n---\n\n## Hypothesis\n\nx\n';
    const ws = tempWorkspace({
      '.experiment-journal.yaml': 'folders:\n  experiment: ["notes/**"]\nrules:\n  section-missing: error\n',
      'notes/deep/a.md': untyped,
      'other/b.md': untyped,
    });
    try {
      // Started from notes/deep, the config two levels up is found; its folder is the root, so notes/** matches.
      const run = runCli(['check', 'notes/deep', '--format', 'json'], ws.root);
      assert.equal(run.status, 1, run.stderr);
      const problems = parseJson(run.stdout);
      assert.ok(problems.some((p) => p.code === 'section-missing' && p.severity === 'error' && p.file === 'notes/deep/a.md'));
      // other/ is not a notes folder under this config and the file has no type: not a note.
      const other = runCli(['check', 'other', '--format', 'json'], ws.root);
      assert.equal(other.status, 0);
      assert.deepEqual(parseJson(other.stdout), []);
    } finally {
      ws.cleanup();
    }
  });

  it('Should take the first folder argument as the root when there is no configuration file', () => {
    const untyped = '---\nid: N-2\ntitle: Untyped\ndate: 2026-01-01\nstatus: planned\n---\n\ntext\n';
    const ws = tempWorkspace({ 'journal/experiments/a.md': untyped });
    try {
      const run = runCli(['check', 'journal', '--format', 'json'], ws.root);
      const problems = parseJson(run.stdout);
      assert.ok(problems.some((p) => p.code === 'section-missing' && p.file === 'journal/experiments/a.md'), run.stdout);
    } finally {
      ws.cleanup();
    }
  });

  it('Should skip node_modules, .git and the exclude globs', () => {
    const ws = tempWorkspace({
      '.experiment-journal.json': JSON.stringify({ exclude: ['drafts/**'] }),
      'experiments/a.md': emptySectionsExperiment(),
      'drafts/experiments/b.md': emptySectionsExperiment(),
      'node_modules/pkg/experiments/c.md': emptySectionsExperiment(),
      '.git/experiments/d.md': emptySectionsExperiment(),
    });
    try {
      const run = runCli(['check', '--format', 'json'], ws.root);
      const files = new Set(parseJson(run.stdout).map((p) => p.file));
      assert.deepEqual([...files], ['experiments/a.md']);
    } finally {
      ws.cleanup();
    }
  });
});

describe('experiment-journal check: hostile files', () => {
  it('Should report binary, over-size and non-UTF-8 files in a notes folder without crashing', () => {
    const big = `${completeExperiment()}\n${'padding line\n'.repeat(100)}`;
    const ws = tempWorkspace({
      '.experiment-journal.json': JSON.stringify({ maxFileSize: 1500 }),
      'experiments/binary.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]),
      'experiments/big.md': big,
      'experiments/latin1.md': new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x3a, 0x20, 0xe9, 0x0a]),
      'experiments/ok.md': completeExperiment(),
      'elsewhere/binary.md': new Uint8Array([0x00, 0x01]),
    });
    try {
      const run = runCli(['check', '--format', 'json'], ws.root);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr, '');
      const skipped = parseJson(run.stdout).filter((p) => p.code === 'file-skipped');
      assert.deepEqual(skipped.map((p) => p.file).sort(), ['experiments/big.md', 'experiments/binary.md', 'experiments/latin1.md']);
      assert.match(skipped.find((p) => p.file === 'experiments/big.md')!.message, /over the size limit/);
      assert.match(skipped.find((p) => p.file === 'experiments/binary.md')!.message, /binary/);
      assert.match(skipped.find((p) => p.file === 'experiments/latin1.md')!.message, /UTF-8/);
    } finally {
      ws.cleanup();
    }
  });

  it('Should never evaluate ---js front matter', () => {
    const ws = tempWorkspace();
    const marker = join(ws.root, 'evaluated.txt');
    const evil = `---js\n{ title: require('fs').writeFileSync(${JSON.stringify(marker)}, 'pwned'), type: 'experiment' }\n---\n\n## Hypothesis\n\nx\n`;
    try {
      writeFiles(ws.root, 'experiments/evil.md', evil);
      const run = runCli(['check', '--format', 'json'], ws.root);
      assert.equal(existsSync(marker), false, 'the JavaScript front matter ran');
      const problems = parseJson(run.stdout);
      assert.ok(problems.some((p) => p.code === 'frontmatter-language' && p.file === 'experiments/evil.md'), run.stdout);
      assert.equal(run.status, 1);
    } finally {
      ws.cleanup();
    }
  });
});
