import type { Range } from 'vscode-languageserver-protocol';

/**
 * A tree item as plain data: the views' TreeDataProviders turn these into `vscode.TreeItem`s one to one,
 * so everything a user sees in the sidebar (labels, descriptions, icons, order, grouping) is built and
 * tested without the editor API.
 */
export interface TreeNode {
  /** Unique within its view and stable across refreshes (keeps expansion state). */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id, with an optional theme colour id. */
  icon?: { id: string; color?: string };
  contextValue?: string;
  children?: TreeNode[];
  /** For nodes with children: whether they start expanded. */
  expanded?: boolean;
  /** Where a click takes the user. */
  target?: { uri: string; range: Range };
  /** What "Copy Id" copies. */
  copyId?: string;
  /** The lesson this node stands for ("Apply in Current Note"). */
  lessonId?: string;
  /** The note this node stands for ("Show Related Failures"). */
  noteUri?: string;
}

/** Theme colours used by the views (ids of VS Code's colour registry). */
export const Colors = {
  warning: 'problemsWarningIcon.foreground',
  error: 'problemsErrorIcon.foreground',
  passed: 'testing.iconPassed',
} as const;

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The last path segment of a URI, decoded, for notes that have neither title nor id. */
export function fileNameOf(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').split('/').pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Tree labels are one line; the full text stays in the tooltip. */
export function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
