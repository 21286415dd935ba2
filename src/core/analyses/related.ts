import MiniSearch from 'minisearch';
import type { JournalIndex } from '../index/journalIndex';
import { MultiMap } from '../index/multiMap';
import type { StoredNote } from '../index/storedNote';
import { failureMode, FIELD_LABELS, isFailure, tagsOf, type FailureFields } from './noteText';
import { terms } from './terms';

/** Weights of the ranking, documented in docs/analyses.md. */
export const RELATED_WEIGHTS = {
  /** Text similarity from the search engine, scaled to 0..1 against the note's own score for the query (capped at 1). */
  text: 1,
  sameFailureMode: 0.5,
  /** Per shared tag, up to `maxTags` tags. */
  sharedTag: 0.2,
  maxTags: 2,
  /** One of the two notes names the other (`related`, `experiments`, `[[ID]]`). */
  explicitLink: 0.75,
  /** Query terms taken from the note: the most distinctive (tf·idf) first. */
  queryTerms: 24,
  /** Terms in more than this share of the failures are too common to say anything and are not queried. */
  maxDocumentFrequency: 0.3,
  /**
   * At most this many (term, failure) matches per query, the sum of the query terms' document
   * frequencies: the most distinctive terms are taken first, and a term that would overrun the budget
   * is skipped. Small journals never reach it; on a large one it keeps a query's time
   * and garbage bounded (common terms, worth little to BM25, are what make a query expensive).
   */
  maxMatches: 2000,
  /** Text matches considered beyond the structural candidates (same failure mode, shared tag, link). */
  textCandidates: 200,
  /** Below this total a failure shares no more than a common word or two with the note: not listed. */
  minScore: 0.05,
};

const FIELDS: (keyof FailureFields)[] = ['title', 'rootCause', 'hypothesis', 'approach', 'lessons'];
const BOOST: Record<keyof FailureFields, number> = { title: 1.5, rootCause: 2, hypothesis: 1.5, approach: 1.2, lessons: 1 };

export interface RelatedFailure {
  path: string;
  noteId: string | undefined;
  title: string | undefined;
  date: string | undefined;
  type: string | undefined;
  failureMode: string | undefined;
  score: number;
  reasons: string[];
}

interface Doc extends Record<keyof FailureFields, string> {
  id: string;
}

interface Candidate {
  path: string;
  note: StoredNote;
  text: number;
  score: number;
  linked: 'outgoing' | 'incoming' | undefined;
  sharedTags: string[];
  sameMode: boolean;
  match: Record<string, string[]> | undefined;
}

/**
 * Ranks the earlier failures most like a note. Text similarity comes from a MiniSearch full-text
 * index over the failures' title, root cause, hypothesis, approach and lessons (kept current as notes
 * change); structural signals (same failure mode, shared tags, an explicit link) are added on top, and
 * every score comes with its reasons. A query looks only at the note's most distinctive terms and at
 * the failures the structural maps name, so its cost does not grow with the journal's size.
 */
