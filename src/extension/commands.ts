/**
 * Every command, view, view container and context key of the extension, named once. package.json is
 * checked against these by `test/unit/extension/contributions.test.ts`.
 */
import { ClientCommands } from '../shared/protocol';

export const Commands = {
  newExperiment: 'experimentJournal.newExperiment',
  newPostmortem: 'experimentJournal.newPostmortem',
  addLesson: 'experimentJournal.addLesson',
  applyLesson: 'experimentJournal.applyLesson',
  showRelatedFailures: ClientCommands.showRelatedFailures,
  showLessonApplications: ClientCommands.showLessonApplications,
  refresh: 'experimentJournal.refresh',
  revealLessons: 'experimentJournal.revealLessons',
  showLog: 'experimentJournal.showLog',
  /** Tree items: open the note at the item's range. */
  openItem: 'experimentJournal.openItem',
  /** Tree context menus. */
  applyInCurrentNote: 'experimentJournal.applyInCurrentNote',
  showRelatedFailuresOfItem: 'experimentJournal.showRelatedFailuresOfItem',
  copyId: 'experimentJournal.copyId',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Palette titles (the category "Experiment Journal" is prefixed by VS Code). */
export const COMMAND_TITLES: Record<CommandId, string> = {
  [Commands.newExperiment]: 'New Experiment',
  [Commands.newPostmortem]: 'New Post-Mortem',
  [Commands.addLesson]: 'Add Lesson',
  [Commands.applyLesson]: 'Apply Lesson…',
  [Commands.showRelatedFailures]: 'Show Related Past Failures',
  [Commands.showLessonApplications]: 'Show Where a Lesson Was Applied',
  [Commands.refresh]: 'Refresh',
  [Commands.revealLessons]: 'Show Lessons',
  [Commands.showLog]: 'Show Log',
  [Commands.openItem]: 'Open',
  [Commands.applyInCurrentNote]: 'Apply in Current Note',
  [Commands.showRelatedFailuresOfItem]: 'Show Related Failures',
  [Commands.copyId]: 'Copy Id',
};

/** Commands that need arguments (a tree item or code-lens arguments) and so stay out of the palette. */
export const HIDDEN_FROM_PALETTE: readonly CommandId[] = [
  Commands.showLessonApplications,
  Commands.openItem,
  Commands.applyInCurrentNote,
  Commands.showRelatedFailuresOfItem,
  Commands.copyId,
];

export const CATEGORY = 'Experiment Journal';

/**
 * The settings section, equal to `SETTINGS_SECTION` of src/shared/settings.ts (a test checks it). Spelled
 * here because importing that module would pull the zod schema into the activation bundle.
 */
export const SETTINGS_SECTION = 'experimentJournal';

export const VIEW_CONTAINER = 'experimentJournal';

export const Views = {
  lessons: 'experimentJournal.lessons',
  repeatFailures: 'experimentJournal.repeatFailures',
  actionItems: 'experimentJournal.actionItems',
} as const;

export const VIEW_NAMES: Record<(typeof Views)[keyof typeof Views], string> = {
  [Views.lessons]: 'Lessons',
  [Views.repeatFailures]: 'Repeat Failures',
  [Views.actionItems]: 'Action Items',
};

/** Context keys set with `setContext`, used in `when` clauses of package.json. */
export const ContextKeys = {
  /** starting | noNotes | ready | failed */
  state: 'experimentJournal.state',
} as const;

export type JournalState = 'starting' | 'noNotes' | 'ready' | 'failed';

/** `contextValue`s of tree items, used by `view/item/context` menus. */
export const ItemContext = {
  lessonNeverApplied: 'lesson.neverApplied',
  lessonApplied: 'lesson.applied',
  application: 'application',
  failureNote: 'failureNote',
  actionItem: 'actionItem',
  actionItemNote: 'actionItemNote',
  group: 'group',
} as const;

/** The output channel's name (a `LogOutputChannel`). */
export const LOG_CHANNEL_NAME = 'Experiment Journal';
