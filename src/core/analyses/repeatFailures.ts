import type { JournalIndex } from '../index/journalIndex';
import type { StoredNote } from '../index/storedNote';
import { byDate, failureMode, FIELD_LABELS, isFailure, type FailureFields } from './noteText';
import { terms } from './terms';

/** Thresholds of the grouping, documented in docs/analyses.md. */
export const REPEAT_THRESHOLDS = {
  /** Two failures with the same failure mode are the same failure when their texts are at least this similar. */
  sameMode: 0.1,
  /** Failures with different or no failure modes need this much similarity. */
  anyMode: 0.3,
  /** Terms in more than this share of failures say nothing about which failure it is, and are ignored. */
  maxDocumentFrequency: 0.3,
};

const SIMILARITY_FIELDS: (keyof FailureFields)[] = ['title', 'rootCause', 'hypothesis', 'approach'];

export interface SharedTerms {
  field: string;
  terms: string[];
}

export interface RepeatMember {
  path: string;
  noteId: string | undefined;
  title: string | undefined;
  date: string | undefined;
  type: string | undefined;
  failureMode: string | undefined;
  /** False for the first failure of the group, true for every later one. */
  isRepeat: boolean;
  /** For a repeat: the earlier member it is most like, and why. */
  similarTo?: { path: string; noteId: string | undefined; similarity: number; sameFailureMode: boolean; shared: SharedTerms[] };
  /** Lessons recorded by earlier members that this repeat did not apply: a wasteful repeat when non-empty. */
  despite: string[];
}

export interface RepeatGroup {
  /** The failure mode most members share, if any. */
  failureMode: string | undefined;
  /** Terms most members share, for a label. */
  keyTerms: string[];
  members: RepeatMember[];
  repeats: number;
  wastefulRepeats: number;
}

export interface RepeatReport {
  groups: RepeatGroup[];
  failures: number;
  repeats: number;
  wastefulRepeats: number;
}

interface Vector {
  path: string;
  note: StoredNote;
  mode: string | undefined;
  weights: Map<string, number>;
  norm: number;
  fieldTerms: Map<keyof FailureFields, Set<string>>;
}

/** TF-IDF vectors over the failure texts, with terms too common to discriminate dropped. */
function vectors(failures: { path: string; note: StoredNote }[]): { vecs: Vector[]; idf: Map<string, number> } {
  const docs = failures.map(({ path, note }) => {
    const fields = note.digest;
    const fieldTerms = new Map<keyof FailureFields, Set<string>>();
    const tf = new Map<string, number>();
    for (const f of SIMILARITY_FIELDS) {
      const ts = terms(fields[f]);
      fieldTerms.set(f, new Set(ts));
      for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
    }
    return { path, note, tf, fieldTerms };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const idf = new Map<string, number>();
  for (const [t, count] of df) {
    if (n >= 10 && count / n > REPEAT_THRESHOLDS.maxDocumentFrequency) continue;
    idf.set(t, Math.log(1 + n / count));
  }
  const vecs = docs.map((d) => {
    const weights = new Map<string, number>();
    let sq = 0;
    for (const [t, c] of d.tf) {
      const w = idf.get(t);
      if (w === undefined) continue;
      const v = (1 + Math.log(c)) * w;
      weights.set(t, v);
      sq += v * v;
    }
    return { path: d.path, note: d.note, mode: failureMode(d.note), weights, norm: Math.sqrt(sq), fieldTerms: d.fieldTerms };
  });
  return { vecs, idf };
}

/** Cosine similarity of every pair that shares a term, through postings lists (pairs sharing nothing are 0). */
function similarities(vecs: Vector[]): Map<number, Map<number, number>> {
  const postings = new Map<string, { i: number; w: number }[]>();
  vecs.forEach((v, i) => {
    for (const [t, w] of v.weights) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push({ i, w });
    }
  });
  const dots = new Map<number, Map<number, number>>();
  for (const list of postings.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const x = list[a]!;
        const y = list[b]!;
        const [lo, hi] = x.i < y.i ? [x, y] : [y, x];
        let row = dots.get(hi.i);
        if (!row) dots.set(hi.i, (row = new Map()));
        row.set(lo.i, (row.get(lo.i) ?? 0) + x.w * y.w);
      }
    }
  }
  for (const [i, row] of dots) {
    for (const [j, dot] of row) {
      const denom = vecs[i]!.norm * vecs[j]!.norm;
      row.set(j, denom > 0 ? dot / denom : 0);
    }
  }
  return dots;
}

