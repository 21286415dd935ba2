import picomatch from 'picomatch';
import type { JournalConfig } from './config';
import { decodeNoteBytes } from './decode';
import type { Diagnostic } from './diagnostics';
import { lintNote, type LintOptions } from './lint';
import type { ParsedNote } from './note';
import { parseNote, parseContext, typeFromFolder } from './parse';

export interface FileResult {
  path: string;
  /** The parsed note; undefined when the file was skipped (binary, too large, bad encoding) or vanished. */
  note: ParsedNote | undefined;
  diagnostics: Diagnostic[];
}

/** Reads, decodes and lints one file. A file that cannot be read as text gets one `file-skipped` diagnostic if it sits in a notes folder. */
export function checkFileBytes(path: string, bytes: Uint8Array, config: JournalConfig, options: LintOptions = {}): FileResult {
  const decoded = decodeNoteBytes(bytes, config.maxFileSize);
  if (!decoded.ok) {
    const severity = config.rules['file-skipped'] ?? 'warning';
    const inNotesFolder = typeFromFolder(path, parseContext(config)) !== undefined;
    return {
      path,
      note: undefined,
      diagnostics:
        severity === 'off' || !inNotesFolder
          ? []
          : [{ code: 'file-skipped', severity, message: decoded.message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, data: { reason: decoded.reason } }],
    };
  }
  const note = parseNote(path, decoded.text, config);
  return { path, note, diagnostics: lintNote(note, config, options) };
}

const excludeMatchers = new WeakMap<JournalConfig, (path: string) => boolean>();

export function isExcluded(path: string, config: JournalConfig): boolean {
  let match = excludeMatchers.get(config);
  if (!match) excludeMatchers.set(config, (match = picomatch(config.exclude, { dot: true })));
  return match(path);
}
