import matter from 'gray-matter';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { Diagnostic } from './diagnostics';
import type { LineIndex, Range } from './text';

export interface FrontMatter {
  /** Range of the whole block, fences included. */
  range: Range;
  /** Offset in the file where the YAML text starts (the line after the opening fence). */
  yamlOffset: number;
  /** File offset that the YAML document's own ranges are relative to. */
  yamlBase: number;
  /** Offset just past the closing fence line (where the body starts). */
  bodyOffset: number;
  data: Record<string, unknown>;
  /** Ranges of top-level keys and values, for diagnostics, hover and completion. */
  fields: Map<string, FieldRange>;
  doc: Document | undefined;
}

export interface FieldRange {
  key: Range;
  value: Range | undefined;
  /** Ranges of the items when the value is a list. */
  items: { value: unknown; range: Range }[];
}

export interface FrontMatterResult {
  frontMatter: FrontMatter | undefined;
  /** Offset where the Markdown body starts. */
  bodyOffset: number;
  diagnostics: Diagnostic[];
}

const OPEN = /^---([ \t]*[A-Za-z0-9_-]*)[ \t]*\r?$/;
const CLOSE = /^(---|\.\.\.)[ \t]*\r?$/;

class UnsupportedLanguage extends Error {}

/** gray-matter without its cache (which keys every result by the whole text and never shrinks) and with no engine that evaluates code. */
function refuse(language: string) {
  return () => {
    throw new UnsupportedLanguage(language);
  };
}

/**
 * Finds and parses the YAML front matter. The fences are found line by line so that every position is
 * exact; gray-matter runs the YAML engine (the `yaml` library, which keeps source ranges, rejects
 * duplicate keys and limits alias expansion). Front matter in JavaScript or CoffeeScript form is
 * reported and never evaluated.
 */
export function parseFrontMatter(text: string, lines: LineIndex): FrontMatterResult {
  const diagnostics: Diagnostic[] = [];
  const firstLineEnd = text.indexOf('\n');
  const firstLine = firstLineEnd === -1 ? text : text.slice(0, firstLineEnd);
  const open = OPEN.exec(firstLine);
  if (!open) return { frontMatter: undefined, bodyOffset: 0, diagnostics };

  // Find the closing fence.
  let closeLine = -1;
  for (let line = 1; line < lines.lineCount; line++) {
    if (CLOSE.test(lines.lineText(line))) {
      closeLine = line;
      break;
    }
  }
  const openRange = lines.rangeOf(0, firstLine.replace(/\r$/, '').length);
  if (closeLine === -1) {
    diagnostics.push({
      code: 'frontmatter-unclosed',
      severity: 'error',
      message: 'Front matter is opened with `---` but never closed: add a line with `---` after the last field.',
      range: openRange,
    });
    return { frontMatter: undefined, bodyOffset: firstLineEnd === -1 ? text.length : firstLineEnd + 1, diagnostics };
  }

  const yamlOffset = firstLineEnd + 1;
  const closeStart = lines.lineStart(closeLine);
  const bodyOffset = closeLine + 1 < lines.lineCount ? lines.lineStart(closeLine + 1) : text.length;
  const yamlText = text.slice(yamlOffset, closeStart);
  const range = lines.rangeOf(0, lines.lineEnd(closeLine));
  const language = (open[1] ?? '').trim().toLowerCase();

  let doc: Document | undefined;
  let data: Record<string, unknown> = {};
  // gray-matter hands the engine the text after the fence line, newline included; `base` is the file
  // offset of the engine's first character, so YAML ranges map back to file positions.
  let base = yamlOffset;
  const yamlEngine = (src: string): object => {
    base = yamlOffset - Math.max(0, src.length - yamlText.length);
    doc = parseDocument(src, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) return {};
    const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as object) : { __notAMapping: value };
  };
  try {
    const parsed = matter(`---${open[1] ?? ''}\n${yamlText}\n---\n`, {
      engines: {
        yaml: yamlEngine,
        json: refuse('JSON'),
        javascript: refuse('JavaScript'),
        coffee: refuse('CoffeeScript'),
        toml: refuse('TOML'),
      },
    });
    data = (parsed.data ?? {}) as Record<string, unknown>;
  } catch (error) {
    const unsupported = error instanceof UnsupportedLanguage ? error.message : /engine "([^"]+)"/.exec(String(error))?.[1] ?? language;
    if (error instanceof UnsupportedLanguage || /not registered/.test(String(error))) {
      diagnostics.push({
        code: 'frontmatter-language',
        severity: 'error',
        message: `Front matter in ${unsupported} form is not read (and never executed); write it as YAML between \`---\` lines.`,
        range: openRange,
      });
    } else {
      // The yaml library throws for resource-exhaustion aliases ("excessive alias count") and the like.
      diagnostics.push({
        code: 'frontmatter-yaml',
        severity: 'error',
        message: `Front matter could not be read: ${(error as Error).message}`,
        range,
      });
    }
    return { frontMatter: { range, yamlOffset, yamlBase: yamlOffset, bodyOffset, data: {}, fields: new Map(), doc: undefined }, bodyOffset, diagnostics };
  }

  const currentDoc = doc as Document | undefined;
  if (currentDoc && currentDoc.errors.length > 0) {
    for (const err of currentDoc.errors) {
      const [s, e] = err.pos;
      const start = Math.max(yamlOffset, Math.min(base + s, closeStart));
      const end = Math.max(start + 1, Math.min(base + Math.max(e, s + 1), closeStart));
      diagnostics.push({
        code: 'frontmatter-yaml',
        severity: 'error',
        message: `Invalid YAML in front matter: ${firstLineOf(err.message)}`,
        range: lines.rangeOf(start, Math.min(end, closeStart)),
      });
    }
    data = {};
  } else if ('__notAMapping' in data) {
    diagnostics.push({
      code: 'frontmatter-yaml',
      severity: 'error',
      message: 'Front matter must be a mapping of `key: value` fields.',
      range,
    });
    data = {};
  }

  const fields = currentDoc && currentDoc.errors.length === 0 ? collectFields(currentDoc, base, lines) : new Map<string, FieldRange>();
  return { frontMatter: { range, yamlOffset, yamlBase: base, bodyOffset, data, fields, doc: currentDoc }, bodyOffset, diagnostics };
}

