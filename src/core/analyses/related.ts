import MiniSearch from 'minisearch';
import type { JournalIndex } from '../index/journalIndex';
import type { StoredNote } from '../index/storedNote';
import { failureFields, failureMode, FIELD_LABELS, isFailure, tagsOf, type FailureFields } from './noteText';
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
  /** Query terms taken from the note, the most distinctive first. */
  queryTerms: 40,
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

/**
 * Ranks the earlier failures most like a note. Text similarity comes from a MiniSearch full-text
 * index over the failures' title, root cause, hypothesis, approach and lessons (kept current as notes
 * change); structural signals (same failure mode, shared tags, an explicit link) are added on top, and
 * every score comes with its reasons.
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
  private readonly unsubscribe: () => void;

  constructor(private readonly index: JournalIndex) {
    for (const [path, note] of index.notes()) this.sync(path, note);
    this.unsubscribe = index.onDidChangeNote((path, note) => this.sync(path, note));
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
    }
    if (note && isFailure(note)) {
      const doc: Doc = { id: path, ...failureFields(note, this.index.config) };
      this.search.add(doc);
      this.docs.set(path, doc);
    }
  }

  /** The earlier failures most like the note at `path` (its own failure status does not matter). */
  find(path: string, limit = 10): RelatedFailure[] {
    const note = this.index.note(path);
    if (!note) return [];
    const fields = failureFields(note, this.index.config);
    const query = distinctiveTerms(FIELDS.map((f) => fields[f]).join(' '), RELATED_WEIGHTS.queryTerms);
    const mode = failureMode(note);
    const tags = new Set(tagsOf(note));
    const linkedIds = new Set(note.noteReferences.map((r) => r.noteId));
    const isEarlier = (other: StoredNote) => !note.date || !other.date || other.date < note.date;

    const candidates = new Map<string, { text: number; matched: Map<string, Set<string>> }>();
    // Text scores are scaled against the note's own score for its query (a perfect match), so a weak
    // match stays weak even when it is the best there is. A note that is not itself indexed (not a
    // failure) is added for the query and taken out again, so every query sees the same corpus.
    let selfScore = 0;
    if (query.length > 0) {
      const temporary: Doc | undefined = this.docs.has(path) ? undefined : { id: path, ...fields };
      if (temporary) this.search.add(temporary);
      try {
        for (const r of this.search.search(query.join(' '))) {
          if (r.id === path) {
            selfScore = r.score;
            continue;
          }
          const matched = new Map<string, Set<string>>();
          for (const [term, inFields] of Object.entries(r.match)) {
            for (const f of inFields) {
              let set = matched.get(f);
              if (!set) matched.set(f, (set = new Set()));
              set.add(term);
            }
          }
          candidates.set(String(r.id), { text: r.score, matched });
        }
      } finally {
        if (temporary) this.search.remove(temporary);
      }
    }
    // Structural signals find failures the text misses.
    for (const [otherPath, other] of this.index.notes()) {
      if (otherPath === path || candidates.has(otherPath) || !isFailure(other)) continue;
      const linked = (other.id && linkedIds.has(other.id)) || (note.id && other.noteReferences.some((r) => r.noteId === note.id));
      if (linked || (mode && failureMode(other) === mode)) candidates.set(otherPath, { text: 0, matched: new Map() });
    }

    const out: RelatedFailure[] = [];
    for (const [p, c] of candidates) {
      const other = this.index.note(p);
      if (!other || !isFailure(other) || !isEarlier(other)) continue;
      const reasons: string[] = [];
      let score = 0;
      const otherMode = failureMode(other);
      const linked = (other.id && linkedIds.has(other.id)) || (note.id && other.noteReferences.some((r) => r.noteId === note.id));
      if (linked) {
        score += RELATED_WEIGHTS.explicitLink;
        reasons.push(other.id && linkedIds.has(other.id) ? `linked: this note references ${other.id}` : `linked: ${other.id ?? p} references this note`);
      }
      if (mode && otherMode === mode) {
        score += RELATED_WEIGHTS.sameFailureMode;
        reasons.push(`same failure mode: ${mode}`);
      }
      const shared = tagsOf(other).filter((t) => tags.has(t));
      if (shared.length > 0) {
        score += RELATED_WEIGHTS.sharedTag * Math.min(shared.length, RELATED_WEIGHTS.maxTags);
        reasons.push(`shared tags: ${shared.join(', ')}`);
      }
      if (c.text > 0 && selfScore > 0) {
        score += RELATED_WEIGHTS.text * Math.min(1, c.text / selfScore);
        for (const f of FIELDS) {
          const ts = c.matched.get(f);
          if (ts && ts.size > 0) reasons.push(`shared terms in ${FIELD_LABELS[f]}: ${[...ts].slice(0, 5).join(', ')}`);
        }
      }
      if (score <= 0) continue;
      out.push({
        path: p,
        noteId: other.id,
        title: other.title,
        date: other.date,
        type: other.type,
        failureMode: otherMode,
        score: Math.round(score * 1000) / 1000,
        reasons,
      });
    }
    return out.sort((a, b) => b.score - a.score || (b.date ?? '').localeCompare(a.date ?? '') || a.path.localeCompare(b.path)).slice(0, limit);
  }
}

/** The note's most frequent terms, ties broken alphabetically: a bounded query whatever the note's length. */
function distinctiveTerms(text: string, max: number): string[] {
  const counts = new Map<string, number>();
  for (const t of terms(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([t]) => t);
}
