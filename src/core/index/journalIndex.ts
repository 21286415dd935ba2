import { checkFileBytes, isExcluded } from '../check';
import type { JournalConfig } from '../config';
import type { Diagnostic } from '../diagnostics';
import { lintNote, todayIso, type LintOptions } from '../lint';
import { parseNote } from '../parse';
import type { Workspace } from '../workspace';
import { crossNoteDiagnostics } from './crossRules';
import { MultiMap } from './multiMap';
import { compact, storeNote, type StoredNote } from './storedNote';

export interface IndexEntry {
  path: string;
  /** Undefined when the file is not a note, was skipped, or could not be read. */
  note: StoredNote | undefined;
  /** Per-note diagnostics (rules of one note, parse problems, file-skipped). */
  localDiagnostics: Diagnostic[];
  /** Size and mtime when read from a workspace with `stat`, for the persisted snapshot. */
  stamp?: { size: number; mtimeMs: number };
}

export interface BuildOptions {
  today?: string;
  onProgress?(done: number, total: number): void;
  /** Stop early; what was read so far stays indexed. */
  isCancelled?(): boolean;
  /** A persisted snapshot; entries whose size and mtime still match are taken without reading the file. */
  snapshot?: IndexSnapshot;
  /** How many files are read at once. */
  concurrency?: number;
  /** A listed file could not be read (it vanished: `error` undefined; or reading threw). It is left out of the index. */
  onReadError?(path: string, error: unknown): void;
}

/** What `addFromWorkspace` did: files read (or tried) and entries taken unchanged from the snapshot. */
export interface BuildStats {
  read: number;
  reused: number;
}

export interface IndexOptions {
  today?: string;
  /** A rule threw on a note (the rule is skipped for that note; the others still run). */
  onRuleError?: LintOptions['onRuleError'];
}

export interface IndexSnapshot {
  version: number;
  configKey: string;
  entries: Record<string, IndexEntry>;
}

/** Bumped whenever what an entry holds changes, so a persisted snapshot of another shape is not used. */
const SNAPSHOT_VERSION = 2;

/**
 * The workspace index: every note's extracted facts, and the cross-note maps (ids, lessons,
 * applications, references, links) that answer cross-note questions without re-reading other notes.
 * Updating one note touches only that note's entries in the maps and returns the notes whose
 * cross-note diagnostics may have changed.
 */
export class JournalIndex {
  private readonly entries = new Map<string, IndexEntry>();
  readonly notesById = new MultiMap<string, string>();
  readonly lessonsById = new MultiMap<string, string>();
  readonly appliersOf = new MultiMap<string, string>();
  readonly referrersOf = new MultiMap<string, string>();
  readonly linkersOf = new MultiMap<string, string>();
  private readonly crossCache = new Map<string, Diagnostic[]>();
  /** Kept current on every change, so a status line costs nothing per keystroke. */
  private readonly neverAppliedIds = new Set<string>();
  private noteTotal = 0;
  private readonly listeners = new Set<(paths: ReadonlySet<string>) => void>();
  private readonly noteListeners = new Set<(path: string, note: StoredNote | undefined) => void>();
  private versionCounter = 0;
  today: string;
  private readonly onRuleError: IndexOptions['onRuleError'];

  constructor(
    readonly config: JournalConfig,
    options: IndexOptions = {},
  ) {
    this.today = options.today ?? todayIso();
    this.onRuleError = options.onRuleError;
  }

  /** Bumped on every change; analyses cache on it. */
  get version(): number {
    return this.versionCounter;
  }

  static async build(workspace: Workspace, config: JournalConfig, options: BuildOptions & IndexOptions = {}): Promise<JournalIndex> {
    const index = new JournalIndex(config, options);
    await index.addFromWorkspace(workspace, options);
    return index;
  }

