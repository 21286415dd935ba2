/**
 * The language server measured over the real protocol (issue 4, "Speed"): `node dist/server.js --stdio`
 * driven by the same client the server tests use, against the benchmark corpus.
 *
 * - startup: `initialize` sent → the "Indexing journal" progress ends, and → the index-changed
 *   notification that follows the publication of every note's diagnostics;
 *   next to it the core's own cold index (JournalIndex.build + all diagnostics) in this process;
 * - diagnostics round trip: `didChange` sent → `publishDiagnostics` for that version, in a ~3 KB note as
 *   written (its body on the core's fast extraction path), then in the same note with a block quote added
 *   (left to remark's parser, the core's slow path);
 * - completion round trip at `[[L-`, `[[` and `## `.
 *
 * Edits are spaced as a user types them (150 ms apart by default, more than the server's 100 ms debounce),
 * so an edit finds the server idle and is validated at once: the figure is the real round trip, not
 * the debounce delay. `--trace` breaks each round trip into stages from the server's timestamps
 * (EXPERIMENT_JOURNAL_TRACE_EDITS=1) and lists the GCs of both processes. Requires `npm run build`.
 *
 *   node --import tsx bench/lsp.ts --sizes 1000,10000 [--edits 200] [--completions 200] [--spacing 150] [--seed 1] [--trace] [--server path/to/server.js] [--json]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompletionRequest, type CompletionList } from 'vscode-languageserver-protocol';
import { FsWorkspace } from '../src/cli/fsWorkspace';
import { DEFAULT_CONFIG } from '../src/core/config';
import { JournalIndex } from '../src/core/index/journalIndex';
import { LspClient, type ServerEvent } from '../test/server/lspClient';
import { ensureCorpusOnDisk } from './corpus';

export interface LspBenchOptions {
  /** Corpus sizes (notes). Default [1000, 10000]. */
  sizes?: number[];
  /** Edits timed per size (≥ 200 for a meaningful p95). Default 200. */
  edits?: number;
  /** Completion requests timed per size. Default 200. */
  completions?: number;
  /** Milliseconds between edits, as a user types. Default 150 (the server debounces at 100). */
  spacingMs?: number;
  seed?: number;
  /** The server's `today`, so due dates do not drift. */
  today?: string;
  /** Another build of the server (e.g. a copy of an older dist/server.js), to compare builds. */
  serverPath?: string;
  /** Breaks each round trip down from the server's timestamps (sets EXPERIMENT_JOURNAL_TRACE_EDITS for the server). */
  trace?: boolean;
  /** Progress lines to stderr. Default: silent. */
  log?: (line: string) => void;
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LspBenchResult {
  notes: number;
  /** `initialize` → the indexing progress `end`. */
  startupIndexMs: number;
  /** `initialize` → index-changed after every note's diagnostics were published. */
  startupPublishedMs: number;
  /** The core's cold index in-process (build + all diagnostics), for the ratio. */
  coreColdIndexMs: number;
  /** startupIndexMs / coreColdIndexMs (target ≤ 1.3). */
  startupRatio: number;
  /** The server's resident memory after indexing (MB), from /proc where available. */
  serverRssMB: number | undefined;
  /** The edited note and its size in bytes. */
  editedNote: { path: string; bytes: number };
  /** The round trip in the edited note as written (its body on the core's fast extraction path). */
  diagnostics: Percentiles;
  /** The same with a two-line block quote added, which the fast path leaves to remark (the core's slow path). */
  diagnosticsRemark: Percentiles;
  completion: Percentiles & { byContext: Record<string, Percentiles> };
}

const DEFAULTS = { sizes: [1000, 10000], edits: 200, completions: 200, spacingMs: 150, seed: 1, today: '2026-01-01' };

/** Runs the LSP benchmark for each size and returns one result per size. */
export async function runLspBench(options: LspBenchOptions = {}): Promise<LspBenchResult[]> {
  const o = { ...DEFAULTS, ...options };
  const results: LspBenchResult[] = [];
  for (const size of o.sizes) {
    o.log?.(`lsp bench: ${size.toLocaleString('en-US')} notes`);
    results.push(await benchOne(size, o));
  }
  return results;
}

