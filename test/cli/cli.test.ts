import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, tempWorkspace } from './helpers';

describe('experiment-journal (global)', () => {
  let ws: { root: string; cleanup: () => void };
  before(() => {
    ws = tempWorkspace();
  });
  after(() => ws.cleanup());

  it('Should print the version from package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    const run = runCli(['--version'], ws.root);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, `${pkg.version}\n`);
  });

  it('Should print global help listing the commands', () => {
    const run = runCli(['--help'], ws.root);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /Usage: experiment-journal <command>/);
    assert.match(run.stdout, /^ {2}check /m);
    assert.match(run.stdout, /^ {2}new /m);
  });

  it('Should print per-command help', () => {
    const check = runCli(['check', '--help'], ws.root);
    assert.equal(check.status, 0);
    assert.match(check.stdout, /--max-warnings <n>/);
    const viaHelp = runCli(['help', 'new'], ws.root);
    assert.equal(viaHelp.status, 0);
    assert.match(viaHelp.stdout, /Usage: experiment-journal new <type>/);
  });

  it('Should exit 2 for no command, an unknown command or an unknown global flag', () => {
    const none = runCli([], ws.root);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /Usage:/);
    const unknown = runCli(['lint'], ws.root);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "lint"; commands: check, report, related, new/);
    const flag = runCli(['--verbose'], ws.root);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /unknown option "--verbose"/);
  });
});
