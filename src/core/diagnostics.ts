import type { Range } from './text';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** A finding about one note, at an exact range of the file. Codes are stable: quick fixes and tests key on them. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Extra facts a quick fix needs (the missing section's name, the suggested replacement, …). */
  data?: Record<string, unknown>;
}
