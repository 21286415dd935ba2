import type { IndexStatus } from '../../shared/protocol';
import type { JournalState } from '../commands';
import { plural } from './treeNode';

export interface StatusBarModel {
  text: string;
  tooltip: string;
}

/** The status bar item: a spinner while indexing, else the notes count and the never-applied count. */
export function statusBarModel(state: JournalState, status: IndexStatus | undefined): StatusBarModel {
  if (state === 'failed') return { text: '$(error) Journal', tooltip: 'Experiment Journal: the language server is not running. Click to show the lessons; see "Experiment Journal: Show Log".' };
  if (state === 'starting' || !status) return { text: '$(sync~spin) Journal', tooltip: 'Experiment Journal: starting…' };
  if (status.indexing) return { text: `$(sync~spin) Journal ${status.notes}`, tooltip: `Experiment Journal: indexing… ${plural(status.notes, 'note')} so far` };
  const notes = plural(status.notes, 'note');
  if (status.neverApplied === 0) return { text: `$(book) ${status.notes}`, tooltip: `Experiment Journal: ${notes}; every lesson has been applied. Click to show the lessons.` };
  return {
    text: `$(book) ${status.notes} $(warning) ${status.neverApplied}`,
    tooltip: `Experiment Journal: ${notes}; ${plural(status.neverApplied, 'lesson')} never applied. Click to show the lessons.`,
  };
}

export function journalState(status: IndexStatus): JournalState {
  if (status.indexing) return 'starting';
  return status.notes === 0 ? 'noNotes' : 'ready';
}
