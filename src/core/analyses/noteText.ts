import type { JournalConfig } from '../config';
import type { StoredNote } from '../index/storedNote';
import type { ParsedNote } from '../note';
import { sectionAliases } from '../parse';

/** The text of a required section (by canonical name or alias), '' when absent. Needs a parsed note: stored notes keep no section text. */
export function sectionText(note: ParsedNote, config: JournalConfig, canonical: string): string {
  const nt = note.type ? config.noteTypes[note.type] : undefined;
  const keys = new Set(nt ? sectionAliases(nt, canonical) : [canonical.toLowerCase()]);
  return note.sections
    .filter((s) => keys.has(s.key))
    .map((s) => s.text)
    .join(' ');
}

/** The fields similarity looks at, per note type: what failed and why. */
export interface FailureFields {
  title: string;
  rootCause: string;
  hypothesis: string;
  approach: string;
  lessons: string;
}

export const FIELD_LABELS: Record<keyof FailureFields, string> = {
  title: 'title',
  rootCause: 'root cause',
  hypothesis: 'hypothesis',
  approach: 'approach',
  lessons: 'lessons',
};

/** Computed once per note version, when the index stores it (`StoredNote.digest`). */
export function failureFields(note: ParsedNote, config: JournalConfig): FailureFields {
  const isPostmortem = note.type === 'postmortem';
  return {
    title: note.title ?? '',
    // A post-mortem's root cause is its own section; an experiment says why it failed under Outcome.
    rootCause: isPostmortem ? `${sectionText(note, config, 'Root Cause')} ${sectionText(note, config, 'What Happened')}` : sectionText(note, config, 'Outcome'),
    hypothesis: sectionText(note, config, 'Hypothesis'),
    approach: sectionText(note, config, 'Approach'),
    lessons: note.lessons.map((l) => l.text).join(' '),
  };
}

/** A failure: an experiment whose outcome is failure, or any post-mortem. */
export function isFailure(note: StoredNote): boolean {
  return (note.type === 'experiment' && note.data.outcome === 'failure') || note.type === 'postmortem';
}

export function failureMode(note: StoredNote): string | undefined {
  const m = note.data.failure_mode;
  return typeof m === 'string' && m.trim() ? m.trim() : undefined;
}

export function tagsOf(note: StoredNote): string[] {
  const t = note.data.tags;
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string').map((x) => x.trim().toLowerCase()) : [];
}

/** Orders by date (undated last), then id, then path. */
export function byDate(a: { note: StoredNote; path: string }, b: { note: StoredNote; path: string }): number {
  const da = a.note.date ?? '9999';
  const db = b.note.date ?? '9999';
  return da < db ? -1 : da > db ? 1 : (a.note.id ?? '').localeCompare(b.note.id ?? '') || a.path.localeCompare(b.path);
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
