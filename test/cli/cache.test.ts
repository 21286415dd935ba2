import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempWorkspace } from './helpers';

const EXAMPLES = resolve(__dirname, '../../examples/journal');
const NOTE = 'journal/experiments/2026-03-02-search-ranking-query-features.md';

function exampleCopy() {
  const ws = tempWorkspace();
  cpSync(EXAMPLES, join(ws.root, 'journal'), { recursive: true });
  return ws;
}

const check = (root: string, ...extra: string[]) => runCli(['check', 'journal', '--format', 'json', '--today', '2026-12-04', ...extra], root);

describe('--cache', () => {
  it('Should give the same findings from the cache as from the files, and take unchanged notes from it without reading them', () => {
    const ws = exampleCopy();
    try {
      // A whole-second modification time, which every file system stores exactly.
      const file = join(ws.root, NOTE);
      const stamp = new Date('2026-11-01T10:00:00Z');
      utimesSync(file, stamp, stamp);
      const plain = check(ws.root);
      const first = check(ws.root, '--cache');
      assert.equal(first.stderr, '');
      assert.equal(first.stdout, plain.stdout);
      assert.ok(existsSync(join(ws.root, 'journal/.experiment-journal-cache/index')));
      assert.match(readFileSync(join(ws.root, 'journal/.experiment-journal-cache/.gitignore'), 'utf8'), /^\*$/m);
      const second = check(ws.root, '--cache');
      assert.equal(second.stdout, plain.stdout);
      assert.equal(second.status, plain.status);

      // Same size and modification time: the cache is trusted, so a swapped body goes unseen…
      const text = readFileSync(file, 'utf8');
      const broken = text.replace('## Hypothesis', '## Hypothesiz');
      assert.equal(broken.length, text.length);
      writeFileSync(file, broken);
      utimesSync(file, stamp, stamp);
      assert.equal(check(ws.root, '--cache').stdout, plain.stdout);
      // …and read again once the modification time moves.
      utimesSync(file, stamp, new Date(stamp.getTime() + 5000));
      const changed = check(ws.root, '--cache');
      const fresh = check(ws.root);
      assert.equal(changed.stdout, fresh.stdout);
      assert.notEqual(changed.stdout, plain.stdout);
      assert.ok((JSON.parse(changed.stdout) as { code: string }[]).some((p) => p.code === 'section-missing'));
    } finally {
      ws.cleanup();
    }
  });

  it('Should rebuild a damaged cache with a note on stderr, and use --cache-location when given', () => {
    const ws = exampleCopy();
    try {
      const plain = runCli(['report', 'journal', '--format', 'json', '--today', '2026-12-04'], ws.root);
      const location = join(ws.root, 'elsewhere', 'cache.bin');
      const first = runCli(['report', 'journal', '--format', 'json', '--today', '2026-12-04', '--cache-location', location], ws.root);
      assert.equal(first.stdout, plain.stdout);
      assert.ok(existsSync(location));
      assert.ok(!existsSync(join(ws.root, 'journal/.experiment-journal-cache')), 'only the named location is written');
      writeFileSync(location, readFileSync(location).subarray(0, 1000));
      const damaged = runCli(['report', 'journal', '--format', 'json', '--today', '2026-12-04', '--cache-location', location], ws.root);
      assert.match(damaged.stderr, /ignoring the cache elsewhere\/cache\.bin \(cut short\); it is rebuilt/);
      assert.equal(damaged.stdout, plain.stdout);
      const again = runCli(['report', 'journal', '--format', 'json', '--today', '2026-12-04', '--cache-location', location], ws.root);
      assert.equal(again.stderr, '');
      assert.equal(again.stdout, plain.stdout);
    } finally {
      ws.cleanup();
    }
  });

  it('Should warn and still answer when the cache cannot be written', () => {
    const ws = exampleCopy();
    try {
      writeFileSync(join(ws.root, 'blocker'), 'a file where the cache folder would go');
      const run = runCli(['related', NOTE, '--format', 'json', '--cache-location', join(ws.root, 'blocker', 'cache')], ws.root);
      assert.equal(run.status, 0);
      assert.match(run.stderr, /could not write the cache blocker\/cache/);
      assert.deepEqual(JSON.parse(run.stdout), JSON.parse(runCli(['related', NOTE, '--format', 'json'], ws.root).stdout));
    } finally {
      ws.cleanup();
    }
  });
});
