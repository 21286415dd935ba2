import type { Severity } from '../../core/diagnostics';
import type { Problem } from './problem';

/** One entry of `--format json`. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface JsonProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export function toJsonProblems(problems: readonly Problem[]): JsonProblem[] {
  return problems.map(({ file, diagnostic: d }) => ({
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  }));
}

export function formatJson(problems: readonly Problem[]): string {
  return `${JSON.stringify(toJsonProblems(problems), null, 2)}\n`;
}
