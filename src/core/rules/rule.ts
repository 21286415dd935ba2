import type { JournalConfig, NoteTypeConfig } from '../config';
import type { Severity } from '../diagnostics';
import type { ParsedNote } from '../note';
import type { Range } from '../text';

export interface RuleContext {
  config: JournalConfig;
  /** The note type's configuration; undefined for a type the configuration does not know. */
  noteType: NoteTypeConfig | undefined;
  /** Today as YYYY-MM-DD, handed in so results do not depend on the clock inside a rule. */
  today: string;
}

export interface Finding {
  range: Range;
  message: string;
  data?: Record<string, unknown>;
}

/** One rule: metadata and a pure check over one parsed note. */
export interface Rule {
  /** Stable code, used in configuration, diagnostics, quick fixes and docs. */
  code: string;
  defaultSeverity: Severity;
  description: string;
  /** Note types the rule applies to; all note types when absent. */
  types?: readonly string[];
  check(note: ParsedNote, ctx: RuleContext): Finding[];
}
