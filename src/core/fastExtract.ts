import GithubSlugger from 'github-slugger';
import { DUE, emptyBody, LESSON_ID, LESSON_ID_LIKE, OWNER, pushWikiReferences, relativeLink, suggestLessonId, trimEnd, type Body, type BodyOptions } from './markdown';
import { sectionKey } from './note';
import type { LineIndex } from './text';

/**
 * A line scanner for the Markdown that notes are usually made of, giving exactly what `extractBody`
 * (remark's parser) gives, several times faster. It covers ATX and single-line setext headings, fenced
 * code, HTML comment blocks, thematic breaks, paragraphs, bullet/ordered/task lists one level deep,
 * pipe tables, block quotes of one-line paragraphs, and inline code spans, simple emphasis, inline
 * links and inline images.
 *
 * Whenever the input holds something whose parse it cannot be sure of — other block quotes, HTML other than
 * comment blocks, indented code, deeper or multi-paragraph list items, empty items with content below,
 * link reference definitions,
 * escapes, entities, images inside links, footnotes, strikethrough, emphasis that is not a simple pair, links with
 * unusual destinations… — it returns `undefined` and the caller falls back to `extractBody`. A
 * differential test compares both on the benchmark corpus and on fuzzed notes.
 */
export function fastExtractBody(text: string, bodyOffset: number, lines: LineIndex, options: BodyOptions): Body | undefined {
  try {
    return new FastScanner(text, bodyOffset, lines, options).run();
  } catch (error) {
    if (error === BAIL) return undefined;
    throw error;
  }
}

const BAIL = { bail: true };
function bail(): never {
  throw BAIL;
}

interface Block {
  kind: 'heading' | 'other';
  start: number;
  end: number;
  depth: number;
  /** plainText(node) as markdown.ts computes it (whitespace is only significant for headings). */
  plain: string;
  /** Whether the node gives its section content (markdown.ts `hasSubstance`). */
  substance: boolean;
}

interface Item {
  start: number;
  paraStart: number;
  paraEnd: number;
  checked: boolean | null;
  topLevel: boolean;
}

interface Line {
  start: number;
  /** End of the content, before `\r\n` or `\n`. */
  end: number;
  /** Start of the next line (or text.length). */
  next: number;
}

const ATX = /^(#{1,6})(?:[ ]+|$)/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const BULLET = /^([-*+])( +)/;
const ORDERED = /^(\d{1,9})([.)])( +)/;
const THEMATIC = /^(?:(?:-[ ]*){3,}|(?:\*[ ]*){3,}|(?:_[ ]*){3,})$/;
const SETEXT_EQ = /^=+[ ]*$/;
const SETEXT_DASH = /^-+[ ]*$/;
/** Anything that may open a block (or a lazy-line ambiguity) when it starts a continuation line. */
const BLOCKISH = /^(?:#{1,6}(?:[ \t]|$)|`{3,}|~{3,}|>|<|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$|\*[ \t*]*$|_[ \t_]*$|\|)/;
const DELIMITER_LIKE = /^[ \t|:-]+$/;
const EMPTY_ITEM = /^([-*+]|\d{1,9}[.)]) *$/;
const TASK = /^\[([ xX])\] (?=\S)/;
const ENTITY = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const AUTOLINKISH = /www\.|:\/\/|[A-Za-z0-9._+-]@/i;
const ALNUM = /[A-Za-z0-9]/;