async function benchOne(size: number, o: typeof DEFAULTS & LspBenchOptions): Promise<LspBenchResult> {
  const root = ensureCorpusOnDisk(size, o.seed);

  // The core's cold figure first (it also warms the OS file cache for the server, as for the core bench).
  const coreColdIndexMs = await coreColdIndex(root, o.today);
  let t: number;

  const clientGcs: { start: number; ms: number; kind: number }[] = [];
  let gcObserver: PerformanceObserver | undefined;
  if (o.trace) {
    process.env.EXPERIMENT_JOURNAL_TRACE_EDITS = '1';
    gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) clientGcs.push({ start: performance.timeOrigin + e.startTime, ms: e.duration, kind: (e as { detail?: { kind?: number } }).detail?.kind ?? 0 });
    });
    gcObserver.observe({ entryTypes: ['gc'] });
  }
  const client = LspClient.spawn({ folders: [root], ...(o.serverPath ? { serverPath: resolve(o.serverPath) } : {}) });
  try {
    t = performance.now();
    await client.initialize({ folders: [root], today: o.today, debounceMs: 100 });
    await client.waitForIndexingEnd(600_000);
    const startupIndexMs = lastOf(client, 'progress').at - t;
    await client.waitForNotification('indexChanged', (e) => !e.params.indexing, 600_000);
    const startupPublishedMs = lastOf(client, 'indexChanged').at - t;
    const serverRssMB = rssOf(client.child.pid);
    o.log?.(`  startup ${startupIndexMs.toFixed(0)} ms (core cold ${coreColdIndexMs.toFixed(0)} ms), published ${startupPublishedMs.toFixed(0)} ms`);

    // A ~3 KB experiment note, given one lasting diagnostic (a renamed Next Steps heading) so that every
    // validation publishes, then typed into: a character inserted, then removed, alternately. The lines
    // `See [[L-` and `See [[` are where completion is asked for later.
    const editedNote = noteNear(root, 3 * 1024);
    const uri = client.uri(0, editedNote.path);
    const original = readFileSync(join(root, editedNote.path), 'utf8');
    const text = original.replace(/^## Next Steps$/m, '## Next Stepz') + '\nSee [[L-\nSee [[\n';
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
    const lines = text.split('\n');
    // The first prose line of the body (after the front matter's closing `---`; a front-matter line such as
    // `failure_mode: latency` would otherwise qualify, and typing there is a different edit).
    const frontMatterEnd = lines.findIndex((l, i) => i > 0 && l.trimEnd() === '---');
    const bodyLine = lines.findIndex((l, i) => i > frontMatterEnd && /^[A-Za-z]/.test(l) && l.length > 20);
    const at = { line: bodyLine, character: 5 };

    const type = async (label: string, at: { line: number; character: number }) => {
      // The bench process's own leftovers (the core's cold index above, the startup's messages) are
      // collected before typing starts: an editor does not hold them, so their collection is not the server's.
      collectGarbage();
      const samples: number[] = [];
      const clientSide: { version: number; sent: number; got: number }[] = [];
      for (let i = 0; i < o.edits; i++) {
        await delay(o.spacingMs);
        const change = i % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
        const since = client.mark();
        const sent = performance.now();
        const version = await client.change(uri, [change]);
        await client.waitForDiagnostics(uri, (p) => p.version === version, 30_000, since);
        const got = lastDiagnosticsEvent(client, uri).at;
        samples.push(got - sent);
        clientSide.push({ version, sent: performance.timeOrigin + sent, got: performance.timeOrigin + got });
      }
      o.log?.(`  diagnostics (${label}) p50 ${pct(samples, 50).toFixed(2)} ms, p95 ${pct(samples, 95).toFixed(2)} ms`);
      if (o.trace) printTrace(client.stderr, clientSide, clientGcs, o.log ?? ((l) => process.stderr.write(`${l}\n`)));
      return samples;
    };
    const diagnostics = await type('note as written', at);

    // The same note with a block quote before the edited paragraph: the fast extractor leaves such a note
    // to remark's parser, as it does ~1 % of the corpus (quotes with paragraphs over several lines,
    // escapes, entities…), so this is the round trip on the core's slow path.
    const eol = original.includes('\r\n') ? '\r\n' : '\n';
    const quoteAt = { line: bodyLine, character: 0 };
    const quoted = await client.change(uri, [{ range: { start: quoteAt, end: quoteAt }, text: `> Quoted from the review, a paragraph${eol}> over two lines.${eol}${eol}` }]);
    await client.waitForDiagnostics(uri, (p) => p.version === quoted, 30_000);
    const diagnosticsRemark = await type('note parsed by remark', { line: at.line + 2, character: at.character });
    // The context of heading completion below.
    const end = { line: client.text(uri).split('\n').length - 1, character: 0 };
    const withHeading = await client.change(uri, [{ range: { start: end, end }, text: '## \n' }]);
    await client.waitForDiagnostics(uri, (p) => p.version === withHeading, 30_000);
    gcObserver?.disconnect();

    const last = client.text(uri).split('\n');
    const n = last.length;
    const contexts: Record<string, { line: number; character: number }> = {
      '[[L-': { line: n - 4, character: last[n - 4]!.length },
      '[[': { line: n - 3, character: last[n - 3]!.length },
      '## ': { line: n - 2, character: last[n - 2]!.length },
    };
    const byContext: Record<string, number[]> = Object.fromEntries(Object.keys(contexts).map((k) => [k, []]));
    const names = Object.keys(contexts);
    let items = 0;
    for (let i = 0; i < o.completions; i++) {
      await delay(5);
      const name = names[i % names.length]!;
      const sent = performance.now();
      const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: contexts[name]! })) as CompletionList | null;
      byContext[name]!.push(performance.now() - sent);
      items += result?.items.length ?? 0;
    }
    if (items === 0) throw new Error('completion returned no items: the contexts are wrong');
    const completion = Object.values(byContext).flat();
    o.log?.(`  completion p50 ${pct(completion, 50).toFixed(2)} ms, p95 ${pct(completion, 95).toFixed(2)} ms`);

    return {
      notes: size,
      startupIndexMs: round(startupIndexMs),
      startupPublishedMs: round(startupPublishedMs),
      coreColdIndexMs: round(coreColdIndexMs),
      startupRatio: round(startupIndexMs / coreColdIndexMs, 3),
      serverRssMB,
      editedNote,
      diagnostics: summary(diagnostics),
      diagnosticsRemark: summary(diagnosticsRemark),
      completion: { ...summary(completion), byContext: Object.fromEntries(Object.entries(byContext).map(([k, v]) => [k, summary(v)])) },
    };
  } finally {
    await client.stop();
  }
}

