import GithubSlugger from 'github-slugger';
import type { Heading, List, ListItem, Nodes, Paragraph, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { ActionItem, Lesson, MalformedLesson, RelativeLink, Section, UnidentifiedLesson, WikiReference } from './note';
import { sectionKey } from './note';
import type { LineIndex } from './text';

export interface BodyOptions {
  /** Section keys (see `sectionKey`) whose top-level list items are action items even without a checkbox. */
  actionItemSections: ReadonlySet<string>;
  /** Section keys whose list items are lessons (items without an id there are reported). */
  lessonSections: ReadonlySet<string>;
}

export interface Body {
  sections: Section[];
  lessons: Lesson[];
  malformedLessons: MalformedLesson[];
  unidentifiedLessons: UnidentifiedLesson[];
  actionItems: ActionItem[];
  references: WikiReference[];
  links: RelativeLink[];
  headingSlugs: string[];
  excluded: [number, number][];
}

export const LESSON_ID = /^\[(L-[A-Za-z0-9-]*[A-Za-z0-9])\](?=\s|$)/;
/** Something meant as a lesson id: `[L 42]`, `[l-42]`, `[L_42]`, `[L42]`, `[L-]`, `[ L-42 ]`. */
export const LESSON_ID_LIKE = /^\[\s*[Ll](?:\s*[-_–—:.]+\s*|\s+|(?=\d))[A-Za-z0-9 _.–—-]*\]/;
export const WIKI_REF = /\[\[\s*([A-Za-z][A-Za-z0-9_.:-]*)\s*(?:\|[^\]\n]*)?\]\]/g;
export const OWNER = /(?:^|[\s(,;])@([A-Za-z0-9_][A-Za-z0-9_.-]*[A-Za-z0-9_]|[A-Za-z0-9_])/;
export const DUE = /\bdue:\s*(\d{4}-\d{2}-\d{2})\b/i;

/** Turns a lesson-like id into a well-formed one, if it can: `[l 42]` → `L-42`. */
export function suggestLessonId(raw: string): string | undefined {
  const inner = raw.replace(/^\[\s*|\s*\]$/g, '').replace(/^[Ll](?:\s*[-_–—:.]+\s*|\s+)?/, '');
  const rest = inner
    .trim()
    .replace(/[\s_.–—]+/g, '-')
    .replace(/[^A-Za-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return rest ? `L-${rest}` : undefined;
}

/** Built once: constructing the GFM extensions costs more than parsing a small note. */
const PARSE_OPTIONS = { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] };

/**
 * Extracts the structure of a note's Markdown body with remark's parser (mdast-util-from-markdown with
 * GFM), keeping exact offsets. `text` is the whole file; the front matter (before `bodyOffset`) is
 * blanked out rather than cut, so every offset is a file offset.
 */
export function extractBody(text: string, bodyOffset: number, lines: LineIndex, options: BodyOptions): Body {
  const source = bodyOffset > 0 ? text.slice(0, bodyOffset).replace(/[^\r\n]/g, ' ') + text.slice(bodyOffset) : text;
  const root = fromMarkdown(source, PARSE_OPTIONS) as Root;
  return new BodyWalker(text, lines, options).walk(root);
}

/** A body with nothing in it: what a file that is not a note gets, and where both extractors start. */
export function emptyBody(): Body {
  return { sections: [], lessons: [], malformedLessons: [], unidentifiedLessons: [], actionItems: [], references: [], links: [], headingSlugs: [], excluded: [] };
}

class BodyWalker {
  private readonly body: Body = emptyBody();
  private readonly slugger = new GithubSlugger();

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly options: BodyOptions,
  ) {}

  walk(root: Root): Body {
    const children = root.children;
    // Sections from top-level headings only: a heading inside a list, quote, code block or HTML is not one.
    const headings: { node: Heading; index: number }[] = [];
    children.forEach((node, index) => {
      if (node.type === 'heading') headings.push({ node, index });
    });
    for (let h = 0; h < headings.length; h++) {
      const { node, index } = headings[h]!;
      let endIndex = children.length;
      for (let n = h + 1; n < headings.length; n++) {
        if (headings[n]!.node.depth <= node.depth) {
          endIndex = headings[n]!.index;
          break;
        }
      }
      const start = node.position!.end.offset!;
      const end = endIndex < children.length ? children[endIndex]!.position!.start.offset! : this.text.length;
      const title = plainText(node).trim();
      const contentNodes = children.slice(index + 1, endIndex);
      const hasContent = contentNodes.some(hasSubstance);
      const headingStart = node.position!.start.offset!;
      // An ATX heading is one line; a setext heading is its text plus the `===`/`---` underline below it.
      const setext = node.position!.end.line > node.position!.start.line;
      this.body.sections.push({
        title,
        key: sectionKey(title),
        level: node.depth,
        setext,
        headingRange: this.lines.rangeOf(headingStart, trimEnd(this.text, node.position!.end.offset!)),
        contentStart: start,
        contentEnd: end,
        text: contentNodes
          .map((c) => plainText(c))
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
        hasContent,
      });
      this.body.headingSlugs.push(this.slugger.slug(title));
    }
    this.visit(root);
    return this.body;
  }

  private sectionAt(offset: number): number {
    let found = -1;
    for (let i = 0; i < this.body.sections.length; i++) {
      const s = this.body.sections[i]!;
      if (s.contentStart <= offset && offset < s.contentEnd) found = i; // later = deeper or later section
    }
    return found;
  }

  private visit(node: Nodes, topLevelListInSection = false): void {
    switch (node.type) {
      case 'code':
      case 'inlineCode':
      case 'html':
        this.body.excluded.push([node.position!.start.offset!, node.position!.end.offset!]);
        return;
      case 'text':
        this.scanReferences(node.position!.start.offset!, node.position!.end.offset!);
        return;
      case 'link': {
        this.recordLink(node.url, node.position!.start.offset!, node.position!.end.offset!);
        // The destination (`](careless-notes.md)`) is not prose: exclude it from the phrase rules.
        const last = node.children[node.children.length - 1];
        const textEnd = last?.position?.end.offset;
        if (textEnd !== undefined && textEnd < node.position!.end.offset!) this.body.excluded.push([textEnd, node.position!.end.offset!]);
        break;
      }
      case 'definition':
        this.recordLink(node.url, node.position!.start.offset!, node.position!.end.offset!);
        return;
      case 'list':
        this.visitList(node, topLevelListInSection);
        return;
      default:
        break;
    }
    if ('children' in node) {
      const isRoot = node.type === 'root';
      for (const child of node.children as Nodes[]) this.visit(child, isRoot && child.type === 'list');
    }
  }

  private visitList(list: List, topLevel: boolean): void {
    for (const item of list.children) {
      this.visitListItem(item, topLevel);
      for (const child of item.children) this.visit(child, false);
    }
  }

  private visitListItem(item: ListItem, topLevel: boolean): void {
    const first = item.children[0];
    const itemStart = item.position!.start.offset!;
    const section = this.sectionAt(itemStart);
    const sectionKeyHere = section >= 0 ? this.body.sections[section]!.key : '';
    if (!first || first.type !== 'paragraph') {
      return;
    }
    const para = first as Paragraph;
    let paraStart = para.position!.start.offset!;
    // When a task's text opens with anything but plain text (`code`, *emphasis*, a link or an image),
    // mdast leaves the paragraph starting at the checkbox: the checkbox is not part of the text.
    if (item.checked === true || item.checked === false) {
      const marker = /^(?:[-*+]|\d{1,9}[.)])[ \t]*/.exec(this.text.slice(itemStart, itemStart + 16));
      const box = marker && paraStart === itemStart + marker[0].length ? /^\[[ xX]\][ \t]+/.exec(this.text.slice(paraStart, paraStart + 8)) : null;
      if (box) paraStart += box[0].length;
    }
    const paraEnd = para.position!.end.offset!;
    const raw = this.text.slice(paraStart, paraEnd);
    const firstLineEnd = lineEndOffset(this.text, paraStart, paraEnd);
    const firstLine = this.text.slice(paraStart, firstLineEnd);
    const range = this.lines.rangeOf(itemStart, trimEnd(this.text, firstLineEnd));

    const lesson = LESSON_ID.exec(raw);
    if (lesson) {
      const id = lesson[1]!;
      this.body.lessons.push({
        id,
        text: raw.slice(lesson[0].length).replace(/\s+/g, ' ').trim(),
        range,
        idRange: this.lines.rangeOf(paraStart + 1, paraStart + 1 + id.length),
        section,
      });
    } else {
      const like = item.checked === null || item.checked === undefined ? LESSON_ID_LIKE.exec(raw) : null;
      if (like) {
        this.body.malformedLessons.push({
          raw: like[0],
          range: this.lines.rangeOf(paraStart, paraStart + like[0].length),
          suggestion: suggestLessonId(like[0]),
        });
      } else if (this.options.lessonSections.has(sectionKeyHere) && topLevel && (item.checked === null || item.checked === undefined)) {
        this.body.unidentifiedLessons.push({
          text: raw.replace(/\s+/g, ' ').trim(),
          range,
          insertAt: this.lines.rangeOf(paraStart, paraStart),
        });
      }
    }

    const isTask = item.checked === true || item.checked === false;
    if (isTask || (topLevel && this.options.actionItemSections.has(sectionKeyHere))) {
      const owner = OWNER.exec(raw);
      const due = DUE.exec(raw);
      const dueStart = due ? paraStart + due.index : 0;
      this.body.actionItems.push({
        text: firstLine.replace(/\s+/g, ' ').trim(),
        checked: isTask ? item.checked === true : undefined,
        owner: owner ? owner[1] : undefined,
        due: due ? due[1] : undefined,
        dueRange: due ? this.lines.rangeOf(dueStart, dueStart + due[0].length) : undefined,
        range,
        section,
      });
    }
  }

  private scanReferences(start: number, end: number): void {
    pushWikiReferences(this.body.references, this.text, start, end, this.lines);
  }

  private recordLink(url: string, start: number, end: number): void {
    const link = relativeLink(url, start, end, this.lines);
    if (link) this.body.links.push(link);
  }
}