class FastScanner {
  private readonly body: Body = emptyBody();
  private readonly blocks: Block[] = [];
  private readonly items: Item[] = [];
  private readonly lineList: Line[] = [];
  /** Code spans seen so far (a paragraph with only a code span still has substance). */
  /** Code spans and images seen so far: inline nodes that give a block substance even without text (as `hasSubstance` in markdown.ts). */
  private codeSpans = 0;
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly bodyOffset: number,
    private readonly lines: LineIndex,
    private readonly options: BodyOptions,
  ) {}

  run(): Body {
    const text = this.text;
    if (text.includes('\0')) bail();
    for (let at = this.bodyOffset; at < text.length; ) {
      const nl = text.indexOf('\n', at);
      const next = nl === -1 ? text.length : nl + 1;
      let end = nl === -1 ? text.length : nl;
      if (end > at && text.charCodeAt(end - 1) === 13) end--;
      const cr = text.indexOf('\r', at);
      if (cr !== -1 && cr < end) bail(); // a lone CR is a line ending to micromark but not to LineIndex
      this.lineList.push({ start: at, end, next });
      at = next;
    }
    this.scanBlocks();
    this.buildSections();
    for (const item of this.items) this.listItem(item);
    return this.body;
  }

  // ---- blocks -------------------------------------------------------------------------------

  private lineText(l: Line): string {
    return this.text.slice(l.start, l.end);
  }

  private isBlank(l: Line): boolean {
    for (let i = l.start; i < l.end; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32) {
        if (c === 9) bail();
        return false;
      }
    }
    return true;
  }

  private indentOf(l: Line): number {
    let i = l.start;
    while (i < l.end && this.text.charCodeAt(i) === 32) i++;
    if (this.text.charCodeAt(i) === 9) bail();
    return i - l.start;
  }

  private scanBlocks(): void {
    const list = this.lineList;
    let paraFirst = -1; // index of the first line of the open top-level paragraph
    let paraLast = -1;
    const closeParagraph = () => {
      if (paraFirst === -1) return;
      const first = list[paraFirst]!;
      const last = list[paraLast]!;
      this.checkParagraphLines(paraFirst, paraLast);
      const spans = this.codeSpans;
      const plain = this.inline(first.start, last.end);
      this.blocks.push({ kind: 'other', start: first.start, end: last.end, depth: 0, plain, substance: plain.trim() !== '' || this.codeSpans > spans });
      paraFirst = -1;
    };
    let i = 0;
    while (i < list.length) {
      const l = list[i]!;
      if (this.isBlank(l)) {
        closeParagraph();
        i++;
        continue;
      }
      const s = this.lineText(l);
      const indent = this.indentOf(l);
      if (indent > 0) {
        // Only a paragraph continuation may be indented here (indented code and indented blocks are not handled).
        if (paraFirst === -1) bail();
        this.checkContinuation(s.slice(indent));
        paraLast = i++;
        continue;
      }
      if (ATX.test(s)) {
        closeParagraph();
        this.atxHeading(l, s);
        i++;
        continue;
      }
      const fence = FENCE.exec(s);
      if (fence) {
        closeParagraph();
        i = this.fencedCode(i, fence[1]!, fence[2]!);
        continue;
      }
      if (s.startsWith('<')) {
        if (s.startsWith('<!--') && !s.startsWith('<!-->') && !s.startsWith('<!--->')) {
          closeParagraph();
          i = this.htmlComment(i);
          continue;
        }
        if (/^<[A-Za-z/!?]/.test(s)) bail();
      }
      if (s.startsWith('>')) {
        if (paraFirst !== -1) bail(); // a quote interrupting a paragraph
        i = this.blockQuote(i);
        continue;
      }
      if (paraFirst !== -1 && (SETEXT_EQ.test(s) || SETEXT_DASH.test(s))) {
        if (paraFirst !== paraLast) bail(); // multi-line setext headings are left to remark
        const first = list[paraFirst]!;
        this.checkParagraphLines(paraFirst, paraLast);
        this.pushHeading(first.start, l.end, s.startsWith('=') ? 1 : 2, first.start, first.end);
        paraFirst = -1;
        i++;
        continue;
      }
      if (THEMATIC.test(s)) {
        closeParagraph();
        this.blocks.push({ kind: 'other', start: l.start, end: l.end, depth: 0, plain: '', substance: false });
        i++;
        continue;
      }
      const bullet = BULLET.exec(s);
      const ordered = bullet ? null : ORDERED.exec(s);
      if (bullet || ordered || EMPTY_ITEM.test(s)) {
        // Only a non-empty bullet or an ordered item starting at 1 may interrupt a paragraph; keep it simple.
        if (paraFirst !== -1 && (ordered ? ordered[1] !== '1' : !bullet)) bail();
        if (paraFirst !== -1 && EMPTY_ITEM.test(s)) bail(); // an empty item cannot interrupt a paragraph
        closeParagraph();
        i = this.list(i);
        continue;
      }
      if (s.startsWith('|') && i + 1 < list.length && DELIMITER_LIKE.test(this.lineText(list[i + 1]!))) {
        if (paraFirst !== -1) bail(); // a table interrupting a paragraph
        i = this.table(i);
        continue;
      }
      if (paraFirst === -1) {
        paraFirst = i;
      } else {
        this.checkContinuation(s);
      }
      paraLast = i++;
    }
    closeParagraph();
  }

  /**
   * A block quote of one-line paragraphs (`> Error: CUDA out of memory`), separated by `>` lines, ended
   * by a blank line or a heading. Anything else in it — a paragraph over several lines, a lazy
   * continuation line, a list, a heading, code, a nested quote, indentation — is left to remark.
   */
  private blockQuote(i: number): number {
    const list = this.lineList;
    const plains: string[] = [];
    let substance = false;
    let previousWasText = false;
    let k = i;
    for (; k < list.length; k++) {
      const l = list[k]!;
      const s = this.lineText(l);
      if (!s.startsWith('>')) {
        if (this.isBlank(l) || ATX.test(s)) break;
        bail();
      }
      let c = l.start + 1;
      if (this.text.charCodeAt(c) === 32) c++;
      const content = this.text.slice(c, l.end);
      if (content.trim() === '') {
        previousWasText = false;
        continue;
      }
      if (previousWasText || content.startsWith(' ') || BLOCKISH.test(content) || DELIMITER_LIKE.test(content)) bail();
      const spans = this.codeSpans;
      const plain = this.inline(c, l.end);
      plains.push(plain);
      substance ||= plain.trim() !== '' || this.codeSpans > spans;
      previousWasText = true;
    }
    this.blocks.push({ kind: 'other', start: list[i]!.start, end: list[k - 1]!.end, depth: 0, plain: plains.join(' '), substance });
    return k;
  }

  /** A paragraph line after the first: anything that could open a block or a table is left to remark. */
  private checkContinuation(content: string): void {
    if (BLOCKISH.test(content)) bail();
    if (DELIMITER_LIKE.test(content) && /[|:]/.test(content)) bail();
  }

  /** Hard line breaks (two trailing spaces) change the plain text; leave them to remark. */
  private checkParagraphLines(first: number, last: number): void {
    for (let k = first; k < last; k++) {
      const l = this.lineList[k]!;
      if (l.end - l.start >= 2 && this.text.charCodeAt(l.end - 1) === 32 && this.text.charCodeAt(l.end - 2) === 32) bail();
    }
  }

  private atxHeading(l: Line, s: string): void {
    const m = ATX.exec(s)!;
    let contentEnd = l.end;
    while (contentEnd > l.start && this.text.charCodeAt(contentEnd - 1) === 32) contentEnd--;
    const contentStart = l.start + m[0].length;
    if (this.text.charCodeAt(contentEnd - 1) === 35 /* # */) {
      // `## ` being typed is an empty heading (remark agrees: no text, no closing sequence); any other
      // trailing `#` may be a closing sequence, left to remark.
      if (contentEnd === l.start + m[1]!.length) return this.pushHeading(l.start, l.end, m[1]!.length, contentEnd, contentEnd);
      bail();
    }
    if (contentEnd <= contentStart) bail();
    this.pushHeading(l.start, l.end, m[1]!.length, contentStart, contentEnd);
  }

  private pushHeading(start: number, end: number, depth: number, contentStart: number, contentEnd: number): void {
    const plain = this.inline(contentStart, contentEnd);
    this.blocks.push({ kind: 'heading', start, end, depth, plain, substance: true });
  }

  private fencedCode(i: number, fence: string, info: string): number {
    if (fence[0] === '`' && info.includes('`')) bail();
    const list = this.lineList;
    const start = list[i]!.start;
    const char = fence[0]!;
    for (let k = i + 1; k < list.length; k++) {
      const s = this.lineText(list[k]!);
      const t = s.replace(/^ {0,3}/, '');
      if (t[0] === char) {
        let n = 0;
        while (t[n] === char) n++;
        if (n >= fence.length && /^[ \t]*$/.test(t.slice(n))) {
          this.body.excluded.push([start, list[k]!.end]);
          this.blocks.push({ kind: 'other', start, end: list[k]!.end, depth: 0, plain: '', substance: true });
          return k + 1;
        }
      }
    }
    // Unclosed: the code runs to the end of the document.
    this.body.excluded.push([start, this.text.length]);
    this.blocks.push({ kind: 'other', start, end: this.text.length, depth: 0, plain: '', substance: true });
    return list.length;
  }

  private htmlComment(i: number): number {
    const list = this.lineList;
    const start = list[i]!.start;
    const close = this.text.indexOf('-->', start + 4);
    if (close === -1) bail();
    let k = i;
    while (list[k]!.next <= close) k++;
    const end = list[k]!.end;
    const value = this.text.slice(start, end);
    this.body.excluded.push([start, end]);
    this.blocks.push({ kind: 'other', start, end, depth: 0, plain: '', substance: !/^\s*<!--[\s\S]*-->\s*$/.test(value) });
    return k + 1;
  }

  private table(i: number): number {
    const list = this.lineList;
    const header = this.rowCells(list[i]!);
    const delimiter = this.rowCells(list[i + 1]!);
    if (!header || !delimiter || header.length !== delimiter.length) bail();
    for (const [a, b] of delimiter) if (!/^ *:?-+:? *$/.test(this.text.slice(a, b))) bail();
    const rows: [number, number][][] = [header];
    let k = i + 2;
    for (; k < list.length; k++) {
      const l = list[k]!;
      if (this.isBlank(l)) break;
      const cells = this.rowCells(l);
      if (!cells || cells.length !== header.length) bail();
      rows.push(cells);
    }
    const plains: string[] = [];
    for (const row of rows) {
      plains.push(
        row
          .map(([a, b]) => {
            let s = a;
            let e = b;
            while (s < e && this.text.charCodeAt(s) === 32) s++;
            while (e > s && this.text.charCodeAt(e - 1) === 32) e--;
            return s < e ? this.inline(s, e) : '';
          })
          .join(' '),
      );
    }
    this.blocks.push({ kind: 'other', start: list[i]!.start, end: list[k - 1]!.end, depth: 0, plain: plains.join(' '), substance: true });
    return k;
  }

  /** Cell ranges of a `| a | b |` row (leading and trailing pipe required), or undefined. */
  private rowCells(l: Line): [number, number][] | undefined {
    let end = l.end;
    while (end > l.start && this.text.charCodeAt(end - 1) === 32) end--;
    if (this.text.charCodeAt(l.start) !== 124 || end - l.start < 2 || this.text.charCodeAt(end - 1) !== 124) return undefined;
    const cells: [number, number][] = [];
    let from = l.start + 1;
    for (let p = from; p < end; p++) {
      if (this.text.charCodeAt(p) === 124) {
        cells.push([from, p]);
        from = p + 1;
      }
    }
    return cells;
  }

  /** A list starting at line `i` (column 0), one nesting level, one paragraph per item. Returns the next line. */
  private list(i: number): number {
    const list = this.lineList;
    const plains: string[] = [];
    const spans = this.codeSpans;
    let k = i;
    let current: Item | undefined;
    let currentFirst = k;
    let width = 0;
    let nestedWidth = -1;
    const open = (at: number, indent: number) => {
      const started = this.itemStart(list[at]!, indent, indent === 0);
      if (!started.item) {
        // What follows an empty item must be a blank line, the end, or the next item: anything else
        // (its content on the next lines, or a paragraph right after it) is left to remark.
        const next = list[at + 1];
        if (next && !this.isBlank(next) && !(this.indentOf(next) === 0 && isListMarker(this.lineText(next)) && !THEMATIC.test(this.lineText(next)))) bail();
      }
      current = started.item;
      currentFirst = at;
      if (indent === 0) {
        width = started.width;
        nestedWidth = -1;
      } else nestedWidth = indent + started.width;
    };
    const finish = () => {
      if (!current) {
        plains.push('');
        return;
      }
      this.checkParagraphLines(currentFirst, k - 1);
      current.paraEnd = list[k - 1]!.end;
      // An autolink literal in a task item's text keeps remark from moving the paragraph past the checkbox.
      if (current.checked !== null && AUTOLINKISH.test(this.text.slice(current.paraStart, current.paraEnd))) bail();
      plains.push(this.inline(current.paraStart, current.paraEnd));
    };
    open(k++, 0);
    for (;;) {
      if (k >= list.length) {
        finish();
        break;
      }
      const l = list[k]!;
      if (this.isBlank(l)) {
        finish();
        let n = k + 1;
        while (n < list.length && this.isBlank(list[n]!)) n++;
        k = n;
        if (n >= list.length) break;
        const s = this.lineText(list[n]!);
        const indent = this.indentOf(list[n]!);
        if (indent > 0) bail(); // a second block inside an item, or indented code
        if (isListMarker(s) && !THEMATIC.test(s)) {
          open(k++, 0);
          continue;
        }
        break;
      }
      const indent = this.indentOf(l);
      const s = this.lineText(l);
      const content = s.slice(indent);
      if (indent === 0) {
        if (isListMarker(s) && !THEMATIC.test(s)) {
          finish();
          open(k++, 0);
          continue;
        }
        if (SETEXT_DASH.test(s) || SETEXT_EQ.test(s)) bail(); // lazy line vs thematic break
        if (ATX.test(s) || FENCE.test(s) || THEMATIC.test(s) || (s.startsWith('<!--') && !s.startsWith('<!-->') && !s.startsWith('<!--->'))) {
          finish();
          break;
        }
        this.checkContinuation(content);
        k++;
        continue;
      }
      if (isListMarker(content)) {
        if (indent < width || indent > width + 3) bail();
        if (nestedWidth !== -1 && indent >= nestedWidth) bail(); // deeper than one level
        // The first nested item interrupts the item's paragraph: an ordered one must start at 1.
        if (nestedWidth === -1 && /^\d/.test(content) && !/^0*1[.)]/.test(content)) bail();
        finish();
        open(k++, indent);
        continue;
      }
      this.checkContinuation(content);
      k++;
    }
    const substance = plains.some((p) => p.trim() !== '') || this.codeSpans > spans;
    this.blocks.push({ kind: 'other', start: list[i]!.start, end: list[k - 1]!.end, depth: 0, plain: plains.join(' '), substance });
    return k;
  }

  /** Parses an item's marker line; records the item. */
  private itemStart(l: Line, indent: number, topLevel: boolean): { item: Item | undefined; width: number } {
    const s = this.text.slice(l.start + indent, l.end);
    const bare = EMPTY_ITEM.exec(s);
    if (bare) {
      // An empty item (`- ` being typed): no paragraph, so no lesson or action item; top level only.
      if (!topLevel) bail();
      return { item: undefined, width: bare[1]!.length + 1 };
    }
    const m = BULLET.exec(s) ?? ORDERED.exec(s);
    if (!m) bail(); // empty item
    const spaces = m[m.length - 1]!.length;
    if (spaces > 4) bail(); // indented code inside the item
    const width = m[0].length;
    const rest = s.slice(width);
    if (!rest.trim()) bail();
    if (BLOCKISH.test(rest)) bail();
    const start = l.start + indent;
    let paraStart = start + width;
    let checked: boolean | null = null;
    const task = TASK.exec(rest);
    if (task) {
      checked = task[1] !== ' ';
      paraStart += 4;
      if (BLOCKISH.test(rest.slice(4))) bail();

    } else if (/^\[[ xX]\]/.test(rest)) bail();
    const item: Item = { start, paraStart, paraEnd: paraStart, checked, topLevel };
    this.items.push(item);
    return { item, width };
  }

  // ---- sections, as BodyWalker.walk builds them ---------------------------------------------------

  private buildSections(): void {
    const blocks = this.blocks;
    const slugger = new GithubSlugger();
    for (let h = 0; h < blocks.length; h++) {
      const node = blocks[h]!;
      if (node.kind !== 'heading') continue;
      let endIndex = blocks.length;
      for (let n = h + 1; n < blocks.length; n++) {
        if (blocks[n]!.kind === 'heading' && blocks[n]!.depth <= node.depth) {
          endIndex = n;
          break;
        }
      }
      const start = node.end;
      const end = endIndex < blocks.length ? blocks[endIndex]!.start : this.text.length;
      const title = node.plain.trim();
      const contentNodes = blocks.slice(h + 1, endIndex);
      const headingStart = node.start;
      // As markdown.ts: a setext heading spans its text line and the underline.
      const setext = this.lines.positionAt(node.end).line > this.lines.positionAt(headingStart).line;
      this.body.sections.push({
        title,
        key: sectionKey(title),
        level: node.depth,
        setext,
        headingRange: this.lines.rangeOf(headingStart, trimEnd(this.text, node.end)),
        contentStart: start,
        contentEnd: end,
        text: contentNodes
          .map((c) => c.plain)
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
        hasContent: contentNodes.some((c) => c.substance),
      });
      this.body.headingSlugs.push(slugger.slug(title));
    }
  }

  private sectionAt(offset: number): number {
    let found = -1;
    for (let i = 0; i < this.body.sections.length; i++) {
      const s = this.body.sections[i]!;
      if (s.contentStart <= offset && offset < s.contentEnd) found = i;
    }
    return found;
  }

  // ---- list items, as BodyWalker.visitListItem reads them ------------------------------------------

  private listItem(item: Item): void {
    const { text, lines, options } = this;
    const section = this.sectionAt(item.start);
    const sectionKeyHere = section >= 0 ? this.body.sections[section]!.key : '';
    const paraStart = item.paraStart;
    const paraEnd = item.paraEnd;
    const raw = text.slice(paraStart, paraEnd);
    const nl = text.indexOf('\n', paraStart);
    const firstLineEnd = nl === -1 || nl > paraEnd ? paraEnd : nl;
    const firstLine = text.slice(paraStart, firstLineEnd);
    const range = lines.rangeOf(item.start, trimEnd(text, firstLineEnd));
    const plainItem = item.checked === null;

    const lesson = LESSON_ID.exec(raw);
    if (lesson) {
      const id = lesson[1]!;
      this.body.lessons.push({
        id,
        text: raw.slice(lesson[0].length).replace(/\s+/g, ' ').trim(),
        range,
        idRange: lines.rangeOf(paraStart + 1, paraStart + 1 + id.length),
        section,
      });
    } else {
      const like = plainItem ? LESSON_ID_LIKE.exec(raw) : null;
      if (like) {
        this.body.malformedLessons.push({
          raw: like[0],
          range: lines.rangeOf(paraStart, paraStart + like[0].length),
          suggestion: suggestLessonId(like[0]),
        });
      } else if (options.lessonSections.has(sectionKeyHere) && item.topLevel && plainItem) {
        this.body.unidentifiedLessons.push({ text: raw.replace(/\s+/g, ' ').trim(), range, insertAt: lines.rangeOf(paraStart, paraStart) });
      }
    }

    const isTask = !plainItem;
    if (isTask || (item.topLevel && options.actionItemSections.has(sectionKeyHere))) {
      const owner = OWNER.exec(raw);
      const due = DUE.exec(raw);
      const dueStart = due ? paraStart + due.index : 0;
      this.body.actionItems.push({
        text: firstLine.replace(/\s+/g, ' ').trim(),
        checked: isTask ? item.checked === true : undefined,
        owner: owner ? owner[1] : undefined,
        due: due ? due[1] : undefined,
        dueRange: due ? lines.rangeOf(dueStart, dueStart + due[0].length) : undefined,
        range,
        section,
      });
    }
  }

  // ---- inline content -----------------------------------------------------------------------------

  /**
   * Reads inline content in [start, end): records code spans (excluded), links and `[[refs]]` of the text
   * nodes, and returns the concatenated text values (code left out, emphasis markers and link syntax
   * removed). Bails on any construct whose parse is not certain.
   */
  private inline(start: number, end: number): string {
    const text = this.text;
    const s = text.slice(start, end);
    if (s.includes('\\') || s.includes('[^') || s.includes('~') || s.includes(']:') || s.includes('\t')) bail();
    if (/<[A-Za-z/!?]/.test(s) || (s.includes('&') && ENTITY.test(s))) bail();

    // 1. Code spans (they bind tighter than everything else we accept).
    const codes: [number, number][] = [];
    for (let i = 0; i < s.length; ) {
      if (s.charCodeAt(i) !== 96) {
        i++;
        continue;
      }
      let n = 0;
      while (s.charCodeAt(i + n) === 96) n++;
      let j = i + n;
      let close = -1;
      while (j < s.length) {
        if (s.charCodeAt(j) === 96) {
          let m = 0;
          while (s.charCodeAt(j + m) === 96) m++;
          if (m === n) {
            close = j;
            break;
          }
          j += m;
        } else j++;
      }
      if (close === -1) {
        i += n; // a literal run of backticks
        continue;
      }
      codes.push([i, close + n]);
      this.codeSpans++;
      i = close + n;
    }

    // 2. Links and emphasis inside the stretches between code spans. Each stretch yields text nodes.
    let plain = '';
    let from = 0;
    const stretches: [number, number][] = [];
    for (const [a, b] of codes) {
      stretches.push([from, a]);
      from = b;
    }
    stretches.push([from, s.length]);
    let codeIndex = 0;
    for (let k = 0; k < stretches.length; k++) {
      const [a, b] = stretches[k]!;
      plain += this.stretch(s, a, b, start);
      if (k < codes.length) {
        const [ca, cb] = codes[codeIndex++]!;
        this.body.excluded.push([start + ca, start + cb]);
      }
    }
    return plain;
  }

  /** Text between code spans: finds links and simple emphasis pairs, records text nodes, returns plain text. */
  private stretch(s: string, a: number, b: number, base: number): string {
    // Links `[text](dest)` / `[text](dest "title")`.
    // Images `![alt](dest)` take the same shape: remark gives them no text, no link and no reference.
    const pieces: { kind: 'text' | 'link' | 'image'; a: number; b: number; url?: string; end?: number }[] = [];
    let from = a;
    let search = a;
    for (;;) {
      const close = s.indexOf('](', search);
      if (close === -1 || close >= b) break;
      const open = s.lastIndexOf('[', close);
      if (open < from || s.lastIndexOf(']', close - 1) > open) bail();
      const label = s.slice(open + 1, close);
      if (/[[\]*`\n\r]/.test(label) || AUTOLINKISH.test(label) || hasEmphasisUnderscore(label)) bail();
      const p = close + 2;
      let q = p;
      while (q < b && s[q] !== ')' && s[q] !== ' ' && s[q] !== '\n' && s[q] !== '\r') q++;
      const url = s.slice(p, q);
      if (/[()<>`\s"']/.test(url) || url.startsWith('*') || url.startsWith('_')) bail();
      if (s[q] === ' ') {
        const title = /^ "([^"\n\r]*)"\)/.exec(s.slice(q, b));
        if (!title) bail();
        q += title[0].length - 1;
      }
      if (s[q] !== ')') bail();
      const image = open - 1 >= from && s[open - 1] === '!';
      const textEnd = image ? open - 1 : open;
      if (textEnd > from) pieces.push({ kind: 'text', a: from, b: textEnd });
      pieces.push({ kind: image ? 'image' : 'link', a: open + 1, b: close, url, end: q + 1 });
      from = q + 1;
      search = from;
    }
    if (from < b) pieces.push({ kind: 'text', a: from, b });

    let plain = '';
    for (const piece of pieces) {
      if (piece.kind === 'image') {
        this.codeSpans++;
        continue;
      }
      if (piece.kind === 'link') {
        this.recordLink(piece.url!, base + piece.a - 1, base + piece.end!);
        // As markdown.ts: the destination after the link text is excluded from the prose rules.
        if (piece.b > piece.a) this.body.excluded.push([base + piece.b, base + piece.end!]);
        if (piece.b > piece.a) this.scanReferences(base + piece.a, base + piece.b);
        plain += s.slice(piece.a, piece.b);
      } else {
        plain += this.emphasis(s, piece.a, piece.b, base);
      }
    }
    return plain;
  }

  /** Plain text with simple `*a*` / `**a**` pairs; `_` only inside words. Records text nodes. */
  private emphasis(s: string, a: number, b: number, base: number): string {
    const piece = s.slice(a, b);
    if (hasEmphasisUnderscore(piece, a > 0 ? s[a - 1] : undefined, s[b])) bail();
    // A GFM autolink literal (www., scheme://, e-mail) swallows backticks, asterisks and brackets that
    // touch it; leave such words to remark.
    if (AUTOLINKISH.test(piece)) {
      const all = new RegExp(AUTOLINKISH.source, 'gi');
      for (let m = all.exec(piece); m; m = all.exec(piece)) {
        let l = a + m.index;
        let r = l;
        while (l > 0 && !/\s/.test(s[l - 1]!)) l--;
        while (r < s.length && !/\s/.test(s[r]!)) r++;
        if (/[`*[\]]/.test(s.slice(l, r))) bail();
      }
    }
    const runs: { at: number; n: number; open: boolean }[] = [];
    for (let i = a; i < b; ) {
      if (s[i] !== '*') {
        i++;
        continue;
      }
      let n = 0;
      while (s[i + n] === '*') n++;
      const prev = i > 0 ? s[i - 1] : undefined;
      const next = s[i + n];
      const prevSpace = prev === undefined || prev === ' ' || prev === '\n' || prev === '\r';
      const nextSpace = next === undefined || next === ' ' || next === '\n' || next === '\r';
      if (i === a && a > 0) bail(); // right after a code span or link: flanking depends on the neighbour
      if (i + n === b && b < s.length) bail();
      if (prevSpace && nextSpace) {
        i += n; // literal
        continue;
      }
      if (n > 2) bail();
      if (prevSpace && ALNUM.test(next!)) runs.push({ at: i, n, open: true });
      else if (prev !== undefined && ALNUM.test(prev) && (nextSpace || '.,;:!?)'.includes(next!))) runs.push({ at: i, n, open: false });
      else bail();
      i += n;
    }
    if (runs.length % 2 !== 0) bail();
    let plain = '';
    let from = a;
    for (let r = 0; r < runs.length; r += 2) {
      const o = runs[r]!;
      const c = runs[r + 1]!;
      if (!o.open || c.open || o.n !== c.n) bail();
      const inner = s.slice(o.at + o.n, c.at);
      if (/[[\]\n\r]/.test(inner) || AUTOLINKISH.test(inner)) bail();
      this.textNode(s, from, o.at, base);
      this.textNode(s, o.at + o.n, c.at, base);
      plain += s.slice(from, o.at) + inner;
      from = c.at + c.n;
    }
    this.textNode(s, from, b, base);
    plain += s.slice(from, b);
    return plain;
  }

  private textNode(s: string, a: number, b: number, base: number): void {
    if (b <= a) return;
    const slice = s.slice(a, b);
    if (!slice.includes('[[')) return;
    // Autolink literals would split the text node and could cut a reference.
    if (AUTOLINKISH.test(slice)) bail();
    this.scanReferences(base + a, base + b);
  }

  private scanReferences(start: number, end: number): void {
    pushWikiReferences(this.body.references, this.text, start, end, this.lines);
  }

  private recordLink(url: string, start: number, end: number): void {
    const link = relativeLink(url, start, end, this.lines);
    if (link) this.body.links.push(link);
  }
}

function isListMarker(s: string): boolean {
  return /^(?:[-*+]|\d{1,9}[.)])(?: |$)/.test(s);
}

/** True when `_` appears anywhere but between two ASCII letters or digits. */
function hasEmphasisUnderscore(s: string, before?: string, after?: string): boolean {
  for (let i = s.indexOf('_'); i !== -1; i = s.indexOf('_', i + 1)) {
    const prev = i > 0 ? s[i - 1] : before;
    const next = i + 1 < s.length ? s[i + 1] : after;
    if (prev === undefined || next === undefined || !ALNUM.test(prev) || !ALNUM.test(next)) return true;
  }
  return false;
}
