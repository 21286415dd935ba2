import matter from 'gray-matter';
import { isMap, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node as YamlNode, type Pair } from 'yaml';
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

/** `---`, optionally followed by a language word (`---js`); `----` is a thematic break, not front matter. */
const OPEN = /^---((?:[ \t]*[A-Za-z_][A-Za-z0-9_-]*)?)[ \t]*\r?$/;
const CLOSE = /^(---|\.\.\.)[ \t]*\r?$/;

/** Languages after the opening fence that are read as YAML; every other one is refused before gray-matter sees it. */
const YAML_LANGUAGES = new Set(['', 'yaml', 'yml']);
const LANGUAGE_NAMES: Record<string, string> = {
  js: 'JavaScript',
  javascript: 'JavaScript',
  coffee: 'CoffeeScript',
  coffeescript: 'CoffeeScript',
  cson: 'CoffeeScript',
  json: 'JSON',
  toml: 'TOML',
};
/** Alias expansion limit handed to the yaml library: enough for real notes, far below an alias bomb. */
const MAX_ALIAS_COUNT = 100;
/** Later YAML errors are mostly consequences of the first ones; a pathological block must not flood the editor. */
const MAX_YAML_DIAGNOSTICS = 5;

class UnsupportedLanguage extends Error {}

/** Engines for every non-YAML form gray-matter knows, so that even a call that slipped past the language check cannot evaluate code. */
function refuse(language: string) {
  return () => {
    throw new UnsupportedLanguage(language);
  };
}