function firstLineOf(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function nodeRange(node: YamlNode | null | undefined, base: number, lines: LineIndex): Range | undefined {
  const r = node?.range;
  if (!r) return undefined;
  return lines.rangeOf(base + r[0], base + r[1]);
}

function collectFields(doc: Document, base: number, lines: LineIndex): Map<string, FieldRange> {
  const fields = new Map<string, FieldRange>();
  if (!isMap(doc.contents)) return fields;
  for (const pair of doc.contents.items as Pair<YamlNode, YamlNode>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) continue;
    const keyRange = nodeRange(pair.key, base, lines);
    if (!keyRange) continue;
    const items: FieldRange['items'] = [];
    if (isSeq(pair.value)) {
      for (const item of pair.value.items as YamlNode[]) {
        const range = nodeRange(item, base, lines);
        if (range) items.push({ value: isScalar(item) ? item.value : item?.toJSON?.(), range });
      }
    }
    fields.set(key, { key: keyRange, value: nodeRange(pair.value, base, lines), items });
  }
  return fields;
}

/**
 * The range of a value (or, failing that, its key) at a path inside the front matter, for schema
 * diagnostics: `['metrics', 'auc']` points at the `auc` value.
 */
export function rangeAtPath(fm: FrontMatter, path: readonly PropertyKey[], lines: LineIndex): Range {
  const doc = fm.doc;
  if (!doc || path.length === 0) return fm.range;
  const top = fm.fields.get(String(path[0]));
  if (path.length === 1 && top) return top.value ?? top.key;
  let node: unknown = doc.contents;
  let keyNode: YamlNode | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = (node.items as Pair<YamlNode, YamlNode>[]).find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key ?? undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = (node.items as YamlNode[])[segment];
      if (!item) break;
      keyNode = undefined;
      node = item;
    } else break;
  }
  return nodeRange(node as YamlNode, fm.yamlBase, lines) ?? nodeRange(keyNode, fm.yamlBase, lines) ?? top?.key ?? fm.range;
}
