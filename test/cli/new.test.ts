import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { runCli, tempWorkspace, type JsonProblem } from './helpers';

const ID = /^id: (EXP|PM)-2026-1204-[0-9A-HJKMNP-TV-Z]{4}$/m;

describe('experiment-journal new', () => {
  it('Should create an experiment from the template in experiments/ and print its path', () => {
    const ws = tempWorkspace();
    try {
      const run = runCli(['new', 'experiment', '--title', 'Hybrid recommender v3', '--tags', 'recsys, hybrid', '--date', '2026-12-04'], ws.root);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, 'experiments/2026-12-04-hybrid-recommender-v3.md\n');
      const text = readFileSync(join(ws.root, 'experiments/2026-12-04-hybrid-recommender-v3.md'), 'utf8');
      assert.match(text, /^---\nid: EXP-2026-1204-/);
      assert.match(text, ID);
      assert.match(text, /^title: Hybrid recommender v3$/m);
      assert.match(text, /^tags: \[recsys, hybrid\]$/m);
      for (const section of ['Hypothesis', 'Approach', 'Results', 'Outcome', 'Lessons Learned', 'Next Steps']) {
        assert.match(text, new RegExp(`^## ${section}$`, 'm'));
      }

      // Valid but honestly incomplete: no errors, and every section is reported empty until written.
      const check = runCli(['check', '--format', 'json'], ws.root);
      assert.equal(check.status, 0, check.stdout);
      const problems = JSON.parse(check.stdout) as JsonProblem[];
      assert.equal(problems.filter((p) => p.severity === 'error').length, 0);
      assert.deepEqual(
        problems.map((p) => p.code),
        Array(6).fill('section-empty'),
      );
    } finally {
      ws.cleanup();
    }
  });

  it('Should create a post-mortem in postmortems/ with a PM id that checks without errors', () => {
    const ws = tempWorkspace();
    try {
      const run = runCli(['new', 'postmortem', '--title', 'Feature pipeline outage', '--date', '2026-12-04'], ws.root);
      assert.equal(run.status, 0, run.stderr);
      const path = run.stdout.trim();
      assert.equal(path, 'postmortems/2026-12-04-feature-pipeline-outage.md');
      const text = readFileSync(join(ws.root, path), 'utf8');
      assert.match(text, /^id: PM-2026-1204-/m);
      assert.match(text, /^status: open/m);
      const check = runCli(['check', path, '--format', 'json'], ws.root);
      assert.equal(check.status, 0, check.stdout);
      const codes = new Set((JSON.parse(check.stdout) as JsonProblem[]).map((p) => p.code));
      assert.deepEqual([...codes], ['section-empty']);
    } finally {
      ws.cleanup();
    }
  });

  it('Should never overwrite: a second note with the same title gets -2, then -3', () => {
    const ws = tempWorkspace();
    try {
      const args = ['new', 'experiment', '--title', 'Same title', '--date', '2026-12-04'];
      const first = runCli(args, ws.root).stdout.trim();
      const original = readFileSync(join(ws.root, first), 'utf8');
      const second = runCli(args, ws.root).stdout.trim();
      const third = runCli(args, ws.root).stdout.trim();
      assert.equal(first, 'experiments/2026-12-04-same-title.md');
      assert.equal(second, 'experiments/2026-12-04-same-title-2.md');
      assert.equal(third, 'experiments/2026-12-04-same-title-3.md');
      assert.equal(readFileSync(join(ws.root, first), 'utf8'), original, 'the first note is untouched');
      const ids = [first, second, third].map((p) => ID.exec(readFileSync(join(ws.root, p), 'utf8'))![0]);
      assert.equal(new Set(ids).size, 3, 'each note has its own id');
    } finally {
      ws.cleanup();
    }
  });

  it('Should keep hostile titles inside the target folder', () => {
    const ws = tempWorkspace();
    try {
      const target = join(ws.root, 'a', 'b', 'experiments');
      for (const title of ['../../x', '/etc/passwd', '..\\..\\win', '....//....//y', '..']) {
        const run = runCli(['new', 'experiment', '--title', title, '--dir', 'a/b/experiments', '--date', '2026-12-04'], ws.root);
        assert.equal(run.status, 0, run.stderr);
        const created = resolve(ws.root, run.stdout.trim());
        assert.equal(dirname(created), target, `${title} → ${created}`);
        // The title itself is kept verbatim (and safely quoted) in the front matter.
        const frontMatter = readFileSync(created, 'utf8').split('---\n')[1]!;
        assert.equal((parseYaml(frontMatter) as { title: string }).title, title);
      }
      assert.deepEqual(readdirSync(ws.root).sort(), ['.git', 'a']);
      assert.deepEqual(readdirSync(join(ws.root, 'a')), ['b']);
      assert.deepEqual(readdirSync(join(ws.root, 'a', 'b')), ['experiments']);
      assert.deepEqual(readdirSync(target).sort(), [
        '2026-12-04-etc-passwd.md',
        '2026-12-04-note.md',
        '2026-12-04-win.md',
        '2026-12-04-x.md',
        '2026-12-04-y.md',
      ]);
    } finally {
      ws.cleanup();
    }
  });

  it('Should use the configured folder and id prefix, relative to the configuration file', () => {
    const ws = tempWorkspace({
      '.experiment-journal.json': JSON.stringify({ noteTypes: { experiment: { requiredSections: ['Hypothesis', 'Results'], idPrefix: 'ML', folder: 'journal/exp' } } }),
    });
    try {
      const sub = join(ws.root, 'journal');
      mkdirSync(sub);
      const run = runCli(['new', 'experiment', '--title', 'Cold start', '--date', '2026-12-04'], sub);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, 'exp/2026-12-04-cold-start.md\n');
      const text = readFileSync(join(sub, 'exp/2026-12-04-cold-start.md'), 'utf8');
      assert.match(text, /^id: ML-2026-1204-/m);
      assert.deepEqual(text.match(/^## .*$/gm), ['## Hypothesis', '## Results']);
    } finally {
      ws.cleanup();
    }
  });

  it('Should exit 2 without a title, with an unknown type or an unknown flag', () => {
    const ws = tempWorkspace();
    try {
      const noTitle = runCli(['new', 'experiment'], ws.root);
      assert.equal(noTitle.status, 2);
      assert.match(noTitle.stderr, /--title is required/);
      const blank = runCli(['new', 'experiment', '--title', '   '], ws.root);
      assert.equal(blank.status, 2);
      const type = runCli(['new', 'retro', '--title', 'x'], ws.root);
      assert.equal(type.status, 2);
      assert.match(type.stderr, /unknown note type "retro"; known: experiment, postmortem/);
      const flag = runCli(['new', 'experiment', '--title', 'x', '--force'], ws.root);
      assert.equal(flag.status, 2);
      assert.match(flag.stderr, /--force/);
      assert.deepEqual(readdirSync(ws.root), ['.git'], 'nothing was created');
    } finally {
      ws.cleanup();
    }
  });
});
