import type { JournalConfig } from './config';
import type { Diagnostic } from './diagnostics';
import type { ParsedNote } from './note';
import { BUILTIN_CODES, RULES } from './rules';
import type { Rule } from './rules/rule';

export interface LintOptions {
  /** Today as YYYY-MM-DD (for overdue action items); defaults to the current UTC date. */
  today?: string;
  /** Report a crash inside a rule (the rule is skipped for this note, others still run). */
  onRuleError?: (rule: Rule, error: unknown) => void;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

const builtinSeverity = new Map(BUILTIN_CODES.map((c) => [c.code, c.defaultSeverity]));

/** Runs every enabled per-note rule on a parsed note. Files that are not notes get no diagnostics. */
export function lintNote(note: ParsedNote, config: JournalConfig, options: LintOptions = {}): Diagnostic[] {
  if (note.type === undefined) return [];
  const out: Diagnostic[] = [];
  for (const d of note.parseDiagnostics) {
    const setting = config.rules[d.code] ?? builtinSeverity.get(d.code) ?? d.severity;
    if (setting !== 'off') out.push({ ...d, severity: setting });
  }
  // A note whose body could not be parsed has no sections to check: report that, not every section as missing.
  if (note.parseDiagnostics.some((d) => d.code === 'file-skipped')) return out;
  const ctx = { config, noteType: config.noteTypes[note.type], today: options.today ?? todayIso() };
  for (const rule of RULES) {
    if (rule.types && !rule.types.includes(note.type)) continue;
    const setting = config.rules[rule.code] ?? rule.defaultSeverity;
    if (setting === 'off') continue;
    try {
      for (const f of rule.check(note, ctx)) {
        out.push({ code: rule.code, severity: setting, message: f.message, range: f.range, ...(f.data ? { data: f.data } : {}) });
      }
    } catch (error) {
      options.onRuleError?.(rule, error);
    }
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
