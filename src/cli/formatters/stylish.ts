import { countProblems, type Problem } from './problem';

export interface StylishOptions {
  color: boolean;
  filesChecked: number;
}

const ansi = (code: string) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const paint = { red: ansi('31'), yellow: ansi('33'), blue: ansi('34'), dim: ansi('2'), bold: ansi('1'), underline: ansi('4') };
const plain = (text: string) => text;

/** Human output: problems grouped by file, `line:col  severity  message  code`, then a summary line. */
export function formatStylish(problems: readonly Problem[], options: StylishOptions): string {
  const c = options.color ? paint : { red: plain, yellow: plain, blue: plain, dim: plain, bold: plain, underline: plain };
  const byFile = new Map<string, Problem[]>();
  for (const p of problems) {
    const list = byFile.get(p.file) ?? [];
    list.push(p);
    byFile.set(p.file, list);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push(c.underline(file));
    const rows = list.map(({ diagnostic: d }) => ({
      where: `${d.range.start.line + 1}:${d.range.start.character + 1}`,
      severity: d.severity,
      message: d.message.replace(/\s*\n\s*/g, ' '),
      code: d.code,
    }));
    const whereWidth = Math.max(...rows.map((r) => r.where.length));
    const severityWidth = Math.max(...rows.map((r) => r.severity.length));
    const messageWidth = Math.max(...rows.map((r) => r.message.length));
    for (const r of rows) {
      const colour = r.severity === 'error' ? c.red : r.severity === 'warning' ? c.yellow : c.blue;
      out.push(
        `  ${c.dim(r.where.padEnd(whereWidth))}  ${colour(r.severity.padEnd(severityWidth))}  ${r.message.padEnd(messageWidth)}  ${c.dim(r.code)}`,
      );
    }
    out.push('');
  }
  const counts = countProblems(problems);
  const total = problems.length;
  const files = `${options.filesChecked} ${options.filesChecked === 1 ? 'file' : 'files'} checked`;
  if (total === 0) {
    out.push(`No problems (${files}).`);
  } else {
    const summary = `✖ ${total} ${total === 1 ? 'problem' : 'problems'} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'info')}) in ${files}`;
    out.push(counts.errors > 0 ? c.bold(c.red(summary)) : counts.warnings > 0 ? c.bold(c.yellow(summary)) : c.bold(summary));
  }
  return `${out.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