/** `[[ID]]` references in the source between two offsets (both extractors use this, so they agree by construction). */
export function pushWikiReferences(out: WikiReference[], text: string, start: number, end: number, lines: LineIndex): void {
  const raw = text.slice(start, end);
  if (!raw.includes('[[')) return;
  WIKI_REF.lastIndex = 0;
  for (let m = WIKI_REF.exec(raw); m; m = WIKI_REF.exec(raw)) {
    const target = m[1]!;
    const at = start + m.index + m[0].indexOf(target);
    out.push({ target, range: lines.rangeOf(at, at + target.length) });
  }
}

/** A link's destination as a relative link, or undefined for URLs with a scheme and absolute paths. */
export function relativeLink(url: string, start: number, end: number, lines: LineIndex): RelativeLink | undefined {
  if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('/')) return undefined;
  const hash = url.indexOf('#');
  const path = decodeSafe(hash === -1 ? url : url.slice(0, hash));
  const fragment = hash === -1 ? undefined : decodeSafe(url.slice(hash + 1));
  return { url, path, fragment, range: lines.rangeOf(start, end) };
}

/** The end of a line's content before its line break. */
export function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && (text[e - 1] === '\r' || text[e - 1] === '\n')) e--;
  return e;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Whether a node gives a section content: HTML comments, thematic breaks and empty list items or
 * paragraphs do not; code, tables, images, other HTML and subsection headings do.
 */
function hasSubstance(node: Nodes): boolean {
  switch (node.type) {
    case 'html':
      return !isComment(node);
    case 'thematicBreak':
      return false;
    case 'text':
      return node.value.trim() !== '';
    case 'code':
    case 'inlineCode':
    case 'image':
    case 'imageReference':
    case 'heading':
    case 'table':
      return true;
    default:
      return 'children' in node && (node.children as Nodes[]).some(hasSubstance);
  }
}

function isComment(node: Nodes): boolean {
  return node.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(node.value);
}

/** Text content of a node: code and HTML are left out. */
function plainText(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'inlineCode' || node.type === 'code' || node.type === 'html') return '';
  if ('children' in node) {
    const sep = node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell' ? '' : ' ';
    return (node.children as Nodes[]).map(plainText).join(sep);
  }
  return '';
}

function lineEndOffset(text: string, from: number, limit: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 || nl > limit ? limit : nl;
}