export class RelatedFailures {
  private readonly search = new MiniSearch<Doc>({
    fields: FIELDS,
    idField: 'id',
    tokenize: (text) => terms(text),
    processTerm: (t) => t,
    searchOptions: { boost: BOOST, combineWith: 'OR' },
  });
  /** The documents as indexed: `remove` needs them to take their terms out exactly (see `sync`). */
  private readonly docs = new Map<string, Doc>();
  /** Document frequency of each term over the indexed failures, for choosing distinctive query terms. */
  private readonly documentFrequency = new Map<string, number>();
  private readonly byMode = new MultiMap<string, string>();
  private readonly byTag = new MultiMap<string, string>();
  private readonly tagsByPath = new Map<string, string[]>();
  /** Notes changed since the last query: the search index catches up on the next `find`, not on every keystroke. */
  private readonly pending = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly index: JournalIndex) {
    for (const [path, note] of index.notes()) this.sync(path, note);
    this.unsubscribe = index.onDidChangeNote((path) => this.pending.add(path));
  }

  private flush(): void {
    for (const path of this.pending) this.sync(path, this.index.note(path));
    this.pending.clear();
  }

  dispose(): void {
    this.unsubscribe();
  }

  private sync(path: string, note: StoredNote | undefined): void {
    // `remove` rather than `discard`: a discarded document keeps counting in its terms' document
    // frequencies until the next search or vacuum reaches them, so scores would depend on the edit history
    // and differ from a fresh index of the same notes.
    const old = this.docs.get(path);
    if (old) {
      this.search.remove(old);
      this.docs.delete(path);
      for (const t of docTerms(old)) {
        const n = (this.documentFrequency.get(t) ?? 1) - 1;
        if (n > 0) this.documentFrequency.set(t, n);
        else this.documentFrequency.delete(t);
      }
      for (const [mode, paths] of this.byMode.entries()) if (paths.has(path)) this.byMode.delete(mode, path);
      for (const tag of this.tagsByPath.get(path) ?? []) this.byTag.delete(tag, path);
      this.tagsByPath.delete(path);
    }
    if (note && isFailure(note)) {
      const doc: Doc = { id: path, ...note.digest };
      this.search.add(doc);
      this.docs.set(path, doc);
      for (const t of docTerms(doc)) this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
      const mode = failureMode(note);
      if (mode) this.byMode.add(mode, path);
      const tags = [...new Set(tagsOf(note))];
      this.tagsByPath.set(path, tags);
      for (const tag of tags) this.byTag.add(tag, path);
    }
  }

  /** The note's most distinctive terms (tf·idf over the failures), ties broken alphabetically. */
  private queryTerms(fields: FailureFields): string[] {
    const counts = new Map<string, number>();
    for (const t of terms(FIELDS.map((f) => fields[f]).join(' '))) counts.set(t, (counts.get(t) ?? 0) + 1);
    const n = Math.max(1, this.docs.size);
    const weighted: [string, number][] = [];
    for (const [t, tf] of counts) {
      const df = this.documentFrequency.get(t) ?? 0;
      if (df === 0 || (n >= 10 && df / n > RELATED_WEIGHTS.maxDocumentFrequency)) continue;
      weighted.push([t, (1 + Math.log(tf)) * Math.log(1 + n / df)]);
    }
    weighted.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const query: string[] = [];
    let matches = 0;
    for (const [t] of weighted) {
      if (query.length >= RELATED_WEIGHTS.queryTerms) break;
      const df = this.documentFrequency.get(t)!;
      if (matches + df > RELATED_WEIGHTS.maxMatches) continue;
      matches += df;
      query.push(t);
    }
    return query;
  }

  /** The earlier failures most like the note at `path` (its own failure status does not matter). */
  find(path: string, limit = 10): RelatedFailure[] {
    this.flush();
    const note = this.index.note(path);
    if (!note || limit < 1) return [];
    const query = this.queryTerms(note.digest);
    const mode = failureMode(note);
    const tags = tagsOf(note);
    const tagSet = new Set(tags);
    const outgoing = new Set(note.noteReferences.map((r) => r.noteId));
    const isEarlier = (other: StoredNote) => !note.date || !other.date || other.date < note.date;

    // Text scores are scaled against the note's own score for its query (a perfect match), so a weak
    // match stays weak even when it is the best there is. A note that is not itself indexed (not a
    // failure) is added for the query and taken out again, so every query sees the same corpus.
    const text = new Map<string, { score: number; match: Record<string, string[]> }>();
    let selfScore = 0;
    if (query.length > 0) {
      const temporary: Doc | undefined = this.docs.has(path) ? undefined : { id: path, ...note.digest };
      if (temporary) this.search.add(temporary);
      try {
        // Later failures are never listed: the engine skips them (boost 0) before it builds a result for
        // them, which halves the garbage a query makes on a large journal. Scores of the others do not change.
        const keep = (id: string) => {
          if (id === path) return 1;
          const other = this.index.note(id);
          return other && isEarlier(other) ? 1 : 0;
        };
        for (const r of this.search.search(query.join(' '), { boostDocument: keep })) {
          if (r.id === path) selfScore = r.score;
          else text.set(String(r.id), { score: r.score, match: r.match as Record<string, string[]> });
        }
      } finally {
        if (temporary) this.search.remove(temporary);
      }
    }

    // Candidates: every failure a structural signal names, plus the best text matches. Any other
    // failure scores its text alone, below the text candidates, so it cannot rank above them.
    const paths = new Set<string>();
    if (mode) for (const p of this.byMode.get(mode)) paths.add(p);
    for (const tag of tags) for (const p of this.byTag.get(tag)) paths.add(p);
    for (const id of outgoing) for (const p of this.index.notesById.get(id)) paths.add(p);
    if (note.id) for (const p of this.index.referrersOf.get(note.id)) paths.add(p);
    let taken = 0;
    for (const p of text.keys()) {
      if (taken++ >= RELATED_WEIGHTS.textCandidates) break;
      paths.add(p);
    }

    // Per candidate only map and set lookups and no allocation: there can be a few thousand at 10k
    // notes. Only the best `limit` are kept (ordered by score, then the latest first, then path), and
    // only they get their shared tags and reasons.
    const incoming = note.id ? this.index.referrersOf.get(note.id) : undefined;
    const sameModePaths = mode ? this.byMode.get(mode) : undefined;
    const date = (n: StoredNote) => n.date ?? '';
    /** Whether a candidate ranks before `r`: a higher score, then the later date, then the path. */
    const ranksBefore = (score: number, other: StoredNote, p: string, r: Candidate) =>
      score > r.score || (score === r.score && (date(other) > date(r.note) || (date(other) === date(r.note) && p < r.path)));
    const best: Candidate[] = [];
    for (const p of paths) {
      if (p === path || !this.docs.has(p)) continue; // the search documents are exactly the failures
      const other = this.index.note(p);
      if (!other || !isEarlier(other)) continue;
      const linked = other.id && outgoing.has(other.id) ? 'outgoing' : incoming?.has(p) ? 'incoming' : undefined;
      const sameMode = sameModePaths?.has(p) ?? false;
      let shared = 0;
      if (tagSet.size > 0) for (const t of this.tagsByPath.get(p) ?? []) if (tagSet.has(t)) shared++;
      const t = text.get(p);
      const textScore = t && selfScore > 0 ? Math.min(1, t.score / selfScore) : 0;
      const raw =
        (linked ? RELATED_WEIGHTS.explicitLink : 0) +
        (sameMode ? RELATED_WEIGHTS.sameFailureMode : 0) +
        RELATED_WEIGHTS.sharedTag * Math.min(shared, RELATED_WEIGHTS.maxTags) +
        RELATED_WEIGHTS.text * textScore;
      if (raw < RELATED_WEIGHTS.minScore) continue;
      const score = Math.round(raw * 1000) / 1000;
      if (best.length === limit && !ranksBefore(score, other, p, best[limit - 1]!)) continue;
      let at = best.length;
      while (at > 0 && ranksBefore(score, other, p, best[at - 1]!)) at--;
      // Shared tags are listed later, for the kept candidates only.
      best.splice(at, 0, { path: p, note: other, text: textScore, score, linked, sharedTags: [], sameMode, match: t?.match });
      if (best.length > limit) best.pop();
    }
    if (tagSet.size > 0) for (const c of best) c.sharedTags = (this.tagsByPath.get(c.path) ?? []).filter((x) => tagSet.has(x));
    return best.map((c) => ({
      path: c.path,
      noteId: c.note.id,
      title: c.note.title,
      date: c.note.date,
      type: c.note.type,
      failureMode: failureMode(c.note),
      score: c.score,
      reasons: reasons(c, mode),
    }));
  }
}

function reasons(c: Candidate, mode: string | undefined): string[] {
  const out: string[] = [];
  if (c.linked === 'outgoing') out.push(`linked: this note references ${c.note.id}`);
  if (c.linked === 'incoming') out.push(`linked: ${c.note.id ?? c.path} references this note`);
  if (c.sameMode) out.push(`same failure mode: ${mode}`);
  if (c.sharedTags.length > 0) out.push(`shared tags: ${c.sharedTags.join(', ')}`);
  if (c.text > 0 && c.match) {
    const byField = new Map<string, string[]>();
    for (const [term, inFields] of Object.entries(c.match)) {
      for (const f of inFields) {
        const list = byField.get(f) ?? [];
        list.push(term);
        byField.set(f, list);
      }
    }
    for (const f of FIELDS) {
      const ts = byField.get(f);
      if (ts && ts.length > 0) out.push(`shared terms in ${FIELD_LABELS[f]}: ${ts.slice(0, 5).join(', ')}`);
    }
  }
  return out;
}

function docTerms(doc: Doc): Set<string> {
  return new Set(terms(FIELDS.map((f) => doc[f]).join(' ')));
}
