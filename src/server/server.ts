import {
  CodeActionKind,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import {
  ActionItemsRequest,
  AddLessonRequest,
  ApplyLessonRequest,
  LessonsRequest,
  MetricsRequest,
  NoteInfoRequest,
  NotesRequest,
  RefreshRequest,
  RelatedFailuresRequest,
  RepeatFailuresRequest,
  StatusRequest,
} from '../shared/protocol';
import { codeActions } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion } from './features/completion';
import * as requests from './features/customRequests';
import { addLessonEdit, applyLessonEdit } from './features/edits';
import { definition, documentSymbols, hover, prepareRename, references, rename, workspaceSymbols } from './features/navigation';
import { JournalServer } from './journalServer';
import { runSafe, runSafeVoid, type Logger } from './runner';

/** The one place that wires handlers to the connection. Every handler runs through `runSafe`. */
export function startServer(connection: Connection): JournalServer {
  const logger: Logger = connection.console;
  const server = new JournalServer(connection, logger);
  const { documents } = server;
  const doc = (uri: string) => documents.get(uri);

  connection.onInitialize((params): InitializeResult => {
    server.initialize(params);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: ['[', '-', ' ', ':', '#'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'experiment-journal', version: process.env.EXPERIMENT_JOURNAL_VERSION ?? '0.1.0' },
    };
  });

  // The index is saved for the next session when it changed since it was last saved.
  connection.onShutdown((token) => runSafe(logger, 'shutdown', undefined, token, () => server.saveChangedCaches()));

  connection.onInitialized(() => {
    runSafeVoid(logger, 'initialized', async () => {
      if (server.supportsWorkspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((e) => runSafeVoid(logger, 'workspace folders', () => server.changeFolders(e.added, e.removed)));
      }
      await server.initialized();
    });
  });
  connection.onDidChangeConfiguration(() => runSafeVoid(logger, 'configuration', () => server.configurationChanged()));
  connection.onDidChangeWatchedFiles((p) => runSafeVoid(logger, 'watched files', () => server.filesChanged(p.changes)));

  documents.onDidOpen((e) => server.documentChanged(e.document));
  documents.onDidChangeContent((e) => server.documentChanged(e.document));
  documents.onDidClose((e) => runSafeVoid(logger, 'close', () => server.documentClosed(e.document)));

  connection.onCompletion((p, token) =>
    runSafe(logger, 'completion', null, token, () => {
      const d = doc(p.textDocument.uri);
      return d ? completion(server, d, p.position) : null;
    }),
  );
  connection.onHover((p, token) =>
    runSafe(logger, 'hover', null, token, () => {
      const d = doc(p.textDocument.uri);
      return d ? hover(server, d, p.position) : null;
    }),
  );
  connection.onDefinition((p, token) =>
    runSafe(logger, 'definition', [], token, () => {
      const d = doc(p.textDocument.uri);
      return d ? definition(server, d, p.position) : [];
    }),
  );
  connection.onReferences((p, token) =>
    runSafe(logger, 'references', [], token, () => {
      const d = doc(p.textDocument.uri);
      return d ? references(server, d, p.position, p.context.includeDeclaration) : [];
    }),
  );
  connection.onPrepareRename((p, token) =>
    runSafe(logger, 'prepareRename', null, token, () => {
      const d = doc(p.textDocument.uri);
      return d ? prepareRename(server, d, p.position) : null;
    }),
  );
  connection.onRenameRequest((p, token) =>
    runSafe(logger, 'rename', null, token, () => {
      const d = doc(p.textDocument.uri);
      return d ? rename(server, d, p.position, p.newName) : null;
    }),
  );
  connection.onDocumentSymbol((p, token) => runSafe(logger, 'documentSymbol', [], token, () => documentSymbols(server, p.textDocument.uri)));
  connection.onWorkspaceSymbol((p, token) => runSafe(logger, 'workspaceSymbol', [], token, () => workspaceSymbols(server, p.query)));
  connection.onCodeAction((p, token) =>
    runSafe(logger, 'codeAction', [], token, () => {
      const d = doc(p.textDocument.uri);
      return d ? codeActions(server, d, p.context.diagnostics) : [];
    }),
  );
  connection.onCodeLens((p, token) => runSafe(logger, 'codeLens', [], token, () => codeLenses(server, p.textDocument.uri)));

  connection.onRequest(LessonsRequest, (token) => runSafe(logger, 'lessons', { neverApplied: [], applied: [] }, token, () => requests.lessons(server)));
  connection.onRequest(RepeatFailuresRequest, (token) =>
    runSafe(logger, 'repeatFailures', { groups: [], failures: 0, repeats: 0, wastefulRepeats: 0 }, token, () => requests.repeatFailures(server)),
  );
  connection.onRequest(RelatedFailuresRequest, (p, token) => runSafe(logger, 'relatedFailures', [], token, () => requests.relatedFailures(server, p.uri, p.limit ?? 10)));
  connection.onRequest(ActionItemsRequest, (token) => runSafe(logger, 'actionItems', [], token, () => requests.actionItems(server)));
  connection.onRequest(MetricsRequest, (token) => runSafe(logger, 'metrics', requests.emptyMetrics(), token, () => requests.metrics(server)));
  connection.onRequest(StatusRequest, (token) => runSafe(logger, 'status', { indexing: false, notes: 0, neverApplied: 0, version: 0 }, token, () => server.status()));
  connection.onRequest(NoteInfoRequest, (p, token) => runSafe(logger, 'noteInfo', { isNote: false, lessonIds: [], applies: [] }, token, () => requests.noteInfo(server, p.uri)));
  connection.onRequest(NotesRequest, (p, token) => runSafe(logger, 'notes', [], token, () => requests.notes(server, p)));
  connection.onRequest(AddLessonRequest, (p, token) =>
    runSafe(logger, 'addLesson', null, token, () => {
      const d = doc(p.uri);
      return d ? addLessonEdit(server, d, p.text) : null;
    }),
  );
  connection.onRequest(ApplyLessonRequest, (p, token) =>
    runSafe(logger, 'applyLesson', { error: 'The note is not open.' }, token, () => {
      const d = doc(p.uri);
      return d ? applyLessonEdit(server, d, p.lessonId) : { error: 'The note is not open.' };
    }),
  );
  connection.onRequest(RefreshRequest, (token) =>
    runSafe(logger, 'refresh', { indexing: false, notes: 0, neverApplied: 0, version: 0 }, token, async () => {
      await server.reindexAll();
      return server.status();
    }),
  );

  documents.listen(connection);
  connection.listen();
  return server;
}
