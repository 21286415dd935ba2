/**
 * One benchmark phase, run in its own child process (so every phase has its own peak RSS and a cold
 * module cache). Prints one line `RESULT {json}` on stdout. Started by bench/run.ts.
 */
import matter from 'gray-matter';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import { FsWorkspace } from '../src/cli/fsWorkspace';
import { readIndexCache, writeIndexCache } from '../src/cli/indexCache';
import { RelatedFailures } from '../src/core/analyses/related';
import { checkFileBytes } from '../src/core/check';
import { DEFAULT_CONFIG } from '../src/core/config';
import { decodeNoteBytes } from '../src/core/decode';
import { fastExtractBody } from '../src/core/fastExtract';
import { parseFrontMatter } from '../src/core/frontMatter';
import { JournalIndex } from '../src/core/index/journalIndex';
import { extractBody } from '../src/core/markdown';
import { parseContext, typeFromFolder } from '../src/core/parse';
import { LineIndex } from '../src/core/text';
import { createRandom } from './corpus';

export interface PhaseArgs {
  phase: string;
  root: string;
  snapshotFile: string;
  today: string;
  /** markdownlint: lint every `stride`-th file. */
  stride?: number;
  edits?: number;
  /** Idle milliseconds between two edits, as between keystrokes (default 50). */
  editSpacingMs?: number;
  queries?: number;
  seed?: number;
}

const args = JSON.parse(process.argv[2]!) as PhaseArgs;
const config = DEFAULT_CONFIG;
const decoder = new TextDecoder();
const gc = (globalThis as { gc?: () => void }).gc;

function workspace(): FsWorkspace {
  return new FsWorkspace(args.root, { exclude: config.exclude });
}

async function readAll(ws: FsWorkspace): Promise<{ path: string; bytes: Uint8Array }[]> {
  const out: { path: string; bytes: Uint8Array }[] = [];
  for (const path of await ws.listFiles()) {
    const bytes = await ws.readFile(path);
    if (bytes) out.push({ path, bytes });
  }
  return out;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function stats(samples: number[]): { p50: number; p95: number; max: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), max: s[s.length - 1] ?? NaN, n: s.length };
}

/** The cache file's owner, as the CLI and server write their version there. */
const PROGRAM = 'experiment-journal-bench';

async function warmIndex(): Promise<JournalIndex> {
  // Read as the CLI's --cache and the language server read theirs (src/cli/indexCache.ts).
  const read = await readIndexCache(args.snapshotFile, PROGRAM);
  if (!read.snapshot) throw new Error(`no usable snapshot at ${args.snapshotFile}: ${read.reason}`);
  return JournalIndex.build(workspace(), config, { today: args.today, snapshot: read.snapshot });
}