  /** Reads every listed file (concurrently, in order of listing) and indexes it. Files that vanish are dropped silently. */
  async addFromWorkspace(workspace: Workspace, options: BuildOptions = {}): Promise<BuildStats> {
    const paths = (await workspace.listFiles()).filter((p) => !isExcluded(p, this.config));
    const total = paths.length;
    const snapshot = options.snapshot && options.snapshot.version === SNAPSHOT_VERSION && options.snapshot.configKey === configKey(this.config, this.today) ? options.snapshot : undefined;
    let done = 0;
    let next = 0;
    const stats: BuildStats = { read: 0, reused: 0 };
    const worker = async () => {
      while (next < paths.length) {
        if (options.isCancelled?.()) return;
        const path = paths[next++]!;
        const stamp = workspace.stat ? await workspace.stat(path).catch(() => undefined) : undefined;
        const cached = snapshot?.entries[path];
        if (cached && stamp && cached.stamp && cached.stamp.size === stamp.size && cached.stamp.mtimeMs === stamp.mtimeMs) {
          // Entries read back from a persisted snapshot share nothing across notes: intern their positions again.
          this.setEntry(compact({ ...cached, path }, { copyStrings: false }));
          stats.reused++;
        } else {
          stats.read++;
          let readError: unknown;
          const bytes = await workspace.readFile(path).catch((error: unknown) => {
            readError = error ?? new Error('read failed');
            return undefined;
          });
          if (bytes === undefined) options.onReadError?.(path, readError);
          else {
            const entry = this.entryFromBytes(path, bytes);
            if (stamp) entry.stamp = stamp;
            this.setEntry(entry);
          }
        }
        done++;
        options.onProgress?.(done, total);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, worker));
    this.crossCache.clear();
    this.versionCounter++;
    return stats;
  }

  /** A serialisable snapshot for a warm start. */
  snapshot(): IndexSnapshot {
    const entries: Record<string, IndexEntry> = {};
    for (const [path, e] of this.entries) if (e.stamp) entries[path] = e;
    return { version: SNAPSHOT_VERSION, configKey: configKey(this.config, this.today), entries };
  }

  private entryFromBytes(path: string, bytes: Uint8Array): IndexEntry {
    const result = checkFileBytes(path, bytes, this.config, { today: this.today, onRuleError: this.onRuleError });
    return {
      path,
      note: result.note && result.note.type !== undefined ? storeNote(result.note, this.config) : undefined,
      localDiagnostics: compact(result.diagnostics),
    };
  }

  private entryFromText(path: string, text: string): IndexEntry {
    // An editor buffer over the size limit is skipped like the file would be (one message, no parse).
    if (text.length > this.config.maxFileSize) return this.entryFromBytes(path, new TextEncoder().encode(text));
    const note = parseNote(path, text, this.config);
    return {
      path,
      note: note.type !== undefined ? storeNote(note, this.config) : undefined,
      localDiagnostics: compact(lintNote(note, this.config, { today: this.today, onRuleError: this.onRuleError })),
    };
  }

  /** Sets (or replaces) a note from its current text, e.g. an open editor buffer. Returns the paths whose diagnostics may have changed. */
  update(path: string, text: string): Set<string> {
    return this.replace(path, this.entryFromText(path, text));
  }

  /** Like `update`, from file bytes (decoding, size and binary checks included). */
  updateBytes(path: string, bytes: Uint8Array, stamp?: { size: number; mtimeMs: number }): Set<string> {
    const entry = this.entryFromBytes(path, bytes);
    if (stamp) entry.stamp = stamp;
    return this.replace(path, entry);
  }

  remove(path: string): Set<string> {
    const old = this.entries.get(path);
    if (!old) return new Set();
    const affected = this.affectedBy(old.note && keysOf(old.note), path, true);
    this.unlink(old);
    this.entries.delete(path);
    if (old.note) this.noteTotal--;
    for (const l of this.noteListeners) l(path, undefined);
    this.invalidate(affected);
    affected.delete(path);
    this.crossCache.delete(path);
    this.emit(affected);
    return affected;
  }

  /** A note moved: the same as removing the old path and adding the new one. */
  rename(oldPath: string, newPath: string, text: string): Set<string> {
    const affected = this.remove(oldPath);
    for (const p of this.update(newPath, text)) affected.add(p);
    return affected;
  }

