import { firstLineRange } from './sections';
import type { Rule } from './rule';

export const frontmatterMissing: Rule = {
  code: 'frontmatter-missing',
  defaultSeverity: 'error',
  description: 'A note in a notes folder has no YAML front matter.',
  check(note) {
    if (note.frontMatter || note.parseDiagnostics.some((d) => d.code === 'frontmatter-unclosed')) return [];
    return [
      {
        range: firstLineRange(note),
        message: `This ${note.type} note has no front matter: start the file with a \`---\` block holding id, type, title, date and status.`,
      },
    ];
  },
};
