import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './commands';
import { Journal, type JournalApi } from './journal';

let journal: Journal | undefined;

/**
 * Registers commands, views and the status bar synchronously (that is the measured activation time),
 * then starts the language server in the background; commands that need it check that it runs.
 */
export function activate(context: vscode.ExtensionContext): JournalApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);
  try {
    journal = new Journal(context, log);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Activation failed: ${error instanceof Error && error.stack ? error.stack : message}`);
    void vscode.window.showErrorMessage(`Experiment Journal failed to activate: ${message}`, 'Show Log').then((choice) => choice && log.show(true));
    throw error;
  }
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms (${context.extension.packageJSON.version as string}, VS Code ${vscode.version}).`);
  // Errors are shown to the user by start(); the promise stays rejected for API callers.
  const serverReady = journal.start(started);
  serverReady.catch(() => undefined);
  return journal.api(activationMs, serverReady);
}

export async function deactivate(): Promise<void> {
  await journal?.dispose();
  journal = undefined;
}