  private replace(path: string, entry: IndexEntry): Set<string> {
    const old = this.entries.get(path);
    const delta = keyDelta(old?.note, entry.note);
    const affected = this.affectedBy(delta.removed, path, delta.slugsChanged);
    if (old) this.unlink(old);
    this.setEntry(entry);
    for (const p of this.affectedBy(delta.added, path, delta.slugsChanged)) affected.add(p);
    this.invalidate(affected);
    this.emit(affected);
    return affected;
  }

  private setEntry(entry: IndexEntry): void {
    const old = this.entries.get(entry.path);
    if (old) this.unlink(old);
    this.entries.set(entry.path, entry);
    const note = entry.note;
    this.noteTotal += (note ? 1 : 0) - (old?.note ? 1 : 0);
    for (const l of this.noteListeners) l(entry.path, note);
    if (!note) return;
    if (note.id) this.notesById.add(note.id, entry.path);
    for (const l of note.lessons) this.lessonsById.add(l.id, entry.path);
    for (const a of note.applications) this.appliersOf.add(a.lessonId, entry.path);
    for (const r of note.noteReferences) this.referrersOf.add(r.noteId, entry.path);
    for (const link of note.links) if (link.path) this.linkersOf.add(resolveLink(entry.path, link.path), entry.path);
    this.refreshApplied(note);
  }

  /** Re-derives whether the lessons this note defines or applies have been applied by another note. */
  private refreshApplied(note: StoredNote): void {
    const touched = [...note.lessons.map((l) => l.id), ...note.applications.map((a) => a.lessonId)];
    for (const id of touched) {
      if (this.lessonsById.has(id) && !this.isApplied(id)) this.neverAppliedIds.add(id);
      else this.neverAppliedIds.delete(id);
    }
  }

  private isApplied(lessonId: string): boolean {
    const definers = this.lessonsById.get(lessonId);
    for (const p of this.appliersOf.get(lessonId)) if (!definers.has(p)) return true;
    return false;
  }

  /** How many notes the index holds. */
  get noteCount(): number {
    return this.noteTotal;
  }

  /** How many lesson ids no other note has applied (the same count as `lessonReport(...).neverApplied`). */
  get neverAppliedCount(): number {
    return this.neverAppliedIds.size;
  }

  private unlink(entry: IndexEntry): void {
    const note = entry.note;
    if (!note) return;
    if (note.id) this.notesById.delete(note.id, entry.path);
    for (const l of note.lessons) this.lessonsById.delete(l.id, entry.path);
    for (const a of note.applications) this.appliersOf.delete(a.lessonId, entry.path);
    for (const r of note.noteReferences) this.referrersOf.delete(r.noteId, entry.path);
    for (const link of note.links) if (link.path) this.linkersOf.delete(resolveLink(entry.path, link.path), entry.path);
    this.refreshApplied(note);
  }

  /**
   * Notes whose cross-note diagnostics depend on these note ids or lesson ids, or (when the note's
   * headings changed) on its path. Only keys that actually changed are passed, so an edit that keeps
   * the note's ids, lessons and headings affects that note alone, whatever the size of the workspace.
   */
  private affectedBy(keys: NoteKeys | undefined, path: string, includeLinkers: boolean): Set<string> {
    const affected = new Set<string>([path]);
    const addAll = (set: ReadonlySet<string>) => {
      for (const p of set) affected.add(p);
    };
    if (includeLinkers) addAll(this.linkersOf.get(path));
    if (!keys) return affected;
    for (const id of keys.noteIds) {
      addAll(this.notesById.get(id));
      addAll(this.referrersOf.get(id));
    }
    for (const id of keys.lessonIds) {
      addAll(this.lessonsById.get(id));
      addAll(this.appliersOf.get(id));
    }
    return affected;
  }

  private invalidate(paths: Iterable<string>): void {
    for (const p of paths) this.crossCache.delete(p);
    this.versionCounter++;
  }