/** Per-stage percentiles of the round trip from the server's trace lines, plus the slowest edits in full. */
function printTrace(stderr: string, edits: { version: number; sent: number; got: number }[], clientGcs: { start: number; ms: number; kind: number }[], log: (line: string) => void): void {
  const server = new Map<number, Record<string, number>>();
  const gcs: { start: number; ms: number; kind: number }[] = [];
  for (const line of stderr.split('\n')) {
    if (line.startsWith('EJTRACE ')) {
      const t = JSON.parse(line.slice(8)) as Record<string, number>;
      server.set(t.version!, t);
    } else if (line.startsWith('EJGC ')) gcs.push(JSON.parse(line.slice(5)));
  }
  const rows = edits.map((e, i) => {
    const t = server.get(e.version) ?? {};
    const during = (list: typeof gcs) => list.filter((g) => g.start + g.ms > e.sent && g.start < e.got);
    const gc = during(gcs).reduce((a, g) => a + g.ms, 0);
    const cgc = during(clientGcs).reduce((a, g) => a + g.ms, 0);
    return {
      i,
      total: e.got - e.sent,
      toServer: (t.recv ?? NaN) - e.sent,
      timer: (t.fire ?? NaN) - (t.recv ?? NaN),
      update: (t.updated ?? NaN) - (t.fire ?? NaN),
      publish: (t.published ?? NaN) - (t.updated ?? NaN),
      toClient: e.got - (t.published ?? NaN),
      serverGc: gc,
      clientGc: cgc,
      gcKinds: during(gcs).reduce((a, g) => a | g.kind, 0),
    };
  });
  for (const k of ['total', 'toServer', 'timer', 'update', 'publish', 'toClient', 'serverGc', 'clientGc'] as const) {
    const v = rows.map((r) => r[k]);
    log(`  ${k.padEnd(9)} p50 ${pct(v, 50).toFixed(2)}  p95 ${pct(v, 95).toFixed(2)}  max ${Math.max(...v).toFixed(2)}`);
  }
  const first = edits[0]!.sent;
  const last = edits[edits.length - 1]!.got;
  for (const [name, list] of [['server', gcs], ['client', clientGcs]] as const) {
    const inPhase = list.filter((g) => g.start >= first && g.start <= last);
    const byKind = new Map<number, { n: number; ms: number; max: number }>();
    for (const g of inPhase) {
      const k = byKind.get(g.kind) ?? { n: 0, ms: 0, max: 0 };
      byKind.set(g.kind, { n: k.n + 1, ms: k.ms + g.ms, max: Math.max(k.max, g.ms) });
    }
    log(`  ${name} GCs while typing (kind 1 minor, 4 major, 8 incremental, 16 weak callbacks): ${[...byKind].map(([k, v]) => `kind ${k}: ${v.n}× total ${v.ms.toFixed(0)} ms max ${v.max.toFixed(1)} ms`).join('; ')}`);
  }
  for (const r of [...rows].sort((a, b) => b.total - a.total).slice(0, 12)) log(`  slow #${r.i}: ${Object.entries(r).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
}

/** The core's cold index in this process (build + all diagnostics), in ms; the index is garbage once it returns. */
async function coreColdIndex(root: string, today: string): Promise<number> {
  const t = performance.now();
  const index = await JournalIndex.build(new FsWorkspace(root, { exclude: DEFAULT_CONFIG.exclude }), DEFAULT_CONFIG, { today });
  index.allDiagnostics();
  return performance.now() - t;
}

function lastOf<K extends ServerEvent['kind']>(client: LspClient, kind: K): Extract<ServerEvent, { kind: K }> {
  const all = client.eventsOf(kind);
  return all[all.length - 1]!;
}

function lastDiagnosticsEvent(client: LspClient, uri: string): ServerEvent {
  const all = client.eventsOf('diagnostics').filter((e) => e.params.uri === uri);
  return all[all.length - 1]!;
}

/** The experiment note whose size is closest to `bytes`. */
function noteNear(root: string, bytes: number): { path: string; bytes: number } {
  let best: { path: string; bytes: number } | undefined;
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md') && rel.startsWith('experiments/')) {
        const size = statSync(join(root, rel)).size;
        const text = size < bytes * 2 ? readFileSync(join(root, rel), 'utf8') : '';
        if (!/^## Next Steps$/m.test(text)) continue;
        if (!best || Math.abs(size - bytes) < Math.abs(best.bytes - bytes)) best = { path: rel, bytes: size };
      }
    }
  };
  walk('');
  if (!best) throw new Error(`no experiment note with a Next Steps section under ${root}`);
  return best;
}

function rssOf(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? round(Number(kb) / 1024, 1) : undefined;
  } catch {
    return undefined;
  }
}

function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

function summary(samples: number[]): Percentiles {
  return { n: samples.length, p50: round(pct(samples, 50), 2), p95: round(pct(samples, 95), 2), max: round(Math.max(...samples), 2) };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A full collection of the bench process's own heap (V8's gc, exposed at run time: the bench runs under tsx without flags). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseArgs(argv: string[]): LspBenchOptions & { json: boolean } {
  const o: LspBenchOptions & { json: boolean } = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? '';
    if (a === '--sizes') o.sizes = value().split(',').map(Number).filter((n) => n > 0);
    else if (a === '--edits') o.edits = Number(value());
    else if (a === '--completions') o.completions = Number(value());
    else if (a === '--spacing') o.spacingMs = Number(value());
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--json') o.json = true;
    else if (a === '--trace') o.trace = true;
    else if (a === '--server') o.serverPath = value();
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

async function main(): Promise<void> {
  const { json, ...options } = parseArgs(process.argv.slice(2));
  const results = await runLspBench({ ...options, log: json ? undefined : (line) => process.stderr.write(`${line}\n`) });
  if (json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const rows = results.map((r) => ({
    notes: r.notes,
    'startup index ms': r.startupIndexMs,
    'core cold ms': r.coreColdIndexMs,
    ratio: r.startupRatio,
    'published ms': r.startupPublishedMs,
    'diag p50': r.diagnostics.p50,
    'diag p95': r.diagnostics.p95,
    'remark p50': r.diagnosticsRemark.p50,
    'remark p95': r.diagnosticsRemark.p95,
    'compl p50': r.completion.p50,
    'compl p95': r.completion.p95,
    'RSS MB': r.serverRssMB,
  }));
  console.table(rows);
  console.log(`edits spaced ${options.spacingMs ?? DEFAULTS.spacingMs} ms apart (server debounce 100 ms); diagnostics = didChange → publishDiagnostics for that version; targets: p95 ≤ 15 ms, startup ≤ 1.3× core cold`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
