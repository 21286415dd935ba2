import type { Range } from 'vscode-languageserver';
import { sectionAliases } from '../../core/parse';
import type {
  ActionItemGroupEntry,
  LessonItem,
  LessonsResult,
  MetricsResult,
  NoteInfo,
  NoteSummary,
  NotesParams,
  RelatedFailureItem,
  RepeatFailuresResult,
} from '../../shared/protocol';
import type { LessonInfo } from '../../core/analyses';
import { failureMode, isFailure, tagsOf } from '../../core/analyses/noteText';
import type { FolderState } from '../folderState';
import type { JournalServer } from '../journalServer';


function lessonItem(folder: FolderState, l: LessonInfo): LessonItem {
  return {
    id: l.id,
    text: l.text,
    uri: folder.uriOf(l.path),
    noteId: l.noteId,
    noteTitle: l.noteTitle,
    date: l.date,
    ageDays: l.ageDays,
    range: l.range,
    idRange: l.idRange,
    applications: l.applications.map((a) => ({ uri: folder.uriOf(a.path), noteId: a.noteId, noteTitle: a.noteTitle, date: a.date, via: a.via, range: a.range })),
  };
}

export function lessons(server: JournalServer): LessonsResult {
  const result: LessonsResult = { neverApplied: [], applied: [] };
  for (const folder of server.folders) {
    const r = folder.analyses.lessons();
    result.neverApplied.push(...r.neverApplied.map((l) => lessonItem(folder, l)));
    result.applied.push(...r.applied.map((l) => lessonItem(folder, l)));
  }
  if (server.folders.length > 1) {
    result.neverApplied.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.id.localeCompare(b.id));
    result.applied.sort((a, b) => b.applications.length - a.applications.length || a.id.localeCompare(b.id));
  }
  return result;
}

export function repeatFailures(server: JournalServer): RepeatFailuresResult {
  const out: RepeatFailuresResult = { groups: [], failures: 0, repeats: 0, wastefulRepeats: 0 };
  for (const folder of server.folders) {
    const r = folder.analyses.repeats();
    out.failures += r.failures;
    out.repeats += r.repeats;
    out.wastefulRepeats += r.wastefulRepeats;
    for (const g of r.groups) {
      out.groups.push({
        failureMode: g.failureMode,
        keyTerms: g.keyTerms,
        repeats: g.repeats,
        wastefulRepeats: g.wastefulRepeats,
        members: g.members.map((m) => ({
          uri: folder.uriOf(m.path),
          noteId: m.noteId,
          title: m.title,
          date: m.date,
          type: m.type,
          failureMode: m.failureMode,
          isRepeat: m.isRepeat,
          despite: m.despite,
          ...(m.similarTo ? { similarTo: { ...m.similarTo, uri: folder.uriOf(m.similarTo.path), path: undefined } } : {}),
        })),
      });
    }
  }
  return out;
}

/** The section a related failure opens at: its root cause (post-mortem) or outcome (experiment). */
function focusOf(folder: FolderState, path: string): { range: Range; preview: string } {
  const note = folder.index.note(path);
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (!note) return { range: zero, preview: '' };
  const canonical = note.type === 'postmortem' ? 'Root Cause' : 'Outcome';
  const nt = note.type ? folder.config.noteTypes[note.type] : undefined;
  const keys = new Set(nt ? sectionAliases(nt, canonical) : []);
  const section = note.sections.find((s) => keys.has(s.key));
  const text = note.digest.rootCause.trim();
  return { range: section?.headingRange ?? note.idRange ?? zero, preview: text.length > 280 ? `${text.slice(0, 277)}…` : text };
}

export function relatedFailures(server: JournalServer, uri: string, limit: number): RelatedFailureItem[] {
  const { folder, path } = server.locate(uri);
  if (!folder) return [];
  return folder.analyses.related.find(path, limit).map((r) => {
    const focus = focusOf(folder, r.path);
    return { uri: folder.uriOf(r.path), noteId: r.noteId, title: r.title, date: r.date, type: r.type, failureMode: r.failureMode, score: r.score, reasons: r.reasons, focusRange: focus.range, preview: focus.preview };
  });
}

export function actionItems(server: JournalServer): ActionItemGroupEntry[] {
  const out: ActionItemGroupEntry[] = [];
  for (const folder of server.folders) {
    for (const g of folder.analyses.actionItems()) {
      out.push({
        uri: folder.uriOf(g.path),
        noteId: g.noteId,
        noteTitle: g.noteTitle,
        noteType: g.noteType,
        items: g.items.map((i) => ({ uri: folder.uriOf(i.path), text: i.text, owner: i.owner, due: i.due, overdue: i.overdue, range: i.range })),
      });
    }
  }
  return out;
}

export function metrics(server: JournalServer): MetricsResult {
  // Metrics are per journal: with several folders, the first folder that has notes is reported.
  const folder = server.folders.find((f) => f.index.size > 0) ?? server.folders[0];
  if (!folder) return emptyMetrics();
  const m = folder.analyses.metrics();
  return { overall: { month: 'all', ...m.overall }, months: m.months };
}

export function emptyMetrics(): MetricsResult {
  return {
    overall: { month: 'all', experiments: 0, experimentVelocity: 0, learningEfficiencyScore: 0, lessonsDocumented: 0, lessonsApplied: 0, failures: 0, repeatedFailures: 0 },
    months: [],
  };
}

export function noteInfo(server: JournalServer, uri: string): NoteInfo {
  const stored = server.storedNote(uri);
  if (!stored) return { isNote: false, lessonIds: [], applies: [] };
  const { note } = stored;
  const lessonIds = note.lessons.map((l) => l.id);
  return {
    isNote: true,
    id: note.id,
    type: note.type,
    title: note.title,
    outcome: typeof note.data.outcome === 'string' ? note.data.outcome : undefined,
    failureMode: typeof note.data.failure_mode === 'string' ? note.data.failure_mode : undefined,
    tags: Array.isArray(note.data.tags) ? note.data.tags.map(String) : undefined,
    lessonIds,
    applies: note.applications.filter((a) => a.via === 'applies').map((a) => a.lessonId),
  };
}

/** The indexed notes, newest first (undated last), for the client's pickers. */
export function notes(server: JournalServer, params: NotesParams): NoteSummary[] {
  const out: NoteSummary[] = [];
  for (const folder of server.folders) {
    for (const [path, note] of folder.index.notes()) {
      if (params.type !== undefined && note.type !== params.type) continue;
      if (params.failuresOnly && !isFailure(note)) continue;
      out.push({
        uri: folder.uriOf(path),
        id: note.id,
        title: note.title,
        date: note.date,
        type: note.type,
        outcome: typeof note.data.outcome === 'string' ? note.data.outcome : undefined,
        failureMode: failureMode(note),
        tags: tagsOf(note),
      });
    }
  }
  return out.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || (a.id ?? '').localeCompare(b.id ?? ''));
}
