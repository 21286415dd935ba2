import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { stripBom } from '../../../src/core/decode';
import { fastExtractBody } from '../../../src/core/fastExtract';
import { parseFrontMatter } from '../../../src/core/frontMatter';
import { extractBody, type Body, type BodyOptions } from '../../../src/core/markdown';
import { parseContext } from '../../../src/core/parse';
import { LineIndex } from '../../../src/core/text';

export interface Comparison {
  fast: Body | undefined;
  /** undefined when extractBody itself threw (a bug outside the fast path; see `slowError`). */
  slow: Body | undefined;
  slowError: unknown;
  equal: boolean;
}

const NONE: BodyOptions = { actionItemSections: new Set(), lessonSections: new Set() };

/** Runs both extractors on one file the way parseNote prepares it. */
export function compareExtractors(rawText: string, type: string | undefined): Comparison {
  const text = stripBom(rawText);
  const lines = new LineIndex(text);
  const { bodyOffset } = parseFrontMatter(text, lines);
  const options = (type && parseContext(DEFAULT_CONFIG).bodyOptions.get(type)) || NONE;
  const fast = fastExtractBody(text, bodyOffset, lines, options);
  try {
    const slow = extractBody(text, bodyOffset, lines, options);
    return { fast, slow, slowError: undefined, equal: fast === undefined || isDeepStrictEqual(fast, slow) };
  } catch (error) {
    return { fast, slow: undefined, slowError: error, equal: false };
  }
}