  /** Called after every change with the paths whose diagnostics may have changed. */
  onDidChange(listener: (paths: ReadonlySet<string>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called whenever one note's entry is set or removed (for derived indexes such as the related-failures search). */
  onDidChangeNote(listener: (path: string, note: StoredNote | undefined) => void): () => void {
    this.noteListeners.add(listener);
    return () => this.noteListeners.delete(listener);
  }

  private emit(paths: ReadonlySet<string>): void {
    for (const l of this.listeners) l(paths);
  }

  get size(): number {
    return this.entries.size;
  }

  paths(): IterableIterator<string> {
    return this.entries.keys();
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  entry(path: string): IndexEntry | undefined {
    return this.entries.get(path);
  }

  note(path: string): StoredNote | undefined {
    return this.entries.get(path)?.note;
  }

  *notes(): IterableIterator<[string, StoredNote]> {
    for (const [path, e] of this.entries) if (e.note) yield [path, e.note];
  }

  /** Paths of the notes with this id (more than one is a duplicate). */
  pathsOfNoteId(id: string): ReadonlySet<string> {
    return this.notesById.get(id);
  }

  /** All diagnostics of one file: its own rules and the cross-note rules. */
  diagnosticsFor(path: string): Diagnostic[] {
    const entry = this.entries.get(path);
    if (!entry) return [];
    let cross = this.crossCache.get(path);
    if (!cross) {
      cross = entry.note ? crossNoteDiagnostics(this, path, entry.note) : [];
      this.crossCache.set(path, cross);
    }
    if (cross.length === 0) return entry.localDiagnostics;
    return [...entry.localDiagnostics, ...cross].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  allDiagnostics(): Map<string, Diagnostic[]> {
    const out = new Map<string, Diagnostic[]>();
    for (const path of [...this.entries.keys()].sort()) out.set(path, this.diagnosticsFor(path));
    return out;
  }
}

/** The keys of a note that other notes' diagnostics depend on. */
interface NoteKeys {
  noteIds: string[];
  lessonIds: string[];
}

function keysOf(note: StoredNote): NoteKeys {
  return { noteIds: note.id ? [note.id] : [], lessonIds: note.lessons.map((l) => l.id) };
}

/** What changed between two versions of a note, in the keys other notes depend on. */
function keyDelta(before: StoredNote | undefined, after: StoredNote | undefined): { removed: NoteKeys; added: NoteKeys; slugsChanged: boolean } {
  const b = before ? keysOf(before) : { noteIds: [], lessonIds: [] };
  const a = after ? keysOf(after) : { noteIds: [], lessonIds: [] };
  const minus = (x: string[], y: string[]) => {
    const ys = new Set(y);
    return x.filter((v) => !ys.has(v));
  };
  // Lesson ids whose count changed: added, removed, or listed twice in the note and then once (which
  // matters for duplicate detection).
  const count = (x: string[]) => {
    const m = new Map<string, number>();
    for (const id of x) m.set(id, (m.get(id) ?? 0) + 1);
    return m;
  };
  const cb = count(b.lessonIds);
  const ca = count(a.lessonIds);
  const changed = new Set([...cb.keys(), ...ca.keys()].filter((id) => cb.get(id) !== ca.get(id)));
  const slugsChanged = !before !== !after || JSON.stringify(before?.headingSlugs) !== JSON.stringify(after?.headingSlugs);
  return {
    removed: { noteIds: minus(b.noteIds, a.noteIds), lessonIds: [...cb.keys()].filter((id) => changed.has(id)) },
    added: { noteIds: minus(a.noteIds, b.noteIds), lessonIds: [...ca.keys()].filter((id) => changed.has(id)) },
    slugsChanged,
  };
}

/** Resolves a relative link from a note's path to a workspace path (forward slashes, `..` collapsed). */
export function resolveLink(fromPath: string, target: string): string {
  if (target === '') return fromPath;
  const base = fromPath.split('/').slice(0, -1);
  for (const part of target.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') base.pop();
    else base.push(part);
  }
  return base.join('/');
}

/** Per-note diagnostics depend on the configuration and on today's date (overdue items). */
function configKey(config: JournalConfig, today: string): string {
  return JSON.stringify([config, today]);
}
