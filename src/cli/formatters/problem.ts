import type { Diagnostic } from '../../core/diagnostics';

/** A diagnostic and the file it belongs to, as the formatters print it. */
export interface Problem {
  /** Path relative to the current directory, forward slashes. */
  file: string;
  diagnostic: Diagnostic;
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countProblems(problems: readonly Problem[]): ProblemCounts {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const p of problems) {
    if (p.diagnostic.severity === 'error') counts.errors++;
    else if (p.diagnostic.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}
