import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The built CLI. These tests run it as a user would; `npm run build` must have run first. */
export const CLI = resolve(__dirname, '../../dist/cli.js');

if (!existsSync(CLI)) {
  throw new Error(`${CLI} does not exist: run "npm run build" before the CLI tests`);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', ...env },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A fresh temporary folder holding `files` (path → content); removed by `cleanup`. It holds an empty
 * `.git` folder so that configuration discovery stops there and never picks up a stray file above it.
 */
export function tempWorkspace(files: Record<string, string | Uint8Array> = {}): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'ej-cli-'));
  mkdirSync(join(root, '.git'));
  for (const [path, content] of Object.entries(files)) writeFiles(root, path, content);
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function writeFiles(root: string, path: string, content: string | Uint8Array): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

/** A complete, valid experiment note: `check` finds nothing in it. */
export function completeExperiment(id = 'EXP-2026-0101-AAAA'): string {
  return `---
id: ${id}
type: experiment
title: Collaborative filtering baseline
date: 2026-01-01
status: completed
outcome: success
---

## Hypothesis

Item-item collaborative filtering beats popularity by 5% recall@10.

## Approach

Offline evaluation on last month's clicks.

## Results

Recall@10 rose from 0.21 to 0.24.

## Outcome

Success: the hypothesis held.

## Lessons Learned

- [L-${id}-1] Evaluate against a popularity baseline first.

## Next Steps

Ship behind a flag.
`;
}

/** An experiment with all six required sections present but empty: six section-empty warnings, no errors. */
export function emptySectionsExperiment(id = 'EXP-2026-0102-BBBB'): string {
  return `---
id: ${id}
type: experiment
title: Empty sections
date: 2026-01-02
status: planned
---

## Hypothesis

## Approach

## Results

## Outcome

## Lessons Learned

## Next Steps
`;
}

export interface JsonProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}
