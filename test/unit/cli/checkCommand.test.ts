import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCheck, type CheckOptions } from '../../../src/cli/commands/check';
import type { CliIo } from '../../../src/cli/io';
import { MemoryWorkspace } from '../../../src/core/workspace';

const EMPTY_NOTE = '---\nid: EXP-1\ntype: experiment\ntitle: t\ndate: 2026-01-01\nstatus: planned\n---\n\n## Hypothesis\n';

function io(cwd: string, tty: boolean, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { cwd, env, stdout: (t) => out.push(t), stderr: (t) => err.push(t), stdoutIsTTY: tty };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

const options = (o: Partial<CheckOptions> = {}): CheckOptions => ({ paths: [], format: 'json', config: undefined, maxWarnings: undefined, today: '2026-12-04', ...o });

describe('check command (in process)', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'ej-check-'));
    mkdirSync(join(root, '.git'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** A workspace whose files can vanish between listing and reading, or fail to read. */
  class FlakyWorkspace extends MemoryWorkspace {
    constructor(
      files: Record<string, string>,
      private readonly vanished: Set<string>,
      private readonly failing: Set<string>,
    ) {
      super(files);
    }
    override async readFile(path: string) {
      if (this.failing.has(path)) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      return this.vanished.has(path) ? undefined : super.readFile(path);
    }
    toAbsolute(path: string) {
      return join(root, path);
    }
  }

  it('Should report a file that vanished or could not be read instead of crashing', async () => {
    const files = { 'experiments/gone.md': EMPTY_NOTE, 'experiments/locked.md': EMPTY_NOTE, 'experiments/ok.md': EMPTY_NOTE };
    const t = io(root, false);
    const code = await runCheck(options(), t.io, () => new FlakyWorkspace(files, new Set(['experiments/gone.md']), new Set(['experiments/locked.md'])));
    assert.equal(code, 0);
    const problems = JSON.parse(t.stdout()) as { file: string; code: string; message: string }[];
    const gone = problems.find((p) => p.file === 'experiments/gone.md');
    assert.equal(gone?.code, 'file-skipped');
    assert.match(gone!.message, /deleted or moved/);
    const locked = problems.find((p) => p.file === 'experiments/locked.md');
    assert.equal(locked?.code, 'file-skipped');
    assert.match(locked!.message, /EACCES/);
    assert.ok(problems.some((p) => p.file === 'experiments/ok.md' && p.code === 'section-missing'));
  });

  it('Should colour stylish output on a terminal, and not with NO_COLOR', async () => {
    const make = () => new FlakyWorkspace({ 'experiments/a.md': EMPTY_NOTE }, new Set(), new Set());
    const tty = io(root, true);
    await runCheck(options({ format: 'stylish' }), tty.io, make);
    assert.ok(tty.stdout().includes('\u001b[33mwarning'), 'warnings in yellow');
    const noColor = io(root, true, { NO_COLOR: '1' });
    await runCheck(options({ format: 'stylish' }), noColor.io, make);
    assert.ok(!noColor.stdout().includes('\u001b['));
  });
});
