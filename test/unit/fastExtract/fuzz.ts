import { createRandom, type Random } from '../../../bench/corpus';

/** Markdown constructs (whole and broken) that the fuzzer inserts; each one something the fast path must parse exactly or refuse. */
export const SNIPPETS = [
  '\n', '\n\n', '# H\n', '## \n', '##\n', '#\n', '## #\n', '## x ##\n', '##  \n', '## Results\n', '## Lessons Learned\n', '## Action Items\n', '### Deep\n', 'Title\n===\n', 'Sub\n---\n', '---\n', '***\n', '- - -\n',
  '- item\n', '* star item\n', '+ plus item\n', '- [ ] task @bob due: 2024-01-01\n', '- [x] done @eve\n', '- [X]  two spaces\n', '- [ ]\n', '-\n', '- \n', '* \n', '2. \n', '1.\n', '- \n  indented\n', '  - nested\n',
  '    - deeper\n', '  continuation\n', '1. one\n', '2) two\n', '10. ten\n', '- [L-7] a lesson\n', '- [L 8] malformed\n', '- [l-9]: def\n', 'lazy line\n',
  '```\ncode\n```\n', '```py\n## not heading\n```\n', '```', '~~~\n', '````\n', '<!-- c -->\n', '<!--\n', '-->', '<!-->', '<div>\n', '</div>\n', '> quote\n', '>\n', '> a\n>\n> b `c` [[EXP-1]]\n', '>b\n', '> - x\n', '> # h\n', '>  two\n', '> > n\n', '> [L-3] quoted\n', '> x\n## After\n',
  '    indented\n', '\t tab\n', '| a | b |\n| - | - |\n', '| a | b |\n| --- | :-: |\n| c | d |\n', '| x |', '|---|', 'a | b\n--- | ---\n', '[L-1] ', '[L 2] ',
  '[[EXP-1]]', '[[ PM-2 | alias ]]', '[[L-2|alias `x`]]', '[link](../a.md#h)', '[t](x.md "title")', '[e]()', '[a](<b c>)', '[x]: /url\n', '[x]', '[x][y]',
  '`code`', '``', '` a `', '*', '**', '*em*', '**strong**', ' * ', '_', '__init__', 'snake_case', '~', '~~s~~', '\\', '\\*', '&amp;', '&copy', '<b>', '< 5',
  'http://x.y', 'www.a.com', 'a@b.co', '![img](a.png)', '![](e.png)', '![a *b*](c.png)', '![t](p.png "title")', '![x]', '!', '![[L-1]](a.png)', '[![i](a.png)](b.md)', '[^1]', '[^1]: note\n', '\t', '  ', '  \n', '\r\n', '\r', '#', '|', ':', '-', '[', ']', '(', ')', '"',
  '@', ' due: 2024-02-30', 'TBD', '=', '\u00a0', 'é', '😀', '\u0000', '<', '>', '&', '*a', 'a*', ' **b** ', '[[', ']]',
];

function mutateOnce(rnd: Random, text: string): string {
  const op = rnd.int(0, 6);
  const lines = text.split('\n');
  switch (op) {
    case 0: {
      const at = rnd.int(0, text.length);
      return text.slice(0, at) + rnd.pick(SNIPPETS) + text.slice(at);
    }
    case 1: {
      const line = rnd.int(0, lines.length);
      lines.splice(line, 0, rnd.pick(SNIPPETS).replace(/\n$/, ''));
      return lines.join('\n');
    }
    case 2: {
      const at = rnd.int(0, text.length);
      return text.slice(0, at) + text.slice(at + rnd.int(1, 20));
    }
    case 3:
      lines.splice(rnd.int(0, lines.length - 1), 1);
      return lines.join('\n');
    case 4: {
      const line = rnd.int(0, lines.length - 1);
      lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
    }
    case 5: {
      const a = rnd.int(0, lines.length - 1);
      const b = rnd.int(0, lines.length - 1);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    default: {
      // indent or dedent a line
      const line = rnd.int(0, lines.length - 1);
      lines[line] = rnd.chance(0.5) ? ' '.repeat(rnd.int(1, 5)) + lines[line] : lines[line]!.replace(/^\s+/, '');
      return lines.join('\n');
    }
  }
}

/** A note with 1–5 random mutations. */
export function mutate(rnd: Random, text: string): string {
  let out = text;
  const n = rnd.int(1, 5);
  for (let i = 0; i < n; i++) out = mutateOnce(rnd, out);
  return out;
}

/** A body built from scratch out of random snippets and prose. */
export function randomNote(rnd: Random): string {
  const parts: string[] = [];
  const n = rnd.int(3, 40);
  for (let i = 0; i < n; i++) parts.push(rnd.chance(0.6) ? rnd.pick(SNIPPETS) : rnd.pick(['word ', 'Some prose here. ', 'more text\n', '\n', '- ', '## ', '  ', '`x` ']));
  return parts.join('');
}

export { createRandom };