/** A realistic edit of one note: a sentence rewritten, a lesson applied or dropped, an action item ticked. */
function editText(text: string, n: number, lessonIds: string[]): string {
  switch (n % 4) {
    case 0:
      return text.replace(/(## (?:Results|Root Cause)[^\n]*\n)/, `$1\nEdit ${n}: the validation gap widened after the learning rate change.\n`);
    case 1:
      return text.replace(/\n## /, `\nApplies [[${lessonIds[n % lessonIds.length]}]] here (edit ${n}).\n\n## `);
    case 2:
      return text.replace('- [ ]', '- [x]');
    default:
      return text.replace(/\bthe\b/, `the (edit ${n})`);
  }
}

async function run(): Promise<Record<string, unknown>> {
  gc?.();
  const t0 = performance.now();
  switch (args.phase) {
    case 'read': {
      const files = await readAll(workspace());
      return { ms: performance.now() - t0, files: files.length, bytes: files.reduce((a, f) => a + f.bytes.byteLength, 0) };
    }
    case 'graymatter': {
      const files = await readAll(workspace());
      let invalid = 0;
      for (const f of files) {
        try {
          matter(decoder.decode(f.bytes));
        } catch {
          invalid++; // the corpus's broken YAML
        }
      }
      return { ms: performance.now() - t0, files: files.length, invalid };
    }
    case 'mdast': {
      const files = await readAll(workspace());
      for (const f of files) fromMarkdown(decoder.decode(f.bytes), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
      return { ms: performance.now() - t0, files: files.length };
    }
    case 'markdownlint': {
      const { lint } = (await import('markdownlint/sync')) as unknown as { lint(options: { strings: Record<string, string> }): Record<string, unknown[]> };
      const ws = workspace();
      const paths = await ws.listFiles();
      const stride = Math.max(1, args.stride ?? 1);
      const sample = paths.filter((_, i) => i % stride === 0);
      const t1 = performance.now();
      let findings = 0;
      for (const path of sample) {
        const bytes = await ws.readFile(path);
        if (!bytes) continue;
        const result = lint({ strings: { [path]: decoder.decode(bytes) } });
        findings += result[path]?.length ?? 0;
      }
      const ms = performance.now() - t1;
      return { ms: (ms * paths.length) / sample.length, measuredMs: ms, sampled: sample.length, files: paths.length, findings };
    }
    case 'core-cold': {
      const files = await readAll(workspace());
      let diagnostics = 0;
      for (const f of files) diagnostics += checkFileBytes(f.path, f.bytes, config, { today: args.today }).diagnostics.length;
      return { ms: performance.now() - t0, files: files.length, diagnostics };
    }
    case 'extract': {
      // Body extraction alone, remark vs the fast path (with its fallback), on every note.
      const files = await readAll(workspace());
      const ctx = parseContext(config);
      const prepared = files.map((f) => {
        const decoded = decodeNoteBytes(f.bytes, config.maxFileSize);
        const text = decoded.ok ? decoded.text : '';
        const lines = new LineIndex(text);
        const type = typeFromFolder(f.path, ctx) ?? 'experiment';
        return { text, lines, bodyOffset: parseFrontMatter(text, lines).bodyOffset, options: ctx.bodyOptions.get(type)! };
      });
      // remark is slow: time it on every `stride`-th note and extrapolate.
      const stride = Math.max(1, args.stride ?? 1);
      const sample = prepared.filter((_, i) => i % stride === 0);
      gc?.();
      let t = performance.now();
      for (const p of sample) extractBody(p.text, p.bodyOffset, p.lines, p.options);
      const remarkMs = ((performance.now() - t) * prepared.length) / sample.length;
      gc?.();
      t = performance.now();
      let fallbacks = 0;
      let fastOnlyMs = 0;
      for (const p of prepared) {
        const s = performance.now();
        const body = fastExtractBody(p.text, p.bodyOffset, p.lines, p.options);
        if (body) fastOnlyMs += performance.now() - s;
        else {
          fallbacks++;
          extractBody(p.text, p.bodyOffset, p.lines, p.options);
        }
      }
      const fastMs = performance.now() - t;
      return { ms: fastMs, remarkMs, fastWithFallbackMs: fastMs, fastOnlyMsPerNote: fastOnlyMs / Math.max(1, prepared.length - fallbacks), remarkMsPerNote: remarkMs / prepared.length, fallbacks, files: prepared.length, remarkSampled: sample.length };
    }
    case 'cold': {
      const index = await JournalIndex.build(workspace(), config, { today: args.today });
      const all = index.allDiagnostics();
      const ms = performance.now() - t0;
      let diagnostics = 0;
      for (const d of all.values()) diagnostics += d.length;
      const rss = process.resourceUsage().maxRSS / 1024;
      await writeIndexCache(args.snapshotFile, PROGRAM, index.snapshot());
      return { ms, files: index.size, diagnostics, maxRssBeforeSnapshotMB: rss };
    }
    case 'warm': {
      const index = await warmIndex();
      const all = index.allDiagnostics();
      let diagnostics = 0;
      for (const d of all.values()) diagnostics += d.length;
      return { ms: performance.now() - t0, files: index.size, diagnostics };
    }
    case 'edits': {
      const index = await warmIndex();
      const related = new RelatedFailures(index);
      const ws = workspace();
      const paths = [...index.paths()].sort();
      const lessonIds = [...new Set([...index.notes()].flatMap(([, n]) => n.lessons.map((l) => l.id)))].sort();
      const rnd = createRandom(args.seed ?? 1);
      const samples: number[] = [];
      let affectedTotal = 0;
      for (let n = 0; n < (args.edits ?? 200); n++) {
        const path = rnd.pick(paths);
        const bytes = await ws.readFile(path);
        if (!bytes) continue;
        const text = editText(decoder.decode(bytes), n, lessonIds);
        // Idle time between edits, as between keystrokes: V8 finishes its concurrent collection work
        // there, as it would in an editor. (A forced full collection before each edit, as this used to
        // do, leaves the sweeping of the whole heap to the edit's own allocations: a cost that grows with
        // the heap and that no user sees.) Collections that do land inside an edit are counted.
        await new Promise((resolve) => setTimeout(resolve, args.editSpacingMs ?? 50));
        const s = performance.now();
        const affected = index.update(path, text);
        index.diagnosticsFor(path);
        for (const p of affected) index.diagnosticsFor(p);
        samples.push(performance.now() - s);
        affectedTotal += affected.size;
      }
      related.dispose();
      return { ms: performance.now() - t0, ...stats(samples), meanAffected: affectedTotal / Math.max(1, samples.length) };
    }
    case 'related': {
      const index = await warmIndex();
      const t1 = performance.now();
      const related = new RelatedFailures(index);
      const setupMs = performance.now() - t1;
      const paths = [...index.paths()].sort();
      const rnd = createRandom((args.seed ?? 1) + 1);
      const samples: number[] = [];
      let results = 0;
      for (let n = 0; n < (args.queries ?? 200); n++) {
        const path = rnd.pick(paths);
        const s = performance.now();
        results += related.find(path, 10).length;
        samples.push(performance.now() - s);
      }
      return { ms: performance.now() - t0, setupMs, ...stats(samples), meanResults: results / Math.max(1, samples.length) };
    }
    default:
      throw new Error(`unknown phase ${args.phase}`);
  }
}

run().then(
  (result) => {
    process.stdout.write(`RESULT ${JSON.stringify({ ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
