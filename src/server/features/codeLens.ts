import type { CodeLens } from 'vscode-languageserver';
import { applicationCount } from '../../core/analyses';
import { isFailure } from '../../core/analyses/noteText';
import { ClientCommands } from '../../shared/protocol';
import type { JournalServer } from '../journalServer';

/** "applied N times" / "never applied" on each lesson; "N related past failures" atop a failure. */
export function codeLenses(server: JournalServer, uri: string): CodeLens[] {
  const stored = server.storedNote(uri);
  if (!stored) return [];
  const { folder, path, note } = stored;
  const lenses: CodeLens[] = [];
  if (isFailure(note)) {
    const related = folder.analyses.related.find(path, 50);
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    lenses.push({
      range: top,
      command: {
        title: related.length === 0 ? 'No related past failures' : `${related.length === 50 ? '50+' : related.length} related past failure${related.length === 1 ? '' : 's'}`,
        command: ClientCommands.showRelatedFailures,
        arguments: [uri],
      },
    });
  }
  for (const lesson of note.lessons) {
    const n = applicationCount(folder.index, lesson.id);
    lenses.push({
      range: lesson.range,
      command: {
        title: n === 0 ? 'never applied' : `applied ${n} time${n === 1 ? '' : 's'}`,
        command: ClientCommands.showLessonApplications,
        arguments: [uri, lesson.idRange.start, lesson.id],
      },
    });
  }
  return lenses;
}
