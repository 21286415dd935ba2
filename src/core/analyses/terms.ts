/**
 * Terms for similarity: lower-cased words of three or more letters, stop words dropped, plurals folded.
 * The same function feeds the related-failures search and the repeat-failure similarity, so both
 * explain themselves in the same words.
 */
const STOP_WORDS = new Set(
  (
    'the and for with that this from were was are but not have has had into onto our out over under than then them they their there these those which while when what where who why how all any can could did does doing done each few more most other some such only own same very just also about after again against before being below between both during further here itself once should would will shall may might must its it’s into upon via per yes too use used using new one two three get got make made like well need needs needed ' +
    'tbd todo none n/a see also etc e.g i.e lesson lessons note notes experiment experiments postmortem root cause result results approach hypothesis outcome next step steps what happened went team action item items'
  ).split(/\s+/),
);

export function terms(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 3 || /^\d+$/.test(raw) || STOP_WORDS.has(raw)) continue;
    out.push(fold(raw));
  }
  return out;
}

/** A light plural fold (`latencies` → `latency`, `features` → `feature`), not a full stemmer: terms stay readable in explanations. */
export function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}
