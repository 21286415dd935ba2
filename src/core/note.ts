import type { Diagnostic } from './diagnostics';
import type { FrontMatter } from './frontMatter';
import type { LineIndex, Range } from './text';

/** A heading and the part of the note it governs (until the next heading of the same or a higher level). */
export interface Section {
  /** Heading text as written (inline markup removed). */
  title: string;
  /** Normalised for matching: lower case, punctuation and numbering removed, spaces collapsed. */
  key: string;
  level: number;
  setext: boolean;
  /** The whole heading line(s). */
  headingRange: Range;
  /** Offsets of the section's content: from after the heading to the start of the next heading of level <= this one. */
  contentStart: number;
  contentEnd: number;
  /** Plain text of the content, code and HTML comments excluded, whitespace collapsed. */
  text: string;
  /** True when the content holds anything but HTML comments and whitespace. */
  hasContent: boolean;
}

export interface Lesson {
  id: string;
  /** The lesson's text after the id. */
  text: string;
  /** The list item's first line. */
  range: Range;
  idRange: Range;
  /** Index into `sections` of the section the lesson stands in, or -1. */
  section: number;
}

/** A list item that looks like a lesson but whose id does not follow `[L-…]`. */
export interface MalformedLesson {
  raw: string;
  range: Range;
  /** A well-formed id derived from the raw one, when one can be derived. */
  suggestion: string | undefined;
}

/** A list item in a lessons section that has no id yet. */
export interface UnidentifiedLesson {
  text: string;
  range: Range;
  /** Where an id would be inserted (start of the item's text). */
  insertAt: Range;
}

export interface ActionItem {
  text: string;
  /** true/false for task-list items (`- [x]`, `- [ ]`), undefined for plain items in an action-items section. */
  checked: boolean | undefined;
  owner: string | undefined;
  due: string | undefined;
  dueRange: Range | undefined;
  /** The item's first line. */
  range: Range;
  section: number;
}

/** `[[ID]]` in the body: a lesson id or a note id. */
export interface WikiReference {
  target: string;
  /** The id inside the brackets. */
  range: Range;
}

/** A relative Markdown link (`[x](../a.md#b)`), or a same-file `#fragment` link. */
export interface RelativeLink {
  url: string;
  path: string;
  fragment: string | undefined;
  range: Range;
}

export interface ParsedNote {
  /** Workspace-relative path with forward slashes (or any stable key the host chose). */
  path: string;
  text: string;
  lines: LineIndex;
  frontMatter: FrontMatter | undefined;
  /** Front-matter fields, `{}` when there is no (valid) front matter. */
  data: Record<string, unknown>;
  /** Note type from `type:` or from the configured folders; undefined when the file is not a note. */
  type: string | undefined;
  typeSource: 'field' | 'folder' | undefined;
  id: string | undefined;
  title: string | undefined;
  date: string | undefined;
  sections: Section[];
  lessons: Lesson[];
  malformedLessons: MalformedLesson[];
  unidentifiedLessons: UnidentifiedLesson[];
  actionItems: ActionItem[];
  references: WikiReference[];
  links: RelativeLink[];
  /** Slugs of every heading, for `#fragment` checks. */
  headingSlugs: string[];
  /** Offset ranges of code, inline code and HTML, where prose rules do not look. */
  excluded: [number, number][];
  /** Offset where the Markdown body starts. */
  bodyOffset: number;
  /** Diagnostics found while parsing (front matter). */
  parseDiagnostics: Diagnostic[];
}

/** Normalises a heading for matching required sections: case-insensitive, numbering and punctuation ignored. */
export function sectionKey(title: string): string {
  return title
    .toLowerCase()
    .replace(/^\s*(?:\d+[.)]|[ivx]+\.)\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
