/**
 * Id generation. Pure: the random source is handed in, so tests are deterministic and the core never
 * reaches for a global RNG.
 *
 * Note ids are `<PREFIX>-<YYYY>-<MMDD>-<4 Crockford base32 characters>` (e.g. `EXP-2026-1204-K3X9`).
 * Two people creating notes on two branches never coordinate, so ids cannot be sequence numbers (both
 * would take "next"). The date splits the space by day and 4 random base32 characters give
 * 32^4 = 1,048,576 values per prefix per day: for k notes of one type created on the same day the chance
 * that any two collide is about k(k-1)/2 / 1,048,576 — 1 in 23,000 for 10 notes a day, 1 in 1,000 for 46.
 *
 * Lesson ids are derived from their note's id: `L-<note id>-<n>`, n = 1 + the highest n already used in
 * that note. Lessons live inside their note, so two branches adding lessons to different notes can never
 * pick the same id, and two branches adding lessons to the same note edit the same lines — a textual
 * merge conflict that a person resolves anyway.
 */

/** Crockford's base32 alphabet: digits and upper-case letters without I, L, O and U (no look-alikes). */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Fills a buffer of n random bytes. Hosts pass `crypto.getRandomValues`-backed sources. */
export type RandomBytes = (n: number) => Uint8Array;

export const NOTE_ID_RANDOM_LENGTH = 4;

/** Matches ids made by `newNoteId`; the groups are prefix, year, month+day, random part. */
export const GENERATED_NOTE_ID = /^([A-Za-z][A-Za-z0-9]*)-(\d{4})-(\d{4})-([0-9A-HJKMNP-TV-Z]{4})$/;

/**
 * A fresh note id for a note dated `date` (YYYY-MM-DD). `prefix` is the note type's `idPrefix` (EXP, PM, …).
 * Each random byte is reduced modulo 32; 256 is a multiple of 32, so every character is equally likely.
 */
export function newNoteId(prefix: string, date: string, random: RandomBytes): string {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(prefix)) throw new Error(`invalid id prefix "${prefix}": a letter, then letters or digits`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`invalid date "${date}": expected YYYY-MM-DD`);
  const bytes = random(NOTE_ID_RANDOM_LENGTH);
  if (bytes.length < NOTE_ID_RANDOM_LENGTH) throw new Error('the random source returned too few bytes');
  let suffix = '';
  for (let i = 0; i < NOTE_ID_RANDOM_LENGTH; i++) suffix += CROCKFORD_ALPHABET[bytes[i]! & 31];
  return `${prefix.toUpperCase()}-${m[1]}-${m[2]}${m[3]}-${suffix}`;
}

/** The id prefix of a note type: its configured `idPrefix`, else the type name's letters and digits in capitals. */
export function idPrefixFor(type: string, configured: string | undefined): string {
  if (configured) return configured.toUpperCase();
  const derived = type.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return /^[A-Z]/.test(derived) ? derived : `N${derived}`;
}

/**
 * The part of a lesson id that names its note. Lesson ids allow only letters, digits and hyphens, while
 * note ids may also hold `.` and `_`; those become hyphens.
 */
export function lessonStem(noteId: string): string {
  return `L-${noteId.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+$/, '')}`;
}

/**
 * The next lesson id of a note: `L-<note id>-<n>` with n one above the highest number already used by
 * this note's lessons (compared case-insensitively). Ids of other forms (`L-0042`) are ignored.
 */
export function nextLessonId(noteId: string, existingLessonIds: Iterable<string>): string {
  const stem = lessonStem(noteId);
  const pattern = new RegExp(`^${escapeRegExp(stem)}-(\\d+)$`, 'i');
  let highest = 0;
  for (const id of existingLessonIds) {
    const m = pattern.exec(id.trim());
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  return `${stem}-${highest + 1}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