function sharedTerms(a: Vector, b: Vector, idf: Map<string, number>): SharedTerms[] {
  const out: SharedTerms[] = [];
  for (const f of SIMILARITY_FIELDS) {
    const ta = a.fieldTerms.get(f)!;
    const tb = b.fieldTerms.get(f)!;
    const shared = [...ta].filter((t) => tb.has(t) && idf.has(t)).sort((x, y) => idf.get(y)! - idf.get(x)! || x.localeCompare(y));
    if (shared.length > 0) out.push({ field: FIELD_LABELS[f], terms: shared.slice(0, 6) });
  }
  return out;
}

/**
 * Groups failures (experiments with outcome failure, and post-mortems) that are the same failure
 * happening again: same failure mode and similar text (root cause, hypothesis, approach, title), or
 * very similar text whatever the modes say. Within a group, ordered by date, every member after the
 * first is a repeat; a repeat is wasteful when an earlier member recorded a lesson it did not apply.
 */
export function repeatFailures(index: JournalIndex): RepeatReport {
  const failures = [...index.notes()].filter(([, n]) => isFailure(n)).map(([path, note]) => ({ path, note })).sort(byDate);
  const { vecs, idf } = vectors(failures);
  const sims = similarities(vecs);
  const parent = vecs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const linked = (i: number, j: number, sim: number) => {
    const same = vecs[i]!.mode !== undefined && vecs[i]!.mode === vecs[j]!.mode;
    return sim >= (same ? REPEAT_THRESHOLDS.sameMode : REPEAT_THRESHOLDS.anyMode);
  };
  for (const [i, row] of sims) {
    for (const [j, sim] of row) if (linked(i, j, sim)) parent[find(i)] = find(j);
  }
  const components = new Map<number, number[]>();
  vecs.forEach((_, i) => {
    const root = find(i);
    let c = components.get(root);
    if (!c) components.set(root, (c = []));
    c.push(i);
  });

  const groups: RepeatGroup[] = [];
  for (const members of components.values()) {
    if (members.length < 2) continue;
    members.sort((a, b) => a - b); // vecs are in date order
    const lessonsBefore: string[] = [];
    const out: RepeatMember[] = [];
    for (let k = 0; k < members.length; k++) {
      const i = members[k]!;
      const v = vecs[i]!;
      const member: RepeatMember = {
        path: v.path,
        noteId: v.note.id,
        title: v.note.title,
        date: v.note.date,
        type: v.note.type,
        failureMode: v.mode,
        isRepeat: k > 0,
        despite: [],
      };
      if (k > 0) {
        let best = -1;
        let bestSim = -1;
        for (const j of members.slice(0, k)) {
          const sim = sims.get(i)?.get(j) ?? 0;
          if (sim > bestSim) [best, bestSim] = [j, sim];
        }
        const e = vecs[best]!;
        member.similarTo = {
          path: e.path,
          noteId: e.note.id,
          similarity: round(bestSim),
          sameFailureMode: v.mode !== undefined && v.mode === e.mode,
          shared: sharedTerms(v, e, idf),
        };
        const applied = new Set(v.note.applications.map((a) => a.lessonId));
        member.despite = [...new Set(lessonsBefore)].filter((l) => !applied.has(l));
      }
      out.push(member);
      for (const l of v.note.lessons) lessonsBefore.push(l.id);
    }
    const modeCounts = new Map<string, number>();
    for (const m of out) if (m.failureMode) modeCounts.set(m.failureMode, (modeCounts.get(m.failureMode) ?? 0) + 1);
    const termCounts = new Map<string, number>();
    for (const i of members) for (const t of vecs[i]!.weights.keys()) termCounts.set(t, (termCounts.get(t) ?? 0) + 1);
    groups.push({
      failureMode: [...modeCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0],
      keyTerms: [...termCounts]
        .filter(([, c]) => c >= 2)
        .sort((a, b) => b[1] - a[1] || (idf.get(b[0]) ?? 0) - (idf.get(a[0]) ?? 0) || a[0].localeCompare(b[0]))
        .slice(0, 4)
        .map(([t]) => t),
      members: out,
      repeats: out.length - 1,
      wastefulRepeats: out.filter((m) => m.despite.length > 0).length,
    });
  }
  groups.sort((a, b) => b.members.length - a.members.length || (a.members[0]!.date ?? '').localeCompare(b.members[0]!.date ?? ''));
  return {
    groups,
    failures: failures.length,
    repeats: groups.reduce((s, g) => s + g.repeats, 0),
    wastefulRepeats: groups.reduce((s, g) => s + g.wastefulRepeats, 0),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
