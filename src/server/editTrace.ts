import { PerformanceObserver } from 'node:perf_hooks';

/**
 * Timestamps of each validation of an open document, for `bench/lsp.ts --trace`: when the change was
 * received, when its validation started, when the index was updated and when the diagnostics were handed
 * to the connection — one `EJTRACE {...}` line on stderr per validation, plus one `EJGC {...}` line per
 * garbage collection, in wall-clock milliseconds (performance.timeOrigin + now) so that the bench can
 * line them up with its own send and receive times. Off unless EXPERIMENT_JOURNAL_TRACE_EDITS=1; when off
 * each call site costs one boolean test.
 */
export const TRACE = process.env.EXPERIMENT_JOURNAL_TRACE_EDITS === '1';

const open = new Map<string, Record<string, number>>();

if (TRACE) {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      process.stderr.write(`EJGC ${JSON.stringify({ start: performance.timeOrigin + e.startTime, ms: e.duration, kind })}\n`);
    }
  }).observe({ entryTypes: ['gc'] });
}

/** Records `stage` for a document version; `flush` writes the record out (the last stage). */
export function traceMark(uri: string, version: number | undefined, stage: string, flush = false): void {
  const key = `${uri}#${version}`;
  const record = open.get(key) ?? { version: version ?? -1 };
  record[stage] = performance.timeOrigin + performance.now();
  open.set(key, record);
  if (flush) {
    open.delete(key);
    // Versions coalesced into this validation were never validated on their own: their records end here.
    for (const [k, r] of open) if (k.startsWith(`${uri}#`) && r.version! < record.version!) open.delete(k);
    process.stderr.write(`EJTRACE ${JSON.stringify(record)}\n`);
  }
}