/**
 * Finds and parses the YAML front matter. The fences are found line by line so that every position is
 * exact; gray-matter runs the YAML engine (the `yaml` library, which keeps source ranges, rejects
 * duplicate keys and limits alias expansion) on exactly the text between the fences. Front matter in
 * any other language (`---js`, `---coffee`, …) is reported and never handed to an engine. gray-matter is
 * always called with options, which keeps it from caching results.
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
  const empty = (doc: Document | undefined): FrontMatter => ({ range, yamlOffset, yamlBase: yamlOffset, bodyOffset, data: {}, fields: new Map(), doc });

  if (!YAML_LANGUAGES.has(language)) {
    const name = Object.hasOwn(LANGUAGE_NAMES, language) ? LANGUAGE_NAMES[language] : `"${(open[1] ?? '').trim()}"`;
    diagnostics.push({
      code: 'frontmatter-language',
      severity: 'error',
      message: `Front matter in ${name} form is not read (and never executed); write it as YAML between \`---\` lines.`,
      range: openRange,
    });
    return { frontMatter: empty(undefined), bodyOffset, diagnostics };
  }

  // The engine parses exactly the text between the fences (not the string gray-matter hands it), so the
  // YAML document's ranges are offsets from `yamlOffset`, whatever gray-matter does with delimiters.
  let doc: Document | undefined;
  let value: unknown;
  let toJsError: Error | undefined;
  const parseYaml = (): void => {
    doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) return;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
    } catch (error) {
      toJsError = error instanceof Error ? error : new Error(String(error));
    }
  };
  try {
    matter(`---\n${yamlText}\n---\n`, {
      engines: {
        yaml: () => {
          parseYaml();
          return {};
        },
        json: refuse('JSON'),
        javascript: refuse('JavaScript'),
        coffee: refuse('CoffeeScript'),
        toml: refuse('TOML'),
      },
    });
  } catch {
    // Only the refusing engines throw, and they cannot be reached with a plain `---` fence.
  }
  // gray-matter skips the engine for a block holding only blank lines and comments.
  if (!doc) parseYaml();
  const currentDoc = doc as Document | undefined;

  if (currentDoc && currentDoc.errors.length > 0) {
    const seen = new Set<string>();
    for (const err of currentDoc.errors) {
      const r = yamlErrorRange(text, lines, yamlOffset, yamlText, err.code, err.pos);
      const message = `Invalid YAML in front matter: ${firstLineOf(err.message)}`;
      const key = `${r.start.line}:${r.start.character}:${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      diagnostics.push({ code: 'frontmatter-yaml', severity: 'error', message, range: r });
      if (diagnostics.length >= MAX_YAML_DIAGNOSTICS) break;
    }
    return { frontMatter: empty(currentDoc), bodyOffset, diagnostics };
  }
  if (toJsError) {
    // The yaml library throws while resolving aliases: an alias bomb ("excessive alias count") or an alias to no anchor.
    const alias = currentDoc ? firstAlias(currentDoc) : undefined;
    const at = alias?.range ? lines.rangeOf(yamlOffset + alias.range[0], yamlOffset + alias.range[1]) : openRange;
    const message = /alias count/i.test(toJsError.message)
      ? `Front matter expands YAML aliases more than ${MAX_ALIAS_COUNT} times; write the values out instead.`
      : `Invalid YAML in front matter: ${firstLineOf(toJsError.message)}`;
    diagnostics.push({ code: 'frontmatter-yaml', severity: 'error', message, range: at });
    return { frontMatter: empty(currentDoc), bodyOffset, diagnostics };
  }
  let data: Record<string, unknown> = {};
  if (value === null || value === undefined) {
    data = {}; // an empty block, or one holding only comments
  } else if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    data = value as Record<string, unknown>;
  } else {
    const contents = currentDoc?.contents;
    diagnostics.push({
      code: 'frontmatter-yaml',
      severity: 'error',
      message: 'Front matter must be a mapping of `key: value` fields.',
      range: contents?.range ? lines.rangeOf(yamlOffset + contents.range[0], yamlOffset + Math.min(contents.range[1], yamlText.trimEnd().length)) : range,
    });
    return { frontMatter: empty(currentDoc), bodyOffset, diagnostics };
  }

  const fields = currentDoc ? collectFields(currentDoc, yamlOffset, lines) : new Map<string, FieldRange>();
  return { frontMatter: { range, yamlOffset, yamlBase: yamlOffset, bodyOffset, data, fields, doc: currentDoc }, bodyOffset, diagnostics };
}

/**
 * Where a YAML error is shown. The yaml library's offsets are relative to the block; an error found at
 * the end of the block (an unterminated quote or bracket) points past the last character, which would be
 * an invisible zero-width range on the closing fence: it is moved onto the last non-blank line instead.
 * A duplicate key is underlined whole.
 */
function yamlErrorRange(text: string, lines: LineIndex, yamlOffset: number, yamlText: string, code: string, pos: [number, number]): Range {
  const contentEnd = yamlOffset + yamlText.trimEnd().length;
  let start = yamlOffset + Math.max(0, pos[0]);
  let end = yamlOffset + Math.max(pos[1], pos[0]);
  if (contentEnd <= yamlOffset) return lines.rangeOf(yamlOffset, yamlOffset);
  if (start >= contentEnd) {
    const lastLine = lines.positionAt(contentEnd - 1).line;
    const lineStart = lines.lineStart(lastLine);
    const indent = /^[ \t]*/.exec(text.slice(lineStart, contentEnd))![0].length;
    return lines.rangeOf(lineStart + indent, lines.lineEnd(lastLine));
  }
  // An error on a line break belongs to the end of the line before it.
  while (start > yamlOffset && (text[start] === '\n' || text[start] === '\r')) start--;
  end = Math.min(Math.max(end, start + 1), contentEnd);
  if (code === 'DUPLICATE_KEY') {
    const lineEnd = lines.lineEnd(lines.positionAt(start).line);
    const colon = text.slice(start, lineEnd).search(/:(?:[ \t]|$)/);
    if (colon > 0) end = start + text.slice(start, start + colon).trimEnd().length;
  }
  return lines.rangeOf(start, Math.max(end, start + 1));
}

function firstAlias(doc: Document): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
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
