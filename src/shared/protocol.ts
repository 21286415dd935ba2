/**
 * The custom protocol between the Experiment Journal client and server, typed once. Every method lives
 * under `experimentJournal/`; each line says which way it travels. Results carry URIs and LSP ranges.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';

export interface NoteRef {
  uri: string;
  id?: string;
  title?: string;
  date?: string;
  type?: string;
}

export interface LessonApplicationItem {
  uri: string;
  noteId?: string;
  noteTitle?: string;
  date?: string;
  via: 'applies' | 'reference';
  range: Range;
}

export interface LessonItem {
  id: string;
  text: string;
  uri: string;
  noteId?: string;
  noteTitle?: string;
  date?: string;
  ageDays?: number;
  range: Range;
  idRange: Range;
  applications: LessonApplicationItem[];
}

export interface LessonsResult {
  neverApplied: LessonItem[];
  applied: LessonItem[];
}

export interface RepeatMemberItem {
  uri: string;
  noteId?: string;
  title?: string;
  date?: string;
  type?: string;
  failureMode?: string;
  isRepeat: boolean;
  similarTo?: { uri: string; noteId?: string; similarity: number; sameFailureMode: boolean; shared: { field: string; terms: string[] }[] };
  despite: string[];
}

export interface RepeatGroupItem {
  failureMode?: string;
  keyTerms: string[];
  members: RepeatMemberItem[];
  repeats: number;
  wastefulRepeats: number;
}

export interface RepeatFailuresResult {
  groups: RepeatGroupItem[];
  failures: number;
  repeats: number;
  wastefulRepeats: number;
}

export interface RelatedFailuresParams {
  uri: string;
  limit?: number;
}

export interface RelatedFailureItem {
  uri: string;
  noteId?: string;
  title?: string;
  date?: string;
  type?: string;
  failureMode?: string;
  score: number;
  reasons: string[];
  /** Where to open it: the note's root cause (post-mortem) or outcome (experiment) section, else its top. */
  focusRange: Range;
  /** A few lines of the root cause / outcome, for a preview. */
  preview: string;
}

export interface ActionItemEntry {
  uri: string;
  text: string;
  owner?: string;
  due?: string;
  overdue: boolean;
  range: Range;
}

export interface ActionItemGroupEntry {
  uri: string;
  noteId?: string;
  noteTitle?: string;
  noteType?: string;
  items: ActionItemEntry[];
}

export interface MonthMetrics {
  month: string;
  experiments: number;
  experimentVelocity: number;
  lessonApplicationRate?: number;
  repeatFailureRate?: number;
  innovationIndex?: number;
  failureRecoveryDays?: number;
  learningEfficiencyScore: number;
}

export interface MetricsResult {
  overall: MonthMetrics & { from?: string; to?: string; lessonsDocumented: number; lessonsApplied: number; failures: number; repeatedFailures: number };
  months: MonthMetrics[];
}

export interface IndexStatus {
  /** True while the workspace is being (re)indexed. */
  indexing: boolean;
  notes: number;
  neverApplied: number;
  /** Bumped on every change of the index. */
  version: number;
}

export interface NoteInfoParams {
  uri: string;
}

/** What the client needs to scaffold and edit a note: its facts from the index. */
export interface NoteInfo {
  isNote: boolean;
  id?: string;
  type?: string;
  title?: string;
  outcome?: string;
  failureMode?: string;
  tags?: string[];
  lessonIds: string[];
  /** Lessons the note lists in `applies`. */
  applies: string[];
}

export interface AddLessonParams {
  uri: string;
  /** The lesson's text; a placeholder when empty. */
  text?: string;
}

export interface AddLessonResult {
  lessonId: string;
  edit: WorkspaceEdit;
  /** Where the lesson text starts once the edit is applied, to put the cursor there. */
  textStart: Position;
}

export interface ApplyLessonParams {
  uri: string;
  lessonId: string;
}

export interface NotesParams {
  /** Only notes of this type (experiment, postmortem, …). */
  type?: string;
  /** Only failures: experiments with outcome failure, and post-mortems. */
  failuresOnly?: boolean;
}

/** One note of the index, for pickers (e.g. "New Post-Mortem from a failed experiment"). */
export interface NoteSummary extends NoteRef {
  outcome?: string;
  failureMode?: string;
  tags?: string[];
}

export type ApplyLessonResult = { edit: WorkspaceEdit } | { alreadyApplied: true } | { error: string };

/** client → server: lessons, never applied first. */
export const LessonsRequest = new RequestType0<LessonsResult, void>('experimentJournal/lessons');
/** client → server: repeat-failure groups. */
export const RepeatFailuresRequest = new RequestType0<RepeatFailuresResult, void>('experimentJournal/repeatFailures');
/** client → server: the earlier failures most like a note. */
export const RelatedFailuresRequest = new RequestType<RelatedFailuresParams, RelatedFailureItem[], void>('experimentJournal/relatedFailures');
/** client → server: open action items grouped by note. */
export const ActionItemsRequest = new RequestType0<ActionItemGroupEntry[], void>('experimentJournal/actionItems');
/** client → server: the learning metrics, overall and per month. */
export const MetricsRequest = new RequestType0<MetricsResult, void>('experimentJournal/metrics');
/** client → server: the index state. */
export const StatusRequest = new RequestType0<IndexStatus, void>('experimentJournal/status');
/** client → server: facts about one note (for Add Lesson / Apply Lesson / New Post-Mortem from an experiment). */
export const NoteInfoRequest = new RequestType<NoteInfoParams, NoteInfo, void>('experimentJournal/noteInfo');
/** client → server: the edit that adds a lesson with a fresh id to the note's lessons section (the client applies it, undoably). */
export const AddLessonRequest = new RequestType<AddLessonParams, AddLessonResult | null, void>('experimentJournal/addLesson');
/** client → server: the edit that adds a lesson id to the note's `applies` list. */
export const ApplyLessonRequest = new RequestType<ApplyLessonParams, ApplyLessonResult, void>('experimentJournal/applyLesson');
/** client → server: the indexed notes, newest first, optionally filtered. */
export const NotesRequest = new RequestType<NotesParams, NoteSummary[], void>('experimentJournal/notes');
/** client → server: re-read every workspace folder from disk. */
export const RefreshRequest = new RequestType0<IndexStatus, void>('experimentJournal/refresh');
/** server → client: the index changed (views refresh on it, without polling). */
export const IndexChangedNotification = new NotificationType<IndexStatus>('experimentJournal/indexChanged');

/** Client commands the server's code lenses invoke. */
export const ClientCommands = {
  showLessonApplications: 'experimentJournal.showLessonApplications',
  showRelatedFailures: 'experimentJournal.showRelatedFailures',
} as const;
