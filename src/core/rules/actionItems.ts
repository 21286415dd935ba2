import type { Finding, Rule } from './rule';

export const actionItemOwner: Rule = {
  code: 'action-item-owner',
  defaultSeverity: 'warning',
  description: 'A post-mortem action item names no owner (`@name`): an action nobody owns does not get done.',
  types: ['postmortem'],
  check(note) {
    return note.actionItems
      .filter((a) => !a.owner && a.checked !== true)
      .map(
        (a): Finding => ({
          range: a.range,
          message: `Action item "${truncate(a.text)}" has no owner: add \`@name\` (and optionally \`due: YYYY-MM-DD\`).`,
        }),
      );
  },
};

export const actionItemOverdue: Rule = {
  code: 'action-item-overdue',
  defaultSeverity: 'warning',
  description: 'An unchecked action item is past its due date.',
  check(note, ctx) {
    return note.actionItems
      .filter((a) => a.checked !== true && a.due !== undefined && a.due < ctx.today)
      .map((a) => ({
        range: a.dueRange ?? a.range,
        message: `Action item "${truncate(a.text)}" was due ${a.due} and is still open${a.owner ? ` (owner @${a.owner})` : ''}: close it, or set a new date.`,
      }));
  },
};

function truncate(s: string): string {
  const t = s.replace(/^\[[ xX]\]\s*/, '');
  return t.length > 60 ? `${t.slice(0, 57)}…` : t;
}
